"""Reads: a user's notifications (paged, grouped by what they are about), alerts and subscriptions."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from marketplace.models import Demand, Notification
from marketplace.notices import notice_text
from marketplace.permissions import is_member, is_operator

from ..models import DemandSubscription, SavedSearch

NOTIFICATIONS_PER_PAGE = 20


def notification_unread_count(*, user) -> int:
    """One count on the partial index of unread rows (the header bell, on every page)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_latest_id(*, user) -> int:
    """The newest notification the user can have seen: "mark all read" goes no further."""
    return Notification.objects.filter(recipient=user).aggregate(latest=Max("pk"))["latest"] or 0


def notification_topics(*, user) -> list[dict]:
    """What the user's notifications are about — each demand, each saved search, and the rest — with how many
    there are and how many are unread, most recent first."""
    rows = (
        Notification.objects.filter(recipient=user).order_by().values("topic")
        .annotate(total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)), latest=Max("created_at"))
        .order_by("-latest")
    )
    labels = _topic_labels([row["topic"] for row in rows])
    return [{**row, "label": labels.get(row["topic"], "")} for row in rows]


def notification_page(*, user, topic: str | None, page) -> Page:
    """One page of the user's notifications (of one topic if given), each with its `text` in the active
    language and its `topic_label`."""
    notifications = Notification.objects.filter(recipient=user)
    if topic is not None:
        notifications = notifications.filter(topic=topic)
    shown = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page)
    labels = _topic_labels([notification.topic for notification in shown])
    for notification in shown:
        notification.text = notice_text(notification)
        notification.topic_label = labels.get(notification.topic, "")
    return shown


def _topic_labels(topics: list[str]) -> dict[str, str]:
    """"demand:12" → the demand's title, "saved_search:3" → the search's words, "" → other notifications."""
    ids: dict[str, set[int]] = {"demand": set(), "saved_search": set()}
    for topic in topics:
        kind, _sep, pk = topic.partition(":")
        if kind in ids and pk.isdigit():
            ids[kind].add(int(pk))
    labels = {"": _("Other notifications")}
    for pk, title in Demand.objects.filter(pk__in=ids["demand"]).values_list("pk", "title"):
        labels[f"demand:{pk}"] = _("Demand: %(title)s") % {"title": title}
    for saved in SavedSearch.objects.filter(pk__in=ids["saved_search"]):
        labels[f"saved_search:{saved.pk}"] = _("Saved search: %(query)s") % {"query": saved}
    for topic in topics:
        labels.setdefault(topic, _("Deleted demand or saved search"))
    return labels


def user_saved_searches(*, user) -> QuerySet:
    return SavedSearch.objects.filter(user=user, active=True)


def user_demand_subscriptions(*, user) -> QuerySet:
    return DemandSubscription.objects.filter(
        user=user, active=True, demand__status=Demand.Status.OPEN
    ).select_related("demand")


def alert_subscription_by_token(*, token: str) -> SavedSearch | DemandSubscription | None:
    """The saved search or demand subscription an unsubscribe link names; None if unknown."""
    for model in (SavedSearch, DemandSubscription):
        subscription = model.objects.filter(unsubscribe_token=token).first()
        if subscription:
            return subscription
    return None


def can_see_demand_matches(user, demand: Demand) -> bool:
    return is_member(user, demand.organisation) or is_operator(user)


def can_inquire(user, demand: Demand) -> bool:
    """Only the demand's own members follow its proposals up (through the deals inquiry form): their inquiries
    are the match report's figures; operators only look."""
    return is_member(user, demand.organisation)
