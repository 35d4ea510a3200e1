"""Listings, moderation, demands and matches per week and month, counted in Beijing time."""

import datetime

import pytest
from django.utils import translation

from marketplace.models import Listing
from operations.periods import MONTH, WEEK, Period
from operations.selectors.breakdowns import breakdown
from operations.selectors.marketplace import (
    demand_trend,
    listing_trend,
    moderation_backlog_now,
    moderation_trend,
    moderation_wait_average,
)
from search.models import MatchProposal
from tests.factories import DemandFactory, ListingFactory, OrganisationFactory, PatentFactory

from .helpers import dated, event, local

S = Listing.Status
FIRST_QUARTER = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), grain=MONTH)


@pytest.fixture
def history(db):
    """Five listings moving through moderation around the quarter's edges."""
    university = OrganisationFactory(kind="university", province="江苏省", city="苏州市")
    enterprise = OrganisationFactory(kind="enterprise", province="浙江省", city="杭州市")
    one = dated(ListingFactory(owner=university, status=S.TRANSACTED), local(2026, 1, 10, 9, 0))
    event(one, "submit", local(2026, 1, 10, 10, 0), from_state=S.DRAFT, to_state=S.SUBMITTED)
    event(one, "publish", local(2026, 1, 12, 10, 0), from_state=S.SUBMITTED, to_state=S.PUBLISHED)
    event(one, "mark_transacted", local(2026, 3, 5, 12, 0), from_state=S.PUBLISHED, to_state=S.TRANSACTED)
    # 00:30 on 1 February in Beijing is still 31 January in UTC: it counts in February.
    two = dated(ListingFactory(owner=enterprise, status=S.REJECTED, patent=PatentFactory(ipc_section="G")),
                local(2026, 2, 1, 0, 30))
    event(two, "submit", local(2026, 2, 1, 0, 30), from_state=S.DRAFT, to_state=S.SUBMITTED)
    event(two, "reject", local(2026, 2, 5, 0, 30), from_state=S.SUBMITTED, to_state=S.REJECTED)
    # Submitted on New Year's Eve (waiting when the quarter starts), published in its last minute.
    three = dated(ListingFactory(owner=university, status=S.PUBLISHED), local(2025, 12, 31, 23, 30))
    event(three, "submit", local(2025, 12, 31, 23, 30), from_state=S.DRAFT, to_state=S.SUBMITTED)
    event(three, "publish", local(2026, 3, 31, 23, 59), from_state=S.SUBMITTED, to_state=S.PUBLISHED)
    dated(three, local(2026, 3, 31, 23, 59), "published_at")
    four = dated(ListingFactory(owner=enterprise, status=S.EXPIRED), local(2025, 6, 1, 12, 0))
    event(four, "expire", local(2026, 2, 28, 23, 59, 59), from_state=S.PUBLISHED, to_state=S.EXPIRED)
    # A Monday 00:30 in Beijing (Sunday in UTC); and one after the quarter.
    dated(ListingFactory(owner=enterprise, status=S.DRAFT), local(2026, 2, 2, 0, 30))
    dated(ListingFactory(owner=enterprise, status=S.SUBMITTED), local(2026, 4, 1, 0, 0))
    return {"one": one, "two": two, "three": three}


def test_listings_per_month(history):
    assert listing_trend(FIRST_QUARTER) == [
        # period, created, submitted, published, rejected, transacted, expired
        ["2026-01", 1, 1, 1, 0, 0, 0],
        ["2026-02", 2, 1, 0, 1, 0, 1],
        ["2026-03", 0, 0, 1, 0, 1, 0],
    ]


def test_listings_per_week_start_on_beijing_mondays(history):
    period = Period(start=datetime.date(2026, 1, 28), end=datetime.date(2026, 2, 8), grain=WEEK)
    assert [row[:2] for row in listing_trend(period)] == [["2026-01-26", 1], ["2026-02-02", 1]]


def test_moderation_backlog_and_time_to_decision(history):
    assert moderation_trend(FIRST_QUARTER) == [
        # period, submitted, decided, average days to decision, backlog at the end
        ["2026-01", 1, 1, 2.0, 1],
        ["2026-02", 1, 1, 4.0, 1],
        ["2026-03", 0, 1, 90.0, 0],
    ]
    assert moderation_wait_average(FIRST_QUARTER) == 32.0  # (2 + 4 + 90.02) / 3
    assert moderation_backlog_now() == 1  # the one submitted on 1 April


def test_a_period_without_events_shows_zeros(history):
    period = Period(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 2, 29), grain=MONTH)
    assert moderation_trend(period) == [["2024-01", 0, 0, None, 0], ["2024-02", 0, 0, None, 0]]
    assert moderation_wait_average(period) is None


def test_demands_matches_and_the_inquiries_they_led_to(history):
    first = dated(DemandFactory(), local(2026, 1, 15, 9, 0))
    dated(DemandFactory(), local(2026, 3, 31, 23, 0))
    inquired = MatchProposal.objects.create(demand=first, listing=history["one"], score=80,
                                            inquired_at=local(2026, 1, 25, 9, 0))
    dated(inquired, local(2026, 1, 20, 9, 0))
    dated(MatchProposal.objects.create(demand=first, listing=history["three"], score=70), local(2026, 2, 10, 9, 0))
    dated(MatchProposal.objects.create(demand=first, listing=history["two"], score=60), local(2026, 4, 1, 1, 0))
    assert demand_trend(FIRST_QUARTER) == [["2026-01", 1, 1, 1], ["2026-02", 0, 1, 0], ["2026-03", 1, 0, 0]]


@translation.override("en")
def test_breakdowns_by_owner_kind_region_and_ipc_section(history):
    # columns after the group: listings created, listings published, deals opened, licences recorded
    assert breakdown(FIRST_QUARTER, "owner_kind") == [["Enterprise / SME", 2, 0, 0, 0],
                                                      ["University", 1, 1, 0, 0]]
    assert breakdown(FIRST_QUARTER, "region") == [["浙江省", "杭州市", 2, 0, 0, 0], ["江苏省", "苏州市", 1, 1, 0, 0]]
    sections = breakdown(FIRST_QUARTER, "ipc_section")
    assert [row[1:] for row in sections] == [[2, 1, 0, 0], [1, 0, 0, 0]]
    assert [row[0][0] for row in sections] == ["H", "G"]
