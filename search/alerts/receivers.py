from django.dispatch import receiver

from marketplace.signals import listing_changed

from .tasks import ALERT_TASK_BATCH, alerts_for_listings_task


@receiver(listing_changed, dispatch_uid="search.alerts_for_published_listing")
def alert_on_publish(sender, *, listing_ids: list[int], action: str, **kwargs) -> None:
    """`listing_changed` is sent after the commit, so the task sees the published listings."""
    if action == "publish":
        for start in range(0, len(listing_ids), ALERT_TASK_BATCH):
            alerts_for_listings_task.delay(listing_ids[start:start + ALERT_TASK_BATCH])
