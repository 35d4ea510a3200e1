"""Patents whose term ends are marked expired, and their listings taken off the marketplace (the daily task)."""

from datetime import date

import pytest
from django.utils import timezone

from marketplace.models import Listing, Notification, Patent
from marketplace.services.listings import listing_withdraw, listings_expire_due
from marketplace.services.patents import patents_expire_due
from marketplace.signals import listing_changed
from marketplace.tasks import expire_due_listings
from marketplace.workflow import history

from .concurrency import race, racing
from .factories import ListingFactory, PatentFactory
from .notices import read_notice

LS, SOURCE = Patent.LegalStatus, Patent.LegalStatusSource
TODAY = date(2026, 11, 30)
SERIALS = iter(range(1590000, 1600000))
pytestmark = pytest.mark.django_db


def granted(number: str, **fields) -> Patent:
    return PatentFactory(publication_number=number, jurisdiction=number[:2], legal_status=LS.GRANTED,
                         legal_status_source=SOURCE.EXPORT, legal_status_as_of=date(2023, 5, 27), **fields)


def test_a_patent_whose_longest_term_has_ended_is_marked_expired_once():
    ended = granted("CN1584980A", kind_code="A", patent_type="invention", application_date=date(2004, 6, 1))
    undated_old_grant = granted("CN1109268C", kind_code="C", patent_type="invention")
    running = granted("CN113347225A", kind_code="A", patent_type="invention", application_date=date(2021, 4, 19))
    lapsed = PatentFactory(publication_number="CN110103926B", kind_code="B", legal_status=LS.LAPSED,
                           application_date=date(1999, 1, 21), legal_status_source=SOURCE.EXPORT)
    assert patents_expire_due(today=TODAY) == 2
    for patent, as_of in ((ended, date(2024, 6, 1)), (undated_old_grant, date(2023, 12, 31))):
        patent.refresh_from_db()
        assert (patent.legal_status, patent.legal_status_source, patent.legal_status_as_of) == (
            LS.EXPIRED, SOURCE.TERM, as_of)
        assert history(patent).filter(action="expire", to_state=LS.EXPIRED).count() == 1
    running.refresh_from_db()
    lapsed.refresh_from_db()
    assert (running.legal_status, lapsed.legal_status) == (LS.GRANTED, LS.LAPSED)
    assert patents_expire_due(today=TODAY) == 0


def test_listings_of_patents_no_longer_in_force_become_unavailable(university, university_member,
                                                                   django_capture_on_commit_callbacks):
    now = timezone.now()
    patent = granted("CN1584980A", kind_code="A", patent_type="invention", application_date=date(2004, 6, 1))
    listing = ListingFactory(owner=university, patent=patent, status=Listing.Status.PUBLISHED, published_at=now)
    lapsed_listing = ListingFactory(owner=university, status=Listing.Status.PUBLISHED, published_at=now,
                                    patent=PatentFactory(legal_status=LS.LAPSED, legal_status_source=SOURCE.EXPORT))
    in_force = ListingFactory(owner=university, status=Listing.Status.PUBLISHED, published_at=now,
                              patent=granted("CN113347225A", kind_code="A", application_date=date(2021, 4, 19),
                                             expiry_date=date(2041, 4, 19)))
    received = []
    listing_changed.connect(lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="test-expiry")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert expire_due_listings() == 2
    finally:
        listing_changed.disconnect(dispatch_uid="test-expiry")
    for ended in (listing, lapsed_listing):
        ended.refresh_from_db()
        assert ended.status == Listing.Status.EXPIRED
        assert history(ended).filter(action="expire", actor=None).count() == 1
    in_force.refresh_from_db()
    assert in_force.status == Listing.Status.PUBLISHED
    assert sorted(pk for kwargs in received for pk in kwargs["listing_ids"]) == sorted([listing.pk,
                                                                                        lapsed_listing.pk])
    notices = Notification.objects.filter(recipient=university_member, kind="listing_expired")
    assert notices.count() == 2
    assert any("2024-06-01" in read_notice(n, "zh-hans")["body"] for n in notices)  # the status, its date and source


def test_the_daily_task_finds_nothing_twice(university):
    patent = granted("CN1584980A", kind_code="A", patent_type="invention", application_date=date(2004, 6, 1))
    ListingFactory(owner=university, patent=patent, status=Listing.Status.PUBLISHED, published_at=timezone.now())
    assert expire_due_listings() == 1
    assert expire_due_listings() == 0


@racing
def test_expiry_racing_the_owners_withdrawal_ends_in_one_state(university, university_member):
    for _ in range(5):
        patent = granted(f"CN{next(SERIALS)}A", kind_code="A", patent_type="invention",
                         application_date=date(2004, 6, 1))
        listing = ListingFactory(owner=university, patent=patent, status=Listing.Status.PUBLISHED,
                                 published_at=timezone.now())
        outcomes = race(lambda: patents_expire_due() + listings_expire_due(),
                        lambda listing=listing: listing_withdraw(listing=listing, actor=university_member))
        listing.refresh_from_db()
        assert listing.status in {Listing.Status.EXPIRED, Listing.Status.WITHDRAWN}
        # The task never fails on a listing the owner closed first; the owner may be refused once it expired.
        assert outcomes[0].ok, outcomes[0].error
        assert outcomes[1].ok == (listing.status == Listing.Status.WITHDRAWN)
        assert history(listing).filter(action__in=["expire", "withdraw"]).count() == 1


@racing
def test_expiry_never_overwrites_a_status_an_operator_states_meanwhile():
    for _ in range(5):
        patent = granted(f"CN{next(SERIALS)}A", kind_code="A", patent_type="invention",
                         application_date=date(2004, 6, 1))

        def operator_declares_lapsed(patent=patent):
            Patent.objects.filter(pk=patent.pk).update(legal_status=LS.LAPSED, legal_status_source=SOURCE.OPERATOR,
                                                       legal_status_as_of=date(2020, 1, 1))

        race(patents_expire_due, operator_declares_lapsed)
        patent.refresh_from_db()
        assert (patent.legal_status, patent.legal_status_source) in {(LS.LAPSED, SOURCE.OPERATOR),
                                                                     (LS.EXPIRED, SOURCE.TERM)}
        # Expired by the task, or the operator's statement kept: it came first (the task skips it) or after
        # (it corrects the task's); either way at most one expiry, and never one over the operator's status.
        expiries = history(patent).filter(action="expire").count()
        assert expiries == 1 if patent.legal_status == LS.EXPIRED else expiries <= 1
