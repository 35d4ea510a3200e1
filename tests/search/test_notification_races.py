"""Marking notifications read while a new one arrives: the new one stays unread, whichever commits first."""

from django.utils import timezone

from marketplace.models import Notification
from search.alerts.services import notification_mark_read, notifications_mark_all_read

from ..concurrency import race, racing
from ..factories import UserFactory

TRIALS = 10


@racing
def test_mark_all_read_racing_a_new_notification_leaves_the_new_one_unread():
    user = UserFactory()
    for _ in range(TRIALS):
        seen = Notification.objects.create(recipient=user, kind="match_alert")
        outcomes = race(
            lambda seen=seen: notifications_mark_all_read(user=user, up_to_id=seen.pk),
            lambda: Notification.objects.create(recipient=user, kind="match_alert"),
        )
        assert all(outcome.ok for outcome in outcomes)
        arrived = outcomes[1].value
        assert Notification.objects.get(pk=seen.pk).read_at is not None
        assert Notification.objects.get(pk=arrived.pk).read_at is None
        Notification.objects.filter(recipient=user).update(read_at=timezone.now())


@racing
def test_opening_one_notification_twice_at_once_reads_it_once():
    user = UserFactory()
    note = Notification.objects.create(recipient=user, kind="match_alert")
    outcomes = race(*[lambda: notification_mark_read(user=user, notification_id=note.pk)] * 2)
    assert all(outcome.ok for outcome in outcomes)
    read_at = {outcome.value.read_at for outcome in outcomes}
    assert len(read_at) == 1 and None not in read_at  # the first reading's time, not overwritten
