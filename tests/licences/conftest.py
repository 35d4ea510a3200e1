"""A signed agreement between a buyer and a university, made through the ORM (the signing pages are another
part's), and the `agreement_signed` signal as the signing service sends it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from deals.models import Agreement, Deal, DealMessage, Offer
from deals.signals import agreement_signed
from deals.terms import DealKind, LicenceTerms, Milestone, terms_to_json
from marketplace.models import PatentPool, PoolMember

from ..factories import OrganisationFactory, PatentFactory, PublishedListingFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_terms(patent_ids, *, kind=DealKind.NON_EXCLUSIVE, upfront="10000.00", milestones=()) -> LicenceTerms:
    start = date.today()
    return LicenceTerms(
        deal_kind=kind, patent_ids=tuple(patent_ids), start_date=start,
        end_date=None if kind == DealKind.ASSIGNMENT else start + timedelta(days=3 * 365),
        upfront_fee=Decimal(upfront), territory="中国大陆", field_of_use="储能电池",
        milestones=tuple(Milestone(label=label, amount=Decimal(amount)) for label, amount in milestones),
    )


def signed_agreement(*, listing, buyer_org, **terms_kwargs) -> Agreement:
    """A deal on `listing` whose agreement both parties have signed (the deal is SIGNED)."""
    patent_ids = [listing.patent_id] if listing.patent_id else list(listing.pool.patents.values_list("pk", flat=True))
    terms = make_terms(patent_ids, **terms_kwargs)
    deal = Deal.objects.create(listing=listing, buyer=buyer_org, seller=listing.owner, status=Deal.Status.SIGNED,
                               last_message_at=listing.created_at)
    offer = Offer.objects.create(deal=deal, side=DealMessage.Side.SELLER, terms_data=terms_to_json(terms),
                                 status=Offer.Status.ACCEPTED)
    return Agreement.objects.create(deal=deal, offer=offer, terms_data=terms_to_json(terms),
                                    commission_percent=settings.PLATFORM_COMMISSION_PERCENT,
                                    status=Agreement.Status.SIGNED)


def sign(agreement: Agreement) -> None:
    """What the signing service does after the second signature commits."""
    agreement_signed.send(sender=None, deal_id=agreement.deal_id, agreement_id=agreement.pk)


@pytest.fixture
def listing(university):
    return PublishedListingFactory(owner=university, deal_types=["non_exclusive_licence", "exclusive_licence"])


@pytest.fixture
def pool_listing(university):
    """A pool of three members (shares 50, 30, 20) listed by the university, its administrator."""
    pool = PatentPool.objects.create(name_zh="储能专利池", slug="storage-pool", administrator=university)
    for n in range(2):
        pool.patents.add(PatentFactory())
    others = [OrganisationFactory(name_zh=f"成员{n}", slug=f"member-{n}") for n in range(2)]
    for organisation, share in zip([university, *others], ["50", "30", "20"], strict=True):
        PoolMember.objects.create(pool=pool, organisation=organisation, share=Decimal(share))
    return PublishedListingFactory(owner=university, patent=None, pool=pool, title_zh="储能专利池许可", title_en="Storage pool")
