from celery import shared_task

from .services import alert_email_send, alerts_for_listings

ALERT_TASK_BATCH = 200


# A retried batch alerts nobody twice: each alert is a unique AlertDelivery row.
@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def alerts_for_listings_task(listing_ids: list[int]) -> int:
    return alerts_for_listings(listing_ids=listing_ids)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_alert_email_task(delivery_id: int) -> bool:
    return alert_email_send(delivery_id=delivery_id)
