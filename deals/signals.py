from django.dispatch import Signal

# Sent after the transaction that changed a deal commits; kwargs: deal_id, action ("open", "message",
# "close"), status, and for a message message_id and recipient_ids (the users notified of it).
# The e-mails follow it; offers, agreements and payments will too.
deal_changed = Signal()
