from celery import shared_task
from django.conf import settings

from .backends.base import SearchUnavailable
from .services import index_listings

INDEX_TASK_BATCH = 500
EMBED_TASK_BATCH = 200


@shared_task(autoretry_for=(SearchUnavailable,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def index_listings_task(listing_ids: list[int]) -> int:
    return index_listings(listing_ids=listing_ids)


@shared_task
def embed_listings_task(listing_ids: list[int]) -> int:
    from .semantic.services import listings_embed

    return listings_embed(listing_ids=listing_ids)


@shared_task
def embed_pending_listings_task() -> int:
    """Published listings left without a vector (bulk imports, failures), embedded in the background."""
    from .semantic.embedders import get_embedder
    from .semantic.services import listings_embed, listings_without_vectors

    pending = listings_without_vectors(model_name=get_embedder().model_name)
    return listings_embed(listing_ids=pending) if pending else 0


def embeds_on_commit(*, bulk: bool) -> bool:
    """Whether changed listings are embedded once the change commits. Not a bulk import's when tasks run in the
    calling process (no broker): the model embeds 10–20 listings a second, which would hold the import for
    minutes; those listings stay lexical-only until `manage.py embed_listings` or the hourly task embeds them."""
    return settings.SEARCH_SEMANTIC and not (bulk and settings.CELERY_TASK_ALWAYS_EAGER)
