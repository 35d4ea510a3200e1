"""Keep the index in step with listings: every committed change is (re)indexed by a Celery task, and the
listings' vectors follow (see search.tasks.embeds_on_commit for the imports left to the background)."""

from django.dispatch import receiver

from marketplace.signals import listing_changed

from .tasks import EMBED_TASK_BATCH, INDEX_TASK_BATCH, embed_listings_task, embeds_on_commit, index_listings_task


@receiver(listing_changed, dispatch_uid="search.index_listing")
def reindex_changed_listings(sender, *, listing_ids: list[int], **kwargs) -> None:
    for start in range(0, len(listing_ids), INDEX_TASK_BATCH):
        index_listings_task.delay(listing_ids[start:start + INDEX_TASK_BATCH])


@receiver(listing_changed, dispatch_uid="search.embed_listing")
def embed_changed_listings(sender, *, listing_ids: list[int], bulk: bool = False, **kwargs) -> None:
    if embeds_on_commit(bulk=bulk):
        for start in range(0, len(listing_ids), EMBED_TASK_BATCH):
            embed_listings_task.delay(listing_ids[start:start + EMBED_TASK_BATCH])
