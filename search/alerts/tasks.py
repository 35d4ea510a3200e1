from celery import shared_task

from .services import alert_email_send, alerts_for_listing


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def alerts_for_listing_task(listing_id: int) -> int:
    return alerts_for_listing(listing_id=listing_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_alert_email_task(delivery_id: int) -> bool:
    return alert_email_send(delivery_id=delivery_id)
