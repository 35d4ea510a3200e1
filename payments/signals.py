from django.dispatch import Signal

# Sent after the transaction that changed a payment's status commits; kwargs: payment_id, action, status.
# Deals, pool royalty splits and voucher settlements follow their payments through this signal.
payment_changed = Signal()
