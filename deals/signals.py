from django.dispatch import Signal

# Sent after the transaction that changed a deal commits; kwargs: deal_id, action ("open", "message",
# "close", "offer", "withdraw", "agree", "reopen", "sign", "license", "nda_accept"), status, and for a message message_id and
# recipient_ids (the users notified of it). The e-mails follow it.
deal_changed = Signal()

# Sent after the transaction in which the second party signed commits; kwargs: deal_id, agreement_id.
# licences.receivers follows it: it sets up the payments due and records the licence once nothing is owed up
# front.
agreement_signed = Signal()
