"""Notifications: stored as an event and its data, shown in the reader's current language, paged, grouped by
demand or saved search, marked read; the header bell counts the unread ones with one query per request."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.models import Notification
from marketplace.notices import notice_text
from search.alerts.notices import demand_topic, saved_search_topic
from search.alerts.selectors import NOTIFICATIONS_PER_PAGE
from search.models import AlertDelivery, DemandSubscription, SavedSearch

from ..factories import PublishedListingFactory, UserFactory
from .matching_fixtures import sme_demand

pytestmark = pytest.mark.django_db


def _match_alert(user, demand, listing=None) -> Notification:
    listing = listing or PublishedListingFactory(title_zh="锂电池正极材料", title_en="Cathode material")
    return Notification.objects.create(recipient=user, kind="match_alert", topic=demand_topic(demand.pk),
                                       params={"listing_id": listing.pk, "demand_id": demand.pk})


def _page(client, language: str, **params) -> str:
    return client.get(reverse("alerts"), params, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_one_notification_reads_in_the_readers_current_language(client):
    demand = sme_demand(title="寻找锂电池正极材料技术")
    user = demand.created_by
    user.preferred_language = "zh-hans"
    user.save()
    _match_alert(user, demand)
    client.force_login(user)
    english, chinese = _page(client, "en"), _page(client, "zh-hans")
    assert "A new listing matches your demand “寻找锂电池正极材料技术”: Cathode material" in english
    assert "有新发布与您的需求“寻找锂电池正极材料技术”匹配：锂电池正极材料" in chinese
    assert "A new listing matches" not in chinese


def test_notifications_are_grouped_by_what_they_are_about_and_paged(client):
    battery, membrane = sme_demand(title="电池需求"), sme_demand(title="膜材料需求")
    user = battery.created_by
    saved = SavedSearch.objects.create(user=user, query="石墨烯")
    listing = PublishedListingFactory()
    for _ in range(NOTIFICATIONS_PER_PAGE + 5):
        _match_alert(user, battery, listing)
    _match_alert(user, membrane, listing)
    Notification.objects.create(recipient=user, kind="saved_search_alert", topic=saved_search_topic(saved.pk),
                                params={"listing_id": listing.pk, "saved_search_id": saved.pk, "query": "石墨烯"})
    client.force_login(user)
    page = _page(client, "en")
    assert page.count('class="notification notification-unread"') == NOTIFICATIONS_PER_PAGE
    assert "Demand: 电池需求" in page and "Demand: 膜材料需求" in page and "Saved search: 石墨烯" in page
    assert "25 unread of 25" in page and "Page 1 of 2" in page

    only_membrane = _page(client, "en", topic=demand_topic(membrane.pk))
    assert only_membrane.count('class="notification notification-unread"') == 1
    assert "膜材料需求" in only_membrane
    second = _page(client, "en", page=2)
    assert second.count('class="notification notification-unread"') == 7


def test_opening_a_notification_marks_it_read_and_follows_it(client, site_pages):
    demand = sme_demand()
    note = _match_alert(demand.created_by, demand)
    client.force_login(demand.created_by)
    response = client.post(reverse("notification_open", args=[note.pk]), {"open": "1"})
    note.refresh_from_db()
    assert note.read_at is not None and response.url == notice_text(note)["path"] != ""

    client.force_login(UserFactory())  # someone else's notification is not there for them
    assert client.post(reverse("notification_open", args=[note.pk])).status_code == 404


def test_mark_all_read_leaves_what_arrived_after_the_page_unread(client):
    demand = sme_demand()
    user = demand.created_by
    seen = [_match_alert(user, demand) for _ in range(3)]
    client.force_login(user)
    page = _page(client, "en")
    assert f'name="up_to" value="{seen[-1].pk}"' in page
    newer = _match_alert(user, demand)
    client.post(reverse("notifications_read"), {"up_to": seen[-1].pk})
    assert set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)) == {newer.pk}

    response = client.post(reverse("notifications_read"), {"up_to": "x"}, follow=True)
    assert "Reload the page" in response.content.decode() or "重新加载" in response.content.decode()


def test_the_bell_counts_unread_notifications_with_one_query_per_request(client):
    demand = sme_demand()
    user = demand.created_by
    for _ in range(3):
        _match_alert(user, demand)
    Notification.objects.filter(pk=_match_alert(user, demand).pk).update(read_at="2026-01-01T00:00Z")
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load notifications %}{% unread_notifications %}/{% unread_notifications %}")
    with CaptureQueriesContext(connection) as queries:
        assert template.render(Context({"request": request})) == "3/3"
    assert len(queries) == 1

    client.force_login(user)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="bell-count" aria-hidden="true">3<' in page and "Notifications: 3 unread" in page


def test_alert_notifications_stored_as_sentences_get_their_data():
    """The data migration: an alert stored as a sentence is given its listing and demand or saved search."""
    demand = sme_demand()
    user = demand.created_by
    listing = PublishedListingFactory()
    note = Notification.objects.create(recipient=user, kind="match_alert", title="旧的中文句子")
    AlertDelivery.objects.create(listing=listing, user=user, notification=note,
                                 demand_subscription=DemandSubscription.objects.create(demand=demand, user=user))
    migration = importlib.import_module("search.migrations.0002_alert_notification_params")
    migration.forwards(apps, None)
    note.refresh_from_db()
    assert note.params == {"listing_id": listing.pk, "demand_id": demand.pk}
    assert note.topic == demand_topic(demand.pk)
