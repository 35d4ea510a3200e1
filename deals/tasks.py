from celery import shared_task

from .notifications import deal_message_email_send, deal_offer_email_send


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def deal_message_email_task(message_id: int, recipient_id: int) -> bool:
    return deal_message_email_send(message_id=message_id, recipient_id=recipient_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def deal_offer_email_task(offer_id: int, action: str, recipient_id: int) -> bool:
    return deal_offer_email_send(offer_id=offer_id, action=action, recipient_id=recipient_id)
