"""Alert notifications stored their sentence in the language of the day they were sent; give them the event's
data instead (from their AlertDelivery), so they are rendered in the reader's current language."""

from django.db import migrations


def forwards(apps, schema_editor):
    AlertDelivery = apps.get_model("marketsearch", "AlertDelivery")
    Notification = apps.get_model("marketplace", "Notification")
    deliveries = AlertDelivery.objects.filter(
        notification__kind__in=["match_alert", "saved_search_alert"]
    ).select_related("saved_search", "demand_subscription")
    changed = []
    for delivery in deliveries.iterator(chunk_size=500):
        notification = Notification(pk=delivery.notification_id)
        if delivery.demand_subscription_id:
            demand_id = delivery.demand_subscription.demand_id
            notification.params = {"listing_id": delivery.listing_id, "demand_id": demand_id}
            notification.topic = f"demand:{demand_id}"
        elif delivery.saved_search_id:
            notification.params = {"listing_id": delivery.listing_id, "saved_search_id": delivery.saved_search_id,
                                   "query": delivery.saved_search.query}
            notification.topic = f"saved_search:{delivery.saved_search_id}"
        else:  # its subscription was deleted: the stored sentence stays
            continue
        changed.append(notification)
    Notification.objects.bulk_update(changed, ["params", "topic"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("marketsearch", "0001_initial"),
        ("marketplace", "0012_notification_params"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
