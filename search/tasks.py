from celery import shared_task

from .backends.base import SearchUnavailable
from .services import index_listings

# Listings per indexing task: each task is one index commit (tantivy writes a segment and syncs it; Meilisearch
# queues one update), so larger tasks make a bulk import far cheaper, while one task still holds little memory.
INDEX_TASK_BATCH = 5_000


@shared_task(autoretry_for=(SearchUnavailable,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def index_listings_task(listing_ids: list[int]) -> int:
    return index_listings(listing_ids=listing_ids)
