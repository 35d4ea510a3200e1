"""Money moves once on PostgreSQL, 20 trials each: two payments of one instalment started at once, a card
payment's success reported by webhook and by the checkout's confirmation at once, two operators confirming one
transfer at once, two refunds at once, the licence recorded twice at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from deals.models import Deal
from deals.terms import DealKind
from licences.models import Distribution, DistributionRefund, Instalment, Licence
from licences.services import (
    instalment_card_confirm,
    instalment_pay,
    instalments_create_for_agreement,
    licence_record,
)
from marketplace.models import Listing
from marketplace.workflow import history
from payments.models import Payment
from payments.providers import get_provider
from payments.services import payment_confirm, payment_refund, webhook_handle

from ..concurrency import race, racing
from ..factories import PublishedListingFactory
from ..test_payments_stripe import (  # noqa: F401
    intent_event,
    localstripe_url,
    signed_headers,
    stripe_settings,  # noqa: F401 - fixtures
)
from .conftest import signed_agreement

TRIALS = 20


def _due(university, buyer_org, **terms) -> Instalment:
    listing = PublishedListingFactory(owner=university, deal_types=["exclusive_licence"])
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org, **terms)
    return instalments_create_for_agreement(agreement=agreement)[0]


def _close(instalment: Instalment) -> None:
    """Free the (listing, buyer) pair for the next trial's deal."""
    Deal.objects.filter(pk=instalment.agreement.deal_id).update(status=Deal.Status.CLOSED)


def _one_effect(instalment: Instalment) -> None:
    instalment.refresh_from_db()
    assert instalment.status == Instalment.Status.PAID
    assert history(instalment).filter(action="pay").count() == 1
    assert Distribution.objects.filter(instalment=instalment).count() == 2
    assert Licence.objects.filter(deal_id=instalment.agreement.deal_id).count() == 1


@racing
def test_two_payments_of_one_milestone_at_once_open_one(university, buyer_org, buyer):
    for _ in range(TRIALS):
        milestone = _due(university, buyer_org, upfront="0", milestones=[("量产", "5000.00")])
        outcomes = race(lambda: instalment_pay(instalment=milestone, actor=buyer, method="offline"),
                        lambda: instalment_pay(instalment=milestone, actor=buyer, method="offline"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), ValidationError)
        assert Payment.objects.filter(purpose_id=str(milestone.pk)).count() == 1
        _close(milestone)


@racing
def test_webhook_and_checkout_confirmation_at_once_have_one_effect(stripe_settings, university,  # noqa: F811
                                                                   buyer_org, buyer):
    for n in range(TRIALS):
        upfront = _due(university, buyer_org)
        payment = instalment_pay(instalment=upfront, actor=buyer, method="card")
        payload = intent_event(f"evt_race_{n}", "payment_intent.succeeded", payment.provider_reference)
        headers = {"Stripe-Signature": signed_headers(payload)["HTTP_STRIPE_SIGNATURE"]}
        outcomes = race(
            lambda: webhook_handle(provider=get_provider("stripe"), payload=payload, headers=headers),
            lambda: instalment_card_confirm(payment=payment, actor=buyer, payment_method="pm_card_visa"),
        )
        assert outcomes[0].ok  # the webhook is always acknowledged
        assert outcomes[1].ok or isinstance(outcomes[1].error, ValidationError)  # "already succeeded"
        _one_effect(upfront)
        assert history(payment).filter(action="succeed").count() == 1
        _close(upfront)


@racing
def test_two_operators_confirming_one_transfer_at_once_have_one_effect(university, buyer_org, buyer, operator):
    for n in range(TRIALS):
        upfront = _due(university, buyer_org)
        payment = instalment_pay(instalment=upfront, actor=buyer, method="offline")
        outcomes = race(lambda: payment_confirm(payment=payment, actor=operator, reference=f"A-{n}"),
                        lambda: payment_confirm(payment=payment, actor=operator, reference=f"B-{n}"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        _one_effect(upfront)
        _close(upfront)


@racing
def test_two_refunds_at_once_are_each_taken_back_once(university, buyer_org, buyer, operator):
    for n in range(TRIALS):
        upfront = _due(university, buyer_org)
        payment = payment_confirm(payment=instalment_pay(instalment=upfront, actor=buyer, method="offline"),
                                  actor=operator, reference=f"R-{n}")
        outcomes = race(lambda: payment_refund(payment=payment, actor=operator, reason="退款", amount="1000.00"),
                        lambda: payment_refund(payment=payment, actor=operator, reason="退款", amount="2000.00"))
        assert all(o.ok for o in outcomes)
        parts = DistributionRefund.objects.filter(distribution__payment=payment)
        assert sum(p.amount for p in parts) == Decimal("3000.00")
        assert sorted(sum(p.amount for p in parts if p.refund_id == o.value.pk) for o in outcomes) == [
            Decimal("1000.00"), Decimal("2000.00")]
        _close(upfront)


@racing
def test_the_licence_recorded_twice_at_once_is_recorded_once(university, buyer_org):
    for _ in range(TRIALS):
        milestone = _due(university, buyer_org, upfront="0", kind=DealKind.EXCLUSIVE,
                         milestones=[("量产", "5000.00")])
        agreement = milestone.agreement
        outcomes = race(lambda: licence_record(agreement=agreement), lambda: licence_record(agreement=agreement))
        assert all(o.ok for o in outcomes) and outcomes[0].value.pk == outcomes[1].value.pk
        deal = Deal.objects.get(pk=agreement.deal_id)
        assert deal.status == Deal.Status.LICENSED and history(deal).filter(action="license").count() == 1
        listing = Listing.objects.get(pk=deal.listing_id)
        assert listing.status == Listing.Status.TRANSACTED
        assert history(listing).filter(action="mark_transacted").count() == 1
        assert Licence.objects.filter(deal=deal).count() == 1
