from django.dispatch import receiver

from marketplace.emails import email_task_queue

from .notifications import OFFER_ACTIONS
from .signals import deal_changed
from .tasks import deal_message_email_task, deal_offer_email_task


@receiver(deal_changed, dispatch_uid="deals.email_new_message")
def email_new_message(
    sender, *, action: str, message_id: int | None = None, recipient_ids=(), **kwargs
) -> None:
    """`deal_changed` is sent after the commit, so each task finds the message; one task per recipient, so a
    retry re-sends to nobody else."""
    if action == "message":
        for recipient_id in recipient_ids:
            email_task_queue(deal_message_email_task, message_id, recipient_id)


@receiver(deal_changed, dispatch_uid="deals.email_offer")
def email_offer(sender, *, action: str, offer_id: int | None = None, recipient_ids=(), **kwargs) -> None:
    """An offer made, withdrawn or accepted: one e-mail task per recipient, as for messages."""
    if action in OFFER_ACTIONS:
        for recipient_id in recipient_ids:
            email_task_queue(deal_offer_email_task, offer_id, action, recipient_id)
