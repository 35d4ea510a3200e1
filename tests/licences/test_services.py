"""Instalments, paying them, settling once, distributions, refunds and the licence they lead to."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deals.models import Deal
from deals.services import deal_close
from deals.terms import DealKind
from licences.models import Distribution, DistributionRefund, Instalment, Licence
from licences.services import (
    instalment_pay,
    instalments_create_for_agreement,
    licence_record,
)
from marketplace.models import Listing
from marketplace.workflow import history
from payments.models import Payment
from payments.services import payment_confirm, payment_refund

from .conftest import sign, signed_agreement

pytestmark = pytest.mark.django_db
MILESTONES = [("首批产品上市", "20000.00"), ("年销售额过亿", "50000.00")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what happens after each commit (signal receivers), as in production."""
    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)
    return run


def _upfront(agreement) -> Instalment:
    return agreement.instalments.get(kind=Instalment.Kind.UPFRONT)


def test_signing_sets_up_the_upfront_fee_and_milestones_once(listing, buyer_org, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, milestones=MILESTONES)
    committed(sign, agreement)
    committed(sign, agreement)  # the signal delivered twice
    assert sorted(agreement.instalments.values_list("kind", "amount")) == [
        ("milestone", Decimal("20000.00")), ("milestone", Decimal("50000.00")), ("upfront", Decimal("10000.00"))]
    assert instalments_create_for_agreement(agreement=agreement) and agreement.instalments.count() == 3
    assert not Licence.objects.exists()  # the upfront fee is owed first
    assert Deal.objects.get().status == Deal.Status.SIGNED


def test_nothing_up_front_records_the_licence_at_once(listing, buyer_org, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, upfront="0", milestones=MILESTONES[:1])
    committed(sign, agreement)
    licence = Licence.objects.get()
    assert (licence.licensor, licence.licensee, licence.listing) == (listing.owner, buyer_org, listing)
    assert list(licence.patents.all()) == [listing.patent]
    assert licence.commission_percent == Decimal("3") and licence.deal_kind == DealKind.NON_EXCLUSIVE
    assert licence.instalments.count() == 1  # the milestone is attached
    assert Deal.objects.get().status == Deal.Status.LICENSED
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED  # non-exclusive: still on the market
    assert history(licence).filter(action="record").count() == 1


def test_exclusive_licence_transacts_the_listing_audited(listing, buyer_org, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, upfront="0", kind=DealKind.EXCLUSIVE)
    committed(sign, agreement)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.TRANSACTED
    event = history(listing).get(action="mark_transacted")
    assert event.from_state == "published" and "Licence" in event.reason


