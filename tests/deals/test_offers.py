"""Offers and counter-offers: making, superseding, withdrawing, accepting (→ agreed, agreement), and the rules
that refuse illegal steps with a clear error while changing nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deals.models import Agreement, Deal, Offer
from deals.offer_services import offer_accept, offer_make, offer_withdraw
from deals.services import deal_close
from deals.terms import Milestone
from marketplace.models import Listing, Notification, PatentPool
from marketplace.workflow import history
from tests.notices import read_notice

from ..factories import PatentFactory, PublishedListingFactory
from .offer_helpers import good_terms, open_deal, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def deal(listing, buyer_org, buyer):
    return open_deal(listing, buyer_org, buyer)


@pytest.fixture
def terms(listing):
    return good_terms([listing.patent_id])


def _refused(call, message_part: str):
    """`call` raises a ValidationError saying `message_part` and leaves every table as it was."""
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        call()
    assert message_part in " ".join(error.value.messages)
    assert snapshot() == before
    return error.value


# Making, countering, withdrawing, accepting

def test_an_offer_is_live_audited_and_told_to_the_other_side(deal, buyer, seller, terms):
    seller.preferred_language = "en"
    seller.save(update_fields=["preferred_language"])
    offer = offer_make(deal=deal, author=buyer, terms=terms, note="可谈")
    assert (offer.side, offer.status, offer.author, offer.note) == ("buyer", "live", buyer, "可谈")
    assert offer.terms.upfront_fee == Decimal("200000.00") and offer.terms.royalty_rate == Decimal("3.500")
    event = history(deal).get(action="offer")
    assert event.data == {"offer_id": offer.pk, "side": "buyer", "supersedes_id": None, "easy_access": False}
    note = Notification.objects.get(recipient=seller, kind="deal_offer")
    text = read_notice(note, "en")
    assert text["path"] == f"/deals/{deal.pk}/#offers"
    assert text["headline"] == f"Suzhou Test Battery Co. made an offer on “{deal.listing.title_en}”"
    assert text["body"].startswith("Non-exclusive licence · ") and "CNY 200,000.00 upfront · 3.5 % royalty" in text["body"]
    assert not Notification.objects.filter(recipient=buyer, kind="deal_offer").exists()


def test_a_counter_offer_supersedes_the_live_offer(deal, buyer, seller, terms):
    first = offer_make(deal=deal, author=buyer, terms=terms)
    counter = offer_make(deal=deal, author=seller, terms=good_terms(terms.patent_ids, royalty_rate=Decimal("5")))
    first.refresh_from_db()
    assert (first.status, counter.status, counter.supersedes, counter.side) == ("superseded", "live", first, "seller")
    assert first.decided_at is not None
    assert Offer.objects.filter(deal=deal, status="live").count() == 1


def test_the_author_withdraws_a_live_offer(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_withdraw(offer=offer, actor=buyer)
    offer.refresh_from_db()
    assert offer.status == "withdrawn"
    assert history(deal).get(action="withdraw").data == {"offer_id": offer.pk, "side": "buyer"}
    assert Notification.objects.filter(recipient=seller, kind="deal_withdraw").count() == 1


def test_the_other_side_withdrawing_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    _refused(lambda: offer_withdraw(offer=offer, actor=seller), "Only the side that made an offer")


def test_accepting_agrees_the_deal_and_generates_its_agreement(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_accept(offer=offer, actor=seller)
    offer.refresh_from_db()
    deal.refresh_from_db()
    assert (offer.status, deal.status) == ("accepted", "agreed")
    agreement = Agreement.objects.get(deal=deal)
    assert agreement.offer == offer and agreement.terms_data == offer.terms_data
    event = history(deal).get(action="agree")
    assert (event.from_state, event.to_state, event.data) == ("open", "agreed", {"offer_id": offer.pk, "side": "seller"})
    assert Notification.objects.filter(recipient=buyer, kind="deal_agree").count() == 1


def test_the_operation_centre_makes_no_offers(deal, operator, terms):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        offer_make(deal=deal, author=operator, terms=terms)
    assert snapshot() == before


# Rules: each refused with a clear error, nothing changed

def test_accepting_a_withdrawn_offer_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_withdraw(offer=offer, actor=buyer)
    _refused(lambda: offer_accept(offer=offer, actor=seller), "withdrawn")


def test_accepting_a_superseded_offer_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_make(deal=deal, author=seller, terms=good_terms(terms.patent_ids, upfront_fee=Decimal("300000")))
    _refused(lambda: offer_accept(offer=offer, actor=seller), "only the latest offer can be accepted")


def test_accepting_your_own_offer_is_refused(deal, buyer, buyer_colleague, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    _refused(lambda: offer_accept(offer=offer, actor=buyer_colleague), "cannot accept your own side's offer")


def test_accepting_an_accepted_offer_again_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_accept(offer=offer, actor=seller)
    _refused(lambda: offer_accept(offer=offer, actor=seller), "already been accepted")


@pytest.mark.parametrize("status", [Listing.Status.WITHDRAWN, Listing.Status.TRANSACTED])
def test_an_offer_on_a_listing_no_longer_published_is_refused(deal, buyer, terms, status):
    Listing.objects.filter(pk=deal.listing_id).update(status=status)
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=terms), "no longer published")


def test_accepting_on_a_listing_no_longer_published_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    Listing.objects.filter(pk=deal.listing_id).update(status=Listing.Status.TRANSACTED)
    _refused(lambda: offer_accept(offer=offer, actor=seller), "no longer published")


def test_a_term_past_the_patents_expiry_is_refused(deal, buyer, terms):
    patent = deal.listing.patent
    patent.expiry_date = terms.start_date + timedelta(days=365)
    patent.save()
    error = _refused(lambda: offer_make(deal=deal, author=buyer, terms=terms), "cannot run past it")
    assert "end_date" in error.message_dict


@pytest.mark.parametrize("rate", [Decimal("-0.5"), Decimal("100.01"), "abc", "NaN"])
def test_a_royalty_rate_outside_0_to_100_percent_is_refused(deal, buyer, terms, rate):
    error = _refused(lambda: offer_make(deal=deal, author=buyer, terms=good_terms(terms.patent_ids, royalty_rate=rate)),
                     "royalty rate")
    assert "royalty_rate" in error.message_dict


@pytest.mark.parametrize("amount,message", [
    ("-1", "greater than zero"), ("1000000000000.00", "too large"), ("NaN", "Enter an amount"),
    ("Infinity", "Enter an amount"), ("abc", "Enter an amount"),
])
@pytest.mark.parametrize("field", ["upfront_fee", "minimum_annual_royalty", "milestone"])
def test_negative_or_absurd_amounts_are_refused(deal, buyer, terms, field, amount, message):
    if field == "milestone":
        changed, key = {"milestones": (Milestone(label="首次量产", amount=amount),)}, "milestones"
    else:
        changed, key = {field: amount}, field
    error = _refused(lambda: offer_make(deal=deal, author=buyer, terms=good_terms(terms.patent_ids, **changed)),
                     message)
    assert key in error.message_dict


def test_a_deal_type_the_listing_does_not_offer_is_refused(deal, buyer, terms):
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=good_terms(terms.patent_ids, deal_kind="assignment",
                                                                          end_date=None)),
             "does not offer this deal type")


def test_a_patent_outside_the_listing_is_refused(deal, buyer):
    other = PatentFactory()
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=good_terms([other.pk])), "Only the patents")


def test_an_offer_in_a_closed_deal_is_refused(deal, buyer, seller, terms):
    deal_close(deal=deal, actor=seller, reason="不合适")
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=terms), "only while it is open")


def test_an_offer_or_a_withdrawal_in_an_agreed_deal_is_refused(deal, buyer, seller, terms):
    offer = offer_make(deal=deal, author=buyer, terms=terms)
    offer_accept(offer=offer, actor=seller)
    _refused(lambda: offer_make(deal=deal, author=seller, terms=terms), "only while it is open")
    _refused(lambda: offer_withdraw(offer=offer, actor=buyer), "accepted")


def test_a_note_too_long_is_refused(deal, buyer, terms):
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=terms, note="长" * 2001), "At most 2000")


# Pools: the whole pool or chosen patents, and the earliest expiry among those covered

@pytest.fixture
def pool_listing(university):
    soon, later = PatentFactory(), PatentFactory()
    pool = PatentPool.objects.create(name_zh="电池专利池", slug="battery-pool", administrator=university)
    pool.patents.set([soon, later, PatentFactory()])
    listing = PublishedListingFactory(owner=university, patent=None, pool=pool, title_zh="电池专利池",
                                      title_en="Battery pool")
    return listing, soon, later


def test_a_pool_offer_covers_the_whole_pool_or_chosen_patents(pool_listing, buyer_org, buyer):
    listing, soon, later = pool_listing
    deal = open_deal(listing, buyer_org, buyer)
    whole = offer_make(deal=deal, author=buyer, terms=good_terms(listing.pool.patents.values_list("pk", flat=True)))
    assert len(whole.terms.patent_ids) == 3
    chosen = offer_make(deal=deal, author=buyer, terms=good_terms([later.pk]))
    assert chosen.terms.patent_ids == (later.pk,)


def test_a_pool_term_runs_to_the_earliest_expiry_of_the_covered_patents(pool_listing, buyer_org, buyer):
    listing, soon, later = pool_listing
    terms = good_terms([soon.pk, later.pk])
    soon.expiry_date = terms.start_date + timedelta(days=30)
    soon.save()
    later.expiry_date = terms.start_date + timedelta(days=20 * 365)
    later.save()
    deal = open_deal(listing, buyer_org, buyer)
    _refused(lambda: offer_make(deal=deal, author=buyer, terms=terms), soon.expiry_date.isoformat())
    # Without the patent that expires soon, the same term is allowed.
    assert offer_make(deal=deal, author=buyer, terms=good_terms([later.pk])).status == "live"


def test_deal_status_stays_open_after_refusals(deal):
    assert Deal.objects.get(pk=deal.pk).status == "open"


def test_closing_a_deal_withdraws_its_live_offer_and_voids_an_agreement_awaiting_signatures(
        deal, buyer, seller, terms, listing):
    live = offer_make(deal=deal, author=buyer, terms=terms)
    deal_close(deal=deal, actor=seller, reason="不再谈")
    live.refresh_from_db()
    assert live.status == Offer.Status.WITHDRAWN

    agreed = open_deal(listing, deal.buyer, buyer)
    offer_accept(offer=offer_make(deal=agreed, author=buyer, terms=terms), actor=seller)
    deal_close(deal=agreed, actor=buyer, reason="预算取消")
    agreement = Agreement.objects.get(deal=agreed)
    assert agreement.status == Agreement.Status.VOID and agreement.voided_at is not None
    assert history(agreement).get(action="void").data == {"deal_closed": True}
