"""Keep the index in step with listings: every committed change is (re)indexed by a Celery task."""

from django.dispatch import receiver

from marketplace.signals import listing_changed

from .tasks import index_listing_task


@receiver(listing_changed, dispatch_uid="search.index_listing")
def reindex_changed_listing(sender, *, listing_id: int, **kwargs) -> None:
    index_listing_task.delay(listing_id)
