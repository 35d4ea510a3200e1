"""Accepted offers made directly with the ORM (the offers services are another part's), and their agreements."""

from datetime import date
from decimal import Decimal

from deals.agreements import agreement_generate
from deals.models import Deal, DealMessage, Offer
from deals.terms import DealKind, LicenceTerms, Milestone, terms_to_json

from ..factories import PatentFactory, PublishedListingFactory


def accepted_offer(*, seller_org, buyer_org, author, easy_access=False, **terms) -> Offer:
    """A deal on a new listing of `seller_org` (two patents, one Chinese title each), moved to AGREED with an
    accepted offer of the buyer's."""
    listing = PublishedListingFactory(owner=seller_org, patent=PatentFactory(
        publication_number=terms.pop("number", None) or PatentFactory.build().publication_number,
        expiry_date=date(2040, 5, 1)))
    deal = Deal.objects.create(listing=listing, buyer=buyer_org, seller=seller_org, status=Deal.Status.AGREED,
                               last_message_at=listing.published_at)
    values = {
        "deal_kind": DealKind.EXCLUSIVE, "patent_ids": (listing.patent_id,), "start_date": date(2027, 1, 1),
        "end_date": date(2031, 12, 31), "territory": "中国大陆", "field_of_use": "动力电池",
        "upfront_fee": Decimal("200000.00"), "royalty_rate": Decimal("3.500"),
        "minimum_annual_royalty": Decimal("50000.00"),
        "milestones": (Milestone(label="量产", amount=Decimal("100000.00")),),
    } | terms
    return Offer.objects.create(deal=deal, side=DealMessage.Side.BUYER, author=author,
                                terms_data=terms_to_json(LicenceTerms(**values)), status=Offer.Status.ACCEPTED,
                                easy_access=easy_access)


def agreement_for(*, seller_org, buyer_org, author, **kwargs):
    offer = accepted_offer(seller_org=seller_org, buyer_org=buyer_org, author=author, **kwargs)
    return agreement_generate(offer=offer, actor=author)
