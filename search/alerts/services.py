"""Writes: saved searches, unsubscribing, and the alerts sent when a listing is published.

An alert is an AlertDelivery row (unique per listing and user), an in-app Notification and one email sent by
a Celery task after the commit; the unique row keeps republishing and task retries from alerting twice.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.links import listing_url
from marketplace.emails import email_message, email_task_queue
from marketplace.models import Demand, Listing, Notification
from marketplace.permissions import require
from search.backends.base import SearchQuery
from search.documents import listing_document
from search.matching import match_listing
from search.matching.profiles import is_servable
from search.matching.scoring import explain
from search.matching.services import match_proposals_record

from ..models import AlertDelivery, DemandSubscription, MatchProposal, SavedSearch
from .criteria import document_stream, saved_search_satisfied
from .selectors import alert_subscription_by_token

DEMAND_ALERT_MIN_SCORE = (
    50  # see search.matching.scoring: a good text match, or a fair one in the hinted field
)
DEMAND_ALERTS_PER_LISTING = 200
MAX_SAVED_SEARCHES_PER_USER = 50


def saved_search_create(*, user, query: SearchQuery) -> SavedSearch:
    if not query.text.strip() and not query.filters:
        raise ValidationError(_("Type some words or choose a filter before saving a search."))
    if SavedSearch.objects.filter(user=user, active=True).count() >= MAX_SAVED_SEARCHES_PER_USER:
        raise ValidationError(
            _("You can keep at most %(n)d saved searches; delete one first.")
            % {"n": MAX_SAVED_SEARCHES_PER_USER}
        )
    text = query.text.strip()[:300]
    for saved in SavedSearch.objects.filter(
        user=user, query=text, price_min=query.price_min, price_max=query.price_max
    ):
        if saved.filters == query.filters:  # the same search saved again: keep one
            SavedSearch.objects.filter(pk=saved.pk).update(active=True)
            return saved
    return SavedSearch.objects.create(
        user=user, query=text, filters=query.filters, price_min=query.price_min, price_max=query.price_max
    )


def saved_search_delete(*, saved_search: SavedSearch, actor) -> None:
    require(saved_search.user_id == actor.pk, _("This is not your saved search."))
    saved_search.delete()


def alert_unsubscribe(*, token: str) -> SavedSearch | DemandSubscription | None:
    """Stop the alerts of the subscription the token names (again and again, harmlessly); None if unknown."""
    subscription = alert_subscription_by_token(token=token)
    if subscription and subscription.active:
        type(subscription).objects.filter(pk=subscription.pk).update(active=False)
        subscription.active = False
    return subscription


def alerts_for_listings(*, listing_ids: list[int]) -> int:
    """Alerts for newly published listings; nothing to do (a bulk import before anyone subscribed, the demo's
    catalogue loaded before its demands) is cheap."""
    latest = Listing.objects.filter(pk__in=listing_ids).aggregate(latest=Max("published_at"))["latest"]
    if latest is None or not (
        Demand.objects.filter(status=Demand.Status.OPEN, created_at__lte=latest).exists()
        or SavedSearch.objects.filter(active=True, created_at__lte=latest).exists()
    ):
        return 0
    return sum(alerts_for_listing(listing_id=listing_id) for listing_id in listing_ids)


def alerts_for_listing(*, listing_id: int) -> int:
    """Alert everyone whose open demand or saved search, made before the listing was published, it serves;
    returns how many new alerts were made. A listing that was already there when the demand or search was made
    is news to nobody: the demand's matches page and the search show it. Demand matches alerted are also
    recorded as MatchProposals."""
    listing = (
        Listing.objects.filter(pk=listing_id, status=Listing.Status.PUBLISHED)
        .select_related("owner", "patent", "pool")
        .first()
    )
    if listing is None:
        return 0
    document = listing_document(listing)
    if not is_servable(document, today=timezone.localdate()):
        return 0
    owners = set(listing.owner.memberships.values_list("user_id", flat=True))
    recipients: dict[int, dict] = {}
    published = listing.published_at
    found = match_listing(listing=listing, limit=DEMAND_ALERTS_PER_LISTING, min_score=DEMAND_ALERT_MIN_SCORE)
    matches = [match for match in found if match.demand.created_at <= published]
    match_proposals_record(matches=matches)
    for match in matches:
        for subscription in _demand_subscriptions(match.demand):
            recipients.setdefault(subscription.user_id, {"demand_subscription": subscription})
    stream = document_stream(document)
    for saved in SavedSearch.objects.filter(active=True, created_at__lte=published).order_by("created_at"):
        if saved.user_id not in recipients and saved_search_satisfied(saved, document, stream=stream):
            recipients[saved.user_id] = {"saved_search": saved}
    return sum(
        _deliver(listing, document, user_id, source)
        for user_id, source in recipients.items()
        if user_id not in owners
    )


def _demand_subscriptions(demand: Demand) -> list[DemandSubscription]:
    """The active subscriptions of the demand's organisation members and its creator (made on first use)."""
    users = set(demand.organisation.memberships.values_list("user_id", flat=True))
    if demand.created_by_id:
        users.add(demand.created_by_id)
    subscriptions = [
        DemandSubscription.objects.get_or_create(demand=demand, user_id=user_id)[0]
        for user_id in sorted(users)
    ]
    return [subscription for subscription in subscriptions if subscription.active]


