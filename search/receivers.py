"""Keep the index in step with listings: every committed change is (re)indexed by a Celery task."""

from django.dispatch import receiver

from marketplace.signals import listing_changed

from .tasks import INDEX_TASK_BATCH, index_listings_task


@receiver(listing_changed, dispatch_uid="search.index_listing")
def reindex_changed_listings(sender, *, listing_ids: list[int], **kwargs) -> None:
    for start in range(0, len(listing_ids), INDEX_TASK_BATCH):
        index_listings_task.delay(listing_ids[start:start + INDEX_TASK_BATCH])
