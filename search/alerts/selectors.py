"""Reads: a user's alerts and subscriptions."""

from django.db.models import QuerySet

from marketplace.models import Demand, Notification
from marketplace.permissions import is_member, is_operator

from ..models import DemandSubscription, SavedSearch


def user_notifications(*, user, limit: int = 50) -> QuerySet:
    return Notification.objects.filter(recipient=user)[:limit]


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
