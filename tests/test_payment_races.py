"""Money never moves twice: confirmations and refunds racing on PostgreSQL, 20 trials each."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.workflow import history
from payments.models import Payment, Refund
from payments.services import payment_confirm, payment_create, payment_refund

from .concurrency import race, racing
from .factories import OrganisationFactory

TRIALS = 20


@pytest.fixture
def parties(university):
    return OrganisationFactory(kind="enterprise"), university


def _payment(parties, amount="1000.00") -> Payment:
    payer, payee = parties
    return payment_create(payer=payer, payee=payee, amount=amount, description="licence fee")


@racing
def test_one_bank_reference_settles_one_of_two_payments_confirmed_at_once(parties, operator):
    for n in range(TRIALS):
        first, second = _payment(parties), _payment(parties)
        reference = f"BANK-{n}"
        outcomes = race(lambda: payment_confirm(payment=first, actor=operator, reference=reference),
                        lambda: payment_confirm(payment=second, actor=operator, reference=reference))
        assert sorted(o.ok for o in outcomes) == [False, True]
        refused = next(o.error for o in outcomes if not o.ok)
        assert isinstance(refused, ValidationError)
        assert list(refused.message_dict) == ["reference"]  # a form error on the reference field, not a 500
        statuses = sorted(Payment.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
        assert statuses == [Payment.Status.CREATED, Payment.Status.SUCCEEDED]
        assert Payment.objects.filter(provider_reference=reference).count() == 1


@racing
def test_a_payment_confirmed_twice_at_once_succeeds_once(parties, operator):
    for n in range(TRIALS):
        payment = _payment(parties)
        outcomes = race(lambda: payment_confirm(payment=payment, actor=operator, reference=f"A-{n}"),
                        lambda: payment_confirm(payment=payment, actor=operator, reference=f"B-{n}"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert history(payment).filter(action="succeed").count() == 1


@racing
def test_two_refunds_at_once_never_return_more_than_was_paid(parties, operator):
    for n in range(TRIALS):
        payment = payment_confirm(payment=_payment(parties), actor=operator, reference=f"R-{n}")
        outcomes = race(lambda: payment_refund(payment=payment, actor=operator, reason="cancelled", amount="700"),
                        lambda: payment_refund(payment=payment, actor=operator, reason="cancelled", amount="600"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        refunded = sum(Refund.objects.filter(payment=payment).values_list("amount", flat=True), Decimal(0))
        assert refunded in (Decimal("700"), Decimal("600"))
        assert history(payment).filter(action="refund_partially").count() == 1
