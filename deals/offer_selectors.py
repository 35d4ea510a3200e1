"""Reads of offers: a deal's offers, the latest two compared term by term, what the reader may do with them,
and a listing's easy-access terms."""

from decimal import ROUND_HALF_UP

from django.conf import settings

from marketplace.models import Listing

from .models import Deal, DealMessage, EasyAccessTerms, Offer
from .terms import CENT, LicenceTerms, terms_changed
from .terms_display import amount_display, terms_rows

PARTIES = (DealMessage.Side.BUYER, DealMessage.Side.SELLER)


def offer_list(*, deal: Deal) -> list[Offer]:
    """The deal's offers, newest first."""
    return list(deal.offers.select_related("author", "supersedes").order_by("-created_at", "-pk"))


def offer_get(*, deal: Deal, pk: int) -> Offer:
    return deal.offers.select_related("deal__listing__pool", "deal__listing__patent", "author").get(pk=pk)


def offer_comparison(*, latest: Offer, previous: Offer | None, listing: Listing) -> list[dict]:
    """Each term of the latest offer beside the one before it, marked `changed` where they differ."""
    changed = terms_changed(previous.terms, latest.terms) if previous else set()
    before = dict((name, value) for name, _label, value in terms_rows(previous.terms, listing)) if previous else {}
    return [
        {"name": name, "label": label, "latest": value, "previous": before.get(name), "changed": name in changed}
        for name, label, value in terms_rows(latest.terms, listing)
    ]


def offer_can_accept(*, offer: Offer, side: str | None) -> bool:
    """Only the other side's live offer in an open deal can be accepted (the service enforces it; this spares
    the reader a button that can only fail)."""
    return (offer.status == Offer.Status.LIVE and side in PARTIES and offer.side != side
            and offer.deal.status == Deal.Status.OPEN)


def offer_can_withdraw(*, offer: Offer, side: str | None) -> bool:
    return offer.status == Offer.Status.LIVE and offer.side == side and offer.deal.status == Deal.Status.OPEN


def offer_commission(terms: LicenceTerms) -> dict:
    """The platform commission that applies, and what it comes to on the upfront fee."""
    percent = settings.PLATFORM_COMMISSION_PERCENT
    return {"percent": percent,
            "on_upfront_fee": amount_display(terms.currency,
                                             (terms.upfront_fee * percent / 100).quantize(CENT, ROUND_HALF_UP))
            if terms.upfront_fee else ""}


def easy_access_get(*, listing: Listing, enabled_only: bool = False) -> EasyAccessTerms | None:
    terms = EasyAccessTerms.objects.filter(listing=listing)
    return (terms.filter(enabled=True) if enabled_only else terms).select_related("listing").first()