def _deliver(listing: Listing, document: dict, user_id: int, source: dict) -> bool:
    try:
        with transaction.atomic():
            delivery = AlertDelivery.objects.create(listing=listing, user_id=user_id, **source)
            delivery.notification = _notify(delivery, document)
            delivery.save(update_fields=["notification"])
            transaction.on_commit(lambda: _send_later(delivery.pk))
    except IntegrityError:  # alerted before (republished, or a retried task): once is enough
        return False
    return True


def _send_later(delivery_id: int) -> None:
    from .tasks import send_alert_email_task  # the task module imports this one

    email_task_queue(send_alert_email_task, delivery_id)


def _notify(delivery: AlertDelivery, document: dict) -> Notification:
    with translation.override(delivery.user.preferred_language):
        context = alert_context(delivery, document)
        return Notification.objects.create(
            recipient=delivery.user,
            kind="match_alert" if delivery.demand_subscription_id else "saved_search_alert",
            title=context["headline"][:300],
            body="\n".join(context["reasons"]),
            url=listing_url(delivery.listing),
        )


def alert_context(delivery: AlertDelivery, document: dict) -> dict:
    """What the notification and the email say, in the active language."""
    title = document["title_zh"] or document["title_en"]
    if not translation.get_language().startswith("zh"):
        title = document["title_en"] or title
    if delivery.demand_subscription_id:
        demand = delivery.demand_subscription.demand
        proposal = MatchProposal.objects.filter(demand=demand, listing=delivery.listing).first()
        headline = _("A new listing matches your demand “%(demand)s”: %(title)s") % {
            "demand": demand.title,
            "title": title,
        }
        reasons = explain(proposal.factors) if proposal else []
    else:
        query = delivery.saved_search.query if delivery.saved_search else ""
        headline = _("A new listing matches your saved search “%(query)s”: %(title)s") % {
            "query": query,
            "title": title,
        }
        reasons = []
    return {
        "headline": headline,
        "title": title,
        "identifier": document["identifier"],
        "reasons": reasons,
        "listing_url": urljoin(settings.SITE_URL, listing_url(delivery.listing)),
    }


def alert_email_send(*, delivery_id: int) -> bool:
    """Send the alert's email unless already sent (a retried task) or the user has since unsubscribed."""
    delivery = (
        AlertDelivery.objects.select_related("user", "listing", "saved_search", "demand_subscription__demand")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.emailed_at or not delivery.user.email:
        return False
    subscription = delivery.saved_search or delivery.demand_subscription
    if subscription is None or not subscription.active:
        return False
    document = listing_document(delivery.listing)
    with translation.override(delivery.user.preferred_language):
        context = alert_context(delivery, document)
        context["unsubscribe_url"] = settings.SITE_URL + reverse(
            "alert_unsubscribe", args=[subscription.unsubscribe_token]
        )
        message = email_message(
            to=[delivery.user.email],
            context=context,
            subject_template="search/email/alert_subject.txt",
            text_template="search/email/alert.txt",
            html_template="search/email/alert.html",
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    message.send()
    AlertDelivery.objects.filter(pk=delivery.pk).update(emailed_at=timezone.now())
    return True