def test_licence_needs_the_upfront_fee_paid_and_a_signed_agreement(listing, buyer_org, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    with pytest.raises(ValidationError, match="upfront fee"):
        licence_record(agreement=agreement)
    assert not Licence.objects.exists()


def test_offline_payment_is_paid_only_when_an_operator_confirms(listing, buyer_org, buyer, operator, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    upfront = _upfront(agreement)
    payment = committed(instalment_pay, instalment=upfront, actor=buyer, method="offline")
    assert (payment.payer, payment.payee, payment.amount) == (buyer_org, listing.owner, Decimal("10000.00"))
    assert payment.purpose == upfront and payment.provider == "offline"
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.DUE and not Licence.objects.exists()

    committed(payment_confirm, payment=payment, actor=operator, reference="ICBC-20261129-0001")
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.PAID and upfront.paid_by == payment and upfront.paid_at
    parts = {(d.role, d.recipient_id): d.amount for d in Distribution.objects.filter(payment=payment)}
    assert parts == {("commission", None): Decimal("300.00"), ("licensor", listing.owner.pk): Decimal("9700.00")}
    licence = Licence.objects.get()
    assert upfront.__class__.objects.get(pk=upfront.pk).licence == licence
    assert Deal.objects.get().status == Deal.Status.LICENSED


def test_pay_is_refused_to_others_twice_and_when_paid(listing, buyer_org, buyer, seller, operator, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    upfront = _upfront(agreement)
    for actor in (seller, operator):
        with pytest.raises(Exception, match="licensee"):
            instalment_pay(instalment=upfront, actor=actor, method="offline")
    with pytest.raises(ValidationError):
        instalment_pay(instalment=upfront, actor=buyer, method="cheque")
    payment = instalment_pay(instalment=upfront, actor=buyer, method="offline")
    with pytest.raises(ValidationError, match="already under way"):
        instalment_pay(instalment=upfront, actor=buyer, method="offline")
    committed(payment_confirm, payment=payment, actor=operator, reference="B-1")
    with pytest.raises(ValidationError, match="already paid"):
        instalment_pay(instalment=upfront, actor=buyer, method="offline")
    assert Payment.objects.count() == 1


def test_card_without_stripe_configured_is_a_clear_error(listing, buyer_org, buyer, settings, committed):
    settings.STRIPE_SECRET_KEY = ""
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    from payments.providers.base import ProviderError
    with pytest.raises(ProviderError, match="not configured"):
        instalment_pay(instalment=_upfront(agreement), actor=buyer, method="card")
    assert not Payment.objects.exists()


def test_pool_licence_payment_is_split_among_members_to_the_cent(pool_listing, buyer_org, buyer, operator,
                                                                  committed):
    agreement = signed_agreement(listing=pool_listing, buyer_org=buyer_org, upfront="1000.01")
    committed(sign, agreement)
    payment = committed(instalment_pay, instalment=_upfront(agreement), actor=buyer, method="offline")
    committed(payment_confirm, payment=payment, actor=operator, reference="POOL-1")
    parts = list(Distribution.objects.filter(payment=payment).order_by("-amount"))
    assert sum(d.amount for d in parts) == Decimal("1000.01")
    commission = next(d for d in parts if d.role == "commission")
    assert commission.amount == Decimal("30.00")
    members = sorted((d.share_percent, d.amount) for d in parts if d.role == "pool_member")
    # 970.01 by 20/30/50: quotas 194.002, 291.003, 485.005 -> the spare cent to the largest remainder (50 %)
    assert members == [(Decimal("20"), Decimal("194.00")), (Decimal("30"), Decimal("291.00")),
                       (Decimal("50"), Decimal("485.01"))]
    assert Licence.objects.get().pool == pool_listing.pool


def test_refunds_are_taken_back_from_each_part_and_a_full_refund_makes_it_due(
        listing, buyer_org, buyer, operator, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    upfront = _upfront(agreement)
    payment = committed(instalment_pay, instalment=upfront, actor=buyer, method="offline")
    committed(payment_confirm, payment=payment, actor=operator, reference="R-1")

    committed(payment_refund, payment=payment, actor=operator, reason="部分退款", amount="1000.00")
    back = {p.distribution.role: p.amount for p in DistributionRefund.objects.select_related("distribution")}
    assert back == {"commission": Decimal("30.00"), "licensor": Decimal("970.00")}
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.PAID

    committed(payment_refund, payment=payment, actor=operator, reason="合同解除")
    per_part = {}
    for part in DistributionRefund.objects.select_related("distribution"):
        per_part[part.distribution_id] = per_part.get(part.distribution_id, 0) + part.amount
    assert all(per_part[d.pk] == d.amount for d in Distribution.objects.all())  # everything taken back
    assert sum(per_part.values()) == payment.amount
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.DUE and upfront.paid_by is None
    assert history(upfront).filter(action="reopen").count() == 1
    assert Licence.objects.count() == 1  # the licence stays recorded; the fee is owed again


def test_closing_the_deal_before_the_licence_cancels_what_is_due(listing, buyer_org, buyer, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, milestones=MILESTONES)
    committed(sign, agreement)
    committed(deal_close, deal=agreement.deal, actor=buyer, reason="融资失败")
    assert set(agreement.instalments.values_list("status", flat=True)) == {Instalment.Status.CANCELLED}
    with pytest.raises(ValidationError, match="already cancelled"):
        instalment_pay(instalment=_upfront(agreement), actor=buyer, method="offline")


def test_a_payment_confirmed_after_the_deal_closed_is_kept_apart(listing, buyer_org, buyer, operator, committed):
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    upfront = _upfront(agreement)
    payment = committed(instalment_pay, instalment=upfront, actor=buyer, method="offline")
    committed(deal_close, deal=agreement.deal, actor=buyer, reason="取消")
    committed(payment_confirm, payment=payment, actor=operator, reference="LATE-1")
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.CANCELLED and not Distribution.objects.exists()
    assert history(upfront).filter(action="payment_unexpected").count() == 1
    assert not Licence.objects.exists()


def test_the_buyer_cancels_an_attempt_and_starts_another(listing, buyer_org, buyer, seller, operator, committed):
    from licences.services import instalment_attempt_cancel

    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    committed(sign, agreement)
    upfront = _upfront(agreement)
    first = instalment_pay(instalment=upfront, actor=buyer, method="offline")
    with pytest.raises(Exception, match="payer or the operation centre"):
        instalment_attempt_cancel(payment=first, actor=seller)
    first = committed(instalment_attempt_cancel, payment=first, actor=buyer)
    assert first.status == Payment.Status.CANCELLED
    with pytest.raises(ValidationError, match="already cancelled"):
        payment_confirm(payment=first, actor=operator, reference="TOO-LATE")
    second = instalment_pay(instalment=upfront, actor=buyer, method="offline")
    assert second.pk != first.pk and second.idempotency_key != first.idempotency_key
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.DUE
