"""Alerts pages: notifications and saved searches, saving a search, unsubscribing, a demand's matches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.errors import error_text
from marketplace.models import Demand
from marketplace.notices import notice_text
from search.api import query_from_params
from search.backends.base import SearchError, SearchUnavailable
from search.matching import match_demand
from search.matching.services import match_proposals_record

from ..models import SavedSearch
from .selectors import (
    alert_subscription_by_token,
    can_inquire,
    can_see_demand_matches,
    notification_latest_id,
    notification_page,
    notification_topics,
    user_demand_subscriptions,
    user_saved_searches,
)
from .services import (
    alert_unsubscribe,
    notification_mark_read,
    notifications_mark_all_read,
    saved_search_create,
    saved_search_delete,
)

MATCHES_SHOWN = 20


@login_required
def alerts(request):
    """The user's notifications, paged, of one topic (`?topic=demand:12`) or all, with their subscriptions."""
    topic = request.GET.get("topic")
    return render(
        request,
        "search/alerts.html",
        {
            "page_obj": notification_page(user=request.user, topic=topic, page=request.GET.get("page")),
            "topics": notification_topics(user=request.user),
            "topic": topic,
            "latest_id": notification_latest_id(user=request.user),
            "saved_searches": user_saved_searches(user=request.user),
            "demand_subscriptions": user_demand_subscriptions(user=request.user),
        },
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark the notification read and go where it points (or back to the list if it points nowhere)."""
    notification = notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    path = notice_text(notification)["path"]
    if request.POST.get("open") and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return redirect(path)
    return redirect(_back_to_list(request))


@login_required
@require_POST
def notifications_read(request):
    """Mark read every notification the page showed (of its topic, if it showed one)."""
    try:
        up_to_id = int(request.POST.get("up_to", ""))
    except ValueError:
        messages.error(request, _("Reload the page and try again."))
    else:
        topic = request.POST.get("topic") or None
        notifications_mark_all_read(user=request.user, up_to_id=up_to_id, topic=topic)
        messages.success(request, _("Notifications marked as read."))
    return redirect(_back_to_list(request))


def _back_to_list(request) -> str:
    back = request.POST.get("next", "")
    if back.startswith(reverse("alerts")) and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("alerts")


@login_required
@require_POST
def saved_search_save(request):
    """Takes the search page's own parameters (q, facet fields, price_min, price_max) and `next`."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    try:
        saved_search_create(user=request.user, query=query_from_params(request.POST))
    except (SearchError, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Search saved: you will be alerted when a new listing matches it."))
    return redirect(back or "alerts")


@login_required
@require_POST
def saved_search_remove(request, pk: int):
    saved_search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved_search_delete(saved_search=saved_search, actor=request.user)
    messages.success(request, _("Saved search deleted."))
    return redirect("alerts")


# The secret token authorises the change, so no CSRF token is needed: mail clients unsubscribe with a bare
# POST (RFC 8058 one-click, body `List-Unsubscribe=One-Click`). A GET (a mail scanner following the link) only
# asks for confirmation.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    if request.method == "POST":
        subscription, template = alert_unsubscribe(token=token), "search/unsubscribed.html"
    else:
        subscription, template = alert_subscription_by_token(token=token), "search/unsubscribe_confirm.html"
    return render(request, template, {"subscription": subscription}, status=200 if subscription else 404)


@login_required
def demand_matches(request, pk: int):
    demand = get_object_or_404(Demand.objects.select_related("organisation"), pk=pk)
    if not can_see_demand_matches(request.user, demand):
        raise PermissionDenied(_("Only the demand's organisation and the operation centre see its matches."))
    try:
        matches = match_demand(demand=demand, limit=MATCHES_SHOWN)
    except SearchUnavailable:
        return render(
            request, "search/demand_matches.html", {"demand": demand, "unavailable": True}, status=503
        )
    proposals = match_proposals_record(matches=matches)
    rows = [(match, proposals[match.listing_id]) for match in matches]
    return render(
        request,
        "search/demand_matches.html",
        {"demand": demand, "matches": rows, "can_inquire": can_inquire(request.user, demand)},
    )
