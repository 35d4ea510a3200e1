"""Stripe webhook events signed exactly as Stripe signs them: malformed ones are refused, refund updates
move refunds and payments along their workflows once, whatever the order or number of deliveries."""

import json
import time
from decimal import Decimal

import pytest
from django.utils import translation

from marketplace.models import AuditEvent
from marketplace.workflow import history
from payments.models import Payment, Refund, WebhookEvent
from payments.providers import get_provider
from payments.services import payment_confirm, payment_create, payment_refund, webhook_handle

from .concurrency import postgres_only, race
from .factories import OrganisationFactory
from .test_payments_stripe import (  # noqa: F401 - fixtures
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    localstripe_url,
    parties,
    signed_headers,
    stripe_settings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_webhooks(settings, client):
    """Webhooks need no Stripe server: only the secrets."""
    settings.STRIPE_SECRET_KEY = "sk_test_ipmarket"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def post(client, payload: bytes):
    return client.post(WEBHOOK_URL, payload, content_type="application/json", **signed_headers(payload))


def event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "api_version": "2024-06-20",
                       "created": int(time.time()), "data": {"object": obj}}).encode()


def refund_object(refund: Refund, status: str, **extra) -> dict:
    return {"id": refund.provider_reference, "object": "refund", "amount": int(refund.amount * 100),
            "payment_intent": refund.payment.provider_reference, "status": status, **extra}


@pytest.fixture
def payment():
    payer = OrganisationFactory(name_zh="杭州储能科技有限公司", slug="hz-storage", kind="enterprise")
    return Payment.objects.create(
        payer=payer, payee=OrganisationFactory(), amount=Decimal("1000.00"), provider="stripe",
        provider_reference="pi_refunds", status=Payment.Status.SUCCEEDED,
    )


def refunded(payment: Payment, *amounts_and_statuses) -> list[Refund]:
    """`payment` with refunds already recorded (as payment_refund leaves them) and its status to match."""
    refunds = [Refund.objects.create(payment=payment, amount=Decimal(amount), reason="退款", status=status,
                                     provider_reference=f"re_{payment.pk}_{i}")
               for i, (amount, status) in enumerate(amounts_and_statuses)]
    total = sum(r.amount for r in refunds)
    payment.status = Payment.Status.REFUNDED if total == payment.amount else Payment.Status.PARTIALLY_REFUNDED
    payment.save()
    return refunds


MALFORMED = {
    "not-json": b"{not json",
    "not-utf8": b'{"id": "evt_\xff"}',
    "a-list": b"[1, 2]",
    "no-id": json.dumps({"type": "payment_intent.succeeded", "data": {"object": {}}}).encode(),
    "number-id": json.dumps({"id": 7, "type": "payment_intent.succeeded", "data": {"object": {}}}).encode(),
    "huge-id": json.dumps({"id": "e" * 300, "type": "x", "data": {"object": {}}}).encode(),
    "no-data": json.dumps({"id": "evt_m", "type": "payment_intent.succeeded"}).encode(),
    "data-not-object": json.dumps({"id": "evt_m", "type": "payment_intent.succeeded", "data": 3}).encode(),
    "object-a-list": json.dumps({"id": "evt_m", "type": "payment_intent.succeeded", "data": {"object": [1]}}).encode(),
    "refund-without-id": event("evt_m", "refund.failed", {"object": "refund", "status": "failed"}),
    "charge-refunds-not-a-list": event("evt_m", "charge.refunded", {"object": "charge", "refunds": {"data": 5}}),
}


