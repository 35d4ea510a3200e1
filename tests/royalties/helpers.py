"""Licences and their payments made directly with the ORM (deal, accepted offer, signed agreement, licence),
independent of the services that record them in the running site."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from deals.models import Agreement, Deal, Offer
from deals.terms import DealKind, LicenceTerms, ReportingPeriod, terms_to_json
from licences.models import Distribution, Instalment, Licence
from payments.models import Payment

from ..factories import PublishedListingFactory


def licence_create(*, licensor, licensee, pool=None, start=date(2025, 1, 1), end=date(2027, 12, 31),
                   rate="5", minimum="0", period=ReportingPeriod.QUARTERLY, base="net_sales",
                   currency="CNY") -> Licence:
    listing = PublishedListingFactory(owner=licensor, pool=pool, patent=None, title_zh=pool.name_zh,
                                      title_en=pool.name_en) if pool else PublishedListingFactory(owner=licensor)
    terms = LicenceTerms(
        deal_kind=DealKind.NON_EXCLUSIVE, patent_ids=(listing.patent_id,) if listing.patent_id else (),
        start_date=start, end_date=end, currency=currency,
        royalty_rate=Decimal(rate) if rate is not None else None, royalty_base=base,
        minimum_annual_royalty=Decimal(minimum), reporting_period=period,
    )
    data = terms_to_json(terms)
    deal = Deal.objects.create(listing=listing, buyer=licensee, seller=licensor, status=Deal.Status.LICENSED,
                               last_message_at=timezone.now())
    offer = Offer.objects.create(deal=deal, side="seller", terms_data=data, status=Offer.Status.ACCEPTED)
    agreement = Agreement.objects.create(deal=deal, offer=offer, terms_data=data, status=Agreement.Status.SIGNED,
                                         commission_percent=Decimal("3"))
    return Licence.objects.create(
        deal=deal, agreement=agreement, listing=listing, pool=pool, licensor=licensor, licensee=licensee,
        deal_kind=terms.deal_kind, terms_data=data, start_date=start, end_date=end,
        commission_percent=Decimal("3"),
    )


def pool_payment(*, licence, amount: str, parts: dict, commission: str, created_at=None):
    """A succeeded payment of a royalty invoice under `licence`, distributed as given: `parts` maps each
    recipient organisation to its (share, amount); the platform keeps `commission`."""
    instalment = Instalment.objects.create(agreement=licence.agreement, licence=licence,
                                           kind=Instalment.Kind.ROYALTY, label="Royalties 2025-Q1",
                                           amount=Decimal(amount), currency="CNY", status=Instalment.Status.PAID)
    payment = Payment.objects.create(payer=licence.licensee, payee=licence.licensor, amount=Decimal(amount),
                                     provider="offline", status=Payment.Status.SUCCEEDED)
    Instalment.objects.filter(pk=instalment.pk).update(paid_by=payment)
    Distribution.objects.create(payment=payment, instalment=instalment, recipient=None,
                                role=Distribution.Role.COMMISSION, share_percent=licence.commission_percent,
                                amount=Decimal(commission), currency="CNY")
    role = Distribution.Role.POOL_MEMBER if licence.pool else Distribution.Role.LICENSOR
    for organisation, (share, part) in parts.items():
        Distribution.objects.create(payment=payment, instalment=instalment, recipient=organisation, role=role,
                                    share_percent=Decimal(share), amount=Decimal(part), currency="CNY")
    if created_at is not None:
        Distribution.objects.filter(payment=payment).update(created_at=created_at)
    return payment
