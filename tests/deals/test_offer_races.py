"""Offers under concurrency on PostgreSQL: whatever two people do at the same instant, the deal ends in one
consistent state — one live offer at most, one accepted offer and one agreement at most, never an offer both
withdrawn and accepted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.easy_access import easy_access_terms_save, offer_easy_access_accept
from deals.models import Agreement, Deal, Offer
from deals.offer_services import offer_accept, offer_make, offer_withdraw
from marketplace.workflow import history

from ..concurrency import race, racing
from ..factories import MembershipFactory, PublishedListingFactory, UserFactory
from .offer_helpers import good_terms, open_deal

# The racing threads translate with settings.LANGUAGE_CODE (a translation activated here is this thread's only).
pytestmark = pytest.mark.usefixtures("english")
TRIALS = 10


def _winner_and_loser(outcomes):
    assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
    loser = next(o for o in outcomes if not o.ok)
    assert isinstance(loser.error, ValidationError), repr(loser.error)
    return next(i for i, o in enumerate(outcomes) if o.ok), loser.error


def _fresh_offer(university, buyer_org, buyer):
    listing = PublishedListingFactory(owner=university)
    deal = open_deal(listing, buyer_org, buyer)
    return deal, offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))


@racing
def test_the_author_withdrawing_while_the_other_side_accepts(university, seller, buyer_org, buyer):
    for _trial in range(TRIALS):
        deal, offer = _fresh_offer(university, buyer_org, buyer)
        outcomes = race(lambda: offer_withdraw(offer=offer, actor=buyer),
                        lambda: offer_accept(offer=offer, actor=seller))
        winner, _error = _winner_and_loser(outcomes)
        offer.refresh_from_db()
        deal.refresh_from_db()
        if winner == 0:
            assert (offer.status, deal.status, Agreement.objects.filter(deal=deal).count()) == ("withdrawn", "open", 0)
        else:
            assert (offer.status, deal.status, Agreement.objects.filter(deal=deal).count()) == ("accepted", "agreed", 1)
        assert history(deal).filter(action__in=["withdraw", "agree"]).count() == 1


@racing
def test_two_members_of_the_other_side_accepting_at_once(university, seller, buyer_org, buyer):
    colleague = MembershipFactory(organisation=university, user=UserFactory(username="tto2")).user
    for _trial in range(TRIALS):
        deal, offer = _fresh_offer(university, buyer_org, buyer)
        outcomes = race(lambda: offer_accept(offer=offer, actor=seller),
                        lambda: offer_accept(offer=offer, actor=colleague))
        _winner, error = _winner_and_loser(outcomes)
        assert "already been accepted" in " ".join(error.messages)
        deal.refresh_from_db()
        assert deal.status == "agreed" and Agreement.objects.filter(deal=deal).count() == 1
        assert history(deal).filter(action="agree").count() == 1


@racing
def test_two_counter_offers_at_once_leave_one_live_offer(university, seller, buyer_org, buyer):
    for _trial in range(TRIALS):
        deal, first = _fresh_offer(university, buyer_org, buyer)
        patent_ids = first.terms.patent_ids
        outcomes = race(
            lambda: offer_make(deal=deal, author=seller, terms=good_terms(patent_ids, upfront_fee=Decimal("300000"))),
            lambda: offer_make(deal=deal, author=buyer, terms=good_terms(patent_ids, upfront_fee=Decimal("150000"))),
        )
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        offers = list(Offer.objects.filter(deal=deal).order_by("created_at", "pk"))
        assert [o.status for o in offers] == ["superseded", "superseded", "live"]
        # Each new offer superseded the one live when it was made: one unbroken chain.
        assert offers[1].supersedes == offers[0] and offers[2].supersedes == offers[1]


@racing
def test_accepting_while_the_author_revises_the_offer(university, seller, buyer_org, buyer):
    for _trial in range(TRIALS):
        deal, offer = _fresh_offer(university, buyer_org, buyer)
        revised = good_terms(offer.terms.patent_ids, upfront_fee=Decimal("180000"))
        outcomes = race(lambda: offer_accept(offer=offer, actor=seller),
                        lambda: offer_make(deal=deal, author=buyer, terms=revised))
        winner, error = _winner_and_loser(outcomes)
        deal.refresh_from_db()
        offer.refresh_from_db()
        if winner == 0:  # accepted first: the deal is agreed, no more offers
            assert "only while it is open" in " ".join(error.messages)
            assert (offer.status, deal.status, deal.offers.count()) == ("accepted", "agreed", 1)
        else:  # revised first: the accepted-for offer was superseded
            assert "only the latest offer can be accepted" in " ".join(error.messages)
            assert (offer.status, deal.status) == ("superseded", "open")
            assert deal.offers.get(status="live").terms.upfront_fee == Decimal("180000.00")
        assert Agreement.objects.filter(deal=deal).count() == (1 if winner == 0 else 0)


@racing
def test_two_colleagues_accepting_the_easy_access_licence_at_once(university, seller, buyer_org, buyer,
                                                                  buyer_colleague):
    for _trial in range(TRIALS):
        listing = PublishedListingFactory(owner=university)
        easy_terms = good_terms([], milestones=(), end_date=None)
        easy_access_terms_save(listing=listing, actor=seller, terms=easy_terms, duration_months=24, enabled=True)
        outcomes = race(lambda: offer_easy_access_accept(listing=listing, buyer=buyer_org, author=buyer),
                        lambda: offer_easy_access_accept(listing=listing, buyer=buyer_org, author=buyer_colleague))
        _winner, error = _winner_and_loser(outcomes)
        assert "already" in " ".join(error.messages)
        deal = Deal.objects.get(listing=listing)
        assert deal.status == "agreed" and Agreement.objects.filter(deal=deal).count() == 1
        assert list(deal.offers.values_list("status", "easy_access")) == [("accepted", True)]
        assert history(deal).filter(action="open").count() == 1
