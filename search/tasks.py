from celery import shared_task

from .backends.base import SearchUnavailable
from .services import index_listing


@shared_task(autoretry_for=(SearchUnavailable,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def index_listing_task(listing_id: int) -> bool:
    return index_listing(listing_id=listing_id)
