"""Deals, licence income, commission and voucher money per month, counted in Beijing time from the payments,
the deals' workflow events and the voucher ledger."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from deals.models import Agreement, Deal, Offer
from deals.terms import DealKind, LicenceTerms, terms_to_json
from licences.models import Distribution, DistributionRefund, Instalment
from operations.periods import MONTH, Period
from operations.selectors.money import deal_trend, deals_by_stage, income_trend
from operations.selectors.vouchers import agencies, programme_budgets, voucher_trend
from payments.models import Payment, Refund
from tests.factories import OrganisationFactory, PublishedListingFactory
from tests.royalties.helpers import licence_create, pool_payment
from tests.vouchers.conftest import (  # noqa: F401 - fixtures
    accreditation,
    agency,
    agency_member,
    authority,
    officer,
    product,
    programme,
    voucher,
)
from tests.vouchers.officer_helpers import confirmed_order
from vouchers.models import LedgerTransaction

from .helpers import dated, event, local

FIRST_QUARTER = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), grain=MONTH)
D = Deal.Status


def _agreement(deal, *, upfront: str, status: str) -> Agreement:
    terms = terms_to_json(LicenceTerms(deal_kind=DealKind.NON_EXCLUSIVE, patent_ids=(deal.listing.patent_id,),
                                       start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2027, 1, 1),
                                       upfront_fee=Decimal(upfront)))
    offer_status = Offer.Status.WITHDRAWN if status == Agreement.Status.VOID else Offer.Status.ACCEPTED
    offer = Offer.objects.create(deal=deal, side="seller", terms_data=terms, status=offer_status)
    return Agreement.objects.create(deal=deal, offer=offer, terms_data=terms, status=status,
                                    commission_percent=Decimal(3))


def _deal(seller, buyer, status: str, when: datetime.datetime) -> Deal:
    deal = Deal.objects.create(listing=PublishedListingFactory(owner=seller), buyer=buyer, seller=seller,
                               status=status, last_message_at=timezone.now())
    return dated(deal, when)


@pytest.fixture
def parties(db):
    return OrganisationFactory(kind="university"), OrganisationFactory(kind="enterprise")


@pytest.fixture
def licence(parties):
    licensor, licensee = parties
    licence = licence_create(licensor=licensor, licensee=licensee)
    dated(licence.deal, local(2026, 3, 1, 9, 0))
    event(licence.deal, "license", local(2026, 3, 2, 9, 0), from_state=D.SIGNED, to_state=D.LICENSED)
    return licence


def test_deals_per_month_and_by_stage_with_their_value(parties, licence):
    seller, buyer = parties
    _deal(seller, buyer, D.OPEN, local(2026, 1, 5, 9, 0))
    agreed = _deal(seller, buyer, D.AGREED, local(2026, 2, 10, 9, 0))
    _agreement(agreed, upfront="99999.00", status=Agreement.Status.VOID)  # called off: not its value
    _agreement(agreed, upfront="50000.00", status=Agreement.Status.AWAITING_SIGNATURES)
    event(agreed, "agree", local(2026, 2, 11, 9, 0), from_state=D.OPEN, to_state=D.AGREED)
    _deal(seller, buyer, D.CLOSED, local(2025, 12, 31, 23, 59))  # New Year's Eve in Beijing: not in the quarter
    assert deal_trend(FIRST_QUARTER) == [
        # period, opened, agreed, signed, licensed, closed
        ["2026-01", 1, 0, 0, 0, 0],
        ["2026-02", 1, 1, 0, 0, 0],
        ["2026-03", 1, 0, 0, 1, 0],
    ]
    by_stage = {status: row[1:] for (status, _label), row in zip(D.choices, deals_by_stage(FIRST_QUARTER))}
    assert by_stage == {D.OPEN: [1, 0], D.AGREED: [1, Decimal("50000.00")], D.SIGNED: [0, 0],
                        D.LICENSED: [1, Decimal("0.00")], D.CLOSED: [0, 0]}


def test_licence_income_and_commission_as_paid(parties, licence):
    licensor, licensee = parties
    upfront_payment = Payment.objects.create(payer=licensee, payee=licensor, amount=Decimal("20000.00"),
                                             provider="offline", status=Payment.Status.SUCCEEDED)
    upfront = Instalment.objects.create(agreement=licence.agreement, licence=licence, kind=Instalment.Kind.UPFRONT,
                                        amount=Decimal("20000.00"), currency="CNY", status=Instalment.Status.PAID,
                                        paid_by=upfront_payment, paid_at=local(2026, 1, 31, 23, 59))
    dated(Distribution.objects.create(payment=upfront_payment, instalment=upfront, role=Distribution.Role.COMMISSION,
                                      amount=Decimal("600.00"), currency="CNY"), local(2026, 1, 31, 23, 59))
    # 00:00 on 1 February in Beijing (16:00 on 31 January in UTC): February's.
    royalty_payment = pool_payment(licence=licence, amount="10000.00", parts={licensor: ("100", "9700.00")},
                                   commission="300.00", created_at=local(2026, 2, 1, 0, 0))
    Instalment.objects.filter(paid_by=royalty_payment).update(paid_at=local(2026, 2, 1, 0, 0))
    refund = Refund.objects.create(payment=royalty_payment, amount=Decimal("100.00"), reason="部分退款")
    commission = Distribution.objects.get(payment=royalty_payment, role=Distribution.Role.COMMISSION)
    dated(DistributionRefund.objects.create(distribution=commission, refund=refund, amount=Decimal("100.00")),
          local(2026, 3, 3, 9, 0))
    # Owed but not paid, and paid after the quarter: neither counts.
    Instalment.objects.create(agreement=licence.agreement, licence=licence, kind=Instalment.Kind.MILESTONE,
                              amount=Decimal("5000.00"), currency="CNY")
    Instalment.objects.create(agreement=licence.agreement, licence=licence, kind=Instalment.Kind.MILESTONE,
                              amount=Decimal("7000.00"), currency="CNY", status=Instalment.Status.PAID,
                              paid_at=local(2026, 4, 1, 0, 0))
    assert income_trend(FIRST_QUARTER) == [
        # period, licence fees, royalties, commission, commission refunded
        ["2026-01", Decimal("20000.00"), 0, Decimal("600.00"), 0],
        ["2026-02", 0, Decimal("10000.00"), Decimal("300.00"), 0],
        ["2026-03", 0, 0, 0, Decimal("100.00")],
    ]


def test_voucher_money_from_the_ledger(programme):  # noqa: F811
    for kind, amount, when in [(LedgerTransaction.Kind.RESERVE, "5000.00", local(2026, 1, 10, 9, 0)),
                               (LedgerTransaction.Kind.REDEEM, "3000.00", local(2026, 2, 10, 9, 0)),
                               (LedgerTransaction.Kind.SETTLE, "3000.00", local(2026, 3, 10, 9, 0)),
                               (LedgerTransaction.Kind.EXPIRE, "2000.00", local(2026, 3, 31, 23, 59, 59)),
                               (LedgerTransaction.Kind.RESERVE, "9000.00", local(2026, 4, 1, 0, 0))]:
        dated(LedgerTransaction.objects.create(kind=kind, programme=programme, amount=Decimal(amount)), when)
    assert voucher_trend(FIRST_QUARTER) == [
        # period, issued, redeemed, settled, expired, reversed
        ["2026-01", Decimal("5000.00"), 0, 0, 0, 0],
        ["2026-02", 0, Decimal("3000.00"), 0, 0, 0],
        ["2026-03", 0, 0, Decimal("3000.00"), Decimal("2000.00"), 0],
    ]
    # The officers' own figures: funded, available, on vouchers, held, approved unpaid, paid.
    assert programme_budgets()[0][2:] == [Decimal("100000.00"), Decimal("100000.00")] + [Decimal("0.00")] * 4


def test_accredited_agencies_with_their_orders_and_ratings(voucher, product, buyer, agency_member,  # noqa: F811
                                                           operator, agency):  # noqa: F811
    confirmed_order(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member, operator=operator)
    OrganisationFactory(kind="service_agency")  # not accredited: not listed
    today = timezone.localdate()
    rows = agencies(Period(start=today.replace(day=1), end=today, grain=MONTH))
    assert rows == [[str(agency), "江苏省", "苏州市", 1, 1, 1, 5.0]]
    last_year = Period(start=datetime.date(today.year - 1, 1, 1), end=datetime.date(today.year - 1, 12, 31))
    assert agencies(last_year) == [[str(agency), "江苏省", "苏州市", 0, 0, 0, None]]