@pytest.mark.parametrize("payload", MALFORMED.values(), ids=MALFORMED.keys())
def test_signed_malformed_events_are_refused_and_change_nothing(client, payment, payload):
    events = AuditEvent.objects.count()
    response = post(client, payload)
    assert response.status_code == 400
    assert response.json()["error"] in ("The webhook event is malformed.",
                                        "The webhook signature is missing or invalid.")
    assert not WebhookEvent.objects.exists() and AuditEvent.objects.count() == events
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_a_pending_refund_that_fails_gives_the_payment_back(client, payment):
    (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
    response = post(client, event("evt_f", "refund.failed",
                                  refund_object(refund, "failed", failure_reason="expired_or_canceled_card")))
    assert response.status_code == 200
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.FAILED and payment.status == Payment.Status.SUCCEEDED
    assert [(e.action, e.reason) for e in history(refund)] == [("fail", "expired_or_canceled_card")]
    last = history(payment).last()
    assert (last.action, last.from_state, last.to_state) == ("refund_reverse", "refunded", "succeeded")
    assert last.data["refund_id"] == refund.pk


def test_a_failed_refund_of_several_leaves_the_others_counted(client, payment):
    kept, failing = refunded(payment, ("300.00", Refund.Status.SUCCEEDED), ("700.00", Refund.Status.PENDING))
    post(client, event("evt_f", "charge.refund.updated", refund_object(failing, "failed")))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED
    assert history(payment).last().action == "refund_reverse_partially"

    post(client, event("evt_g", "charge.refund.updated", refund_object(kept, "canceled")))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_a_failure_that_leaves_the_status_is_still_on_the_payments_record(client, payment):
    kept, failing = refunded(payment, ("300.00", Refund.Status.SUCCEEDED), ("200.00", Refund.Status.PENDING))
    post(client, event("evt_f", "refund.updated", refund_object(failing, "failed")))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED
    last = history(payment).last()
    assert (last.action, last.data["refund_id"]) == ("refund_failed", failing.pk)


def test_a_pending_refund_that_succeeds_is_marked_succeeded(client, payment):
    (refund,) = refunded(payment, ("400.00", Refund.Status.PENDING))
    post(client, event("evt_s", "refund.updated", refund_object(refund, "succeeded")))
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and payment.status == Payment.Status.PARTIALLY_REFUNDED
    assert [e.action for e in history(refund)] == ["succeed"]


def test_charge_refunded_carries_its_refunds(client, payment):
    (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_refunds", "amount_refunded": 100000,
              "refunded": True, "refunds": {"object": "list", "data": [refund_object(refund, "succeeded")]}}
    post(client, event("evt_c", "charge.refunded", charge))
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED


def test_out_of_order_reports_do_not_undo_a_failure(client, payment):
    (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
    post(client, event("evt_2", "refund.failed", refund_object(refund, "failed")))
    post(client, event("evt_1", "refund.updated", refund_object(refund, "succeeded")))  # sent earlier
    post(client, event("evt_0", "refund.created", refund_object(refund, "pending")))
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.FAILED and payment.status == Payment.Status.SUCCEEDED
    assert [e.action for e in history(refund)] == ["fail"]


def test_a_succeeded_refund_can_still_fail(client, payment):
    (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
    post(client, event("evt_1", "refund.updated", refund_object(refund, "succeeded")))
    post(client, event("evt_2", "refund.failed", refund_object(refund, "failed")))
    payment.refresh_from_db()
    assert [e.action for e in history(refund)] == ["succeed", "fail"]
    assert payment.status == Payment.Status.SUCCEEDED


def test_an_event_replayed_100_times_takes_effect_once(client, payment):
    (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
    payload = event("evt_same", "refund.failed", refund_object(refund, "failed"))
    answers = [post(client, payload).json()["duplicate"] for _ in range(100)]
    assert answers == [False] + [True] * 99
    assert [e.action for e in history(refund)] == ["fail"]
    assert [e.action for e in history(payment)] == ["refund_reverse"]


def test_a_refund_taken_by_stripe_that_later_fails(stripe_settings, parties, operator, client):
    """localstripe sends no refund events (its refunds succeed at once), so the failure is a signed event."""
    payer, payee = parties
    payment = payment_confirm(payment=payment_create(payer=payer, payee=payee, amount="500",
                                                     payment_method="pm_card_visa"))
    refund = payment_refund(payment=payment, actor=operator, reason="退款")
    assert refund.status == Refund.Status.SUCCEEDED and refund.provider_reference.startswith("re_")
    post(client, event("evt_late_failure", "refund.failed", refund_object(refund, "failed")))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert [e.action for e in history(payment)][-2:] == ["refund", "refund_reverse"]


def handle(payload: bytes):
    headers = {"Stripe-Signature": signed_headers(payload)["HTTP_STRIPE_SIGNATURE"]}
    return webhook_handle(provider=get_provider("stripe"), payload=payload, headers=headers)


@postgres_only
# Serialized rollback brings back the content types an earlier transactional test (the browser tests) flushed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_refund_failure_delivered_twice_at_once_takes_effect_once(payment):
    for trial in range(20):
        payment = Payment.objects.create(
            payer=payment.payer, payee=payment.payee, amount=Decimal("1000.00"), provider="stripe",
            provider_reference=f"pi_race_{trial}", status=Payment.Status.SUCCEEDED,
        )
        (refund,) = refunded(payment, ("1000.00", Refund.Status.PENDING))
        failed = refund_object(refund, "failed")
        same = event(f"evt_same_{trial}", "refund.failed", failed)
        outcomes = race(lambda: handle(same), lambda: handle(same),
                        lambda: handle(event(f"evt_a_{trial}", "refund.failed", failed)),
                        lambda: handle(event(f"evt_b_{trial}", "charge.refund.updated", failed)))
        assert all(outcome.ok for outcome in outcomes), [o.error for o in outcomes]
        assert sorted(outcome.value[1] for outcome in outcomes) == [False, True, True, True]
        refund.refresh_from_db()
        payment.refresh_from_db()
        assert refund.status == Refund.Status.FAILED and payment.status == Payment.Status.SUCCEEDED
        assert [e.action for e in history(refund)] == ["fail"]
        assert [e.action for e in history(payment)] == ["refund_reverse"]
