from django.dispatch import receiver

from marketplace.signals import listing_changed

from .tasks import alerts_for_listing_task


@receiver(listing_changed, dispatch_uid="search.alerts_for_published_listing")
def alert_on_publish(sender, *, listing_id: int, action: str, **kwargs) -> None:
    """`listing_changed` is sent after the commit, so the task sees the published listing."""
    if action == "publish":
        alerts_for_listing_task.delay(listing_id)
