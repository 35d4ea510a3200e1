"""Card payments of instalments settled by Stripe webhooks signed exactly as Stripe signs them (localstripe
creates the PaymentIntents): a bad signature changes nothing, every event replayed 100 times (and the same news
under 100 event ids) has one effect, events arriving out of order cannot undo a success."""

import pytest

from licences.models import Distribution, Instalment, Licence
from licences.services import instalment_pay
from marketplace.workflow import history
from payments.models import Payment, WebhookEvent

from ..test_payments_stripe import (  # noqa: F401
    WEBHOOK_URL,
    intent_event,
    localstripe_url,
    signed_headers,
    stripe_settings,  # noqa: F401 - fixtures
)
from .conftest import sign, signed_agreement

pytestmark = pytest.mark.django_db
REPLAYS = 100


@pytest.fixture
def card_payment(stripe_settings, listing, buyer_org, buyer, django_capture_on_commit_callbacks):  # noqa: F811
    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement)
    upfront = agreement.instalments.get(kind=Instalment.Kind.UPFRONT)
    payment = instalment_pay(instalment=upfront, actor=buyer, method="card")
    assert payment.provider == "stripe" and payment.provider_reference.startswith("pi_")
    return payment, upfront


def post(client, payload: bytes, **headers):
    return client.post(WEBHOOK_URL, payload, content_type="application/json", **(headers or signed_headers(payload)))


def effects(upfront: Instalment) -> tuple:
    return (history(upfront).filter(action="pay").count(), Distribution.objects.count(), Licence.objects.count())


def test_each_event_replayed_100_times_has_one_effect(card_payment, client, django_capture_on_commit_callbacks):
    payment, upfront = card_payment
    payload = intent_event("evt_paid", "payment_intent.succeeded", payment.provider_reference)
    with django_capture_on_commit_callbacks(execute=True):
        responses = [post(client, payload) for _ in range(REPLAYS)]
    assert [r.status_code for r in responses] == [200] * REPLAYS
    assert [r.json()["duplicate"] for r in responses] == [False] + [True] * (REPLAYS - 1)
    # the same news under 100 other event ids
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(REPLAYS):
            event = intent_event(f"evt_again_{n}", "payment_intent.succeeded", payment.provider_reference)
            assert post(client, event).status_code == 200
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.PAID and upfront.paid_by == payment
    assert effects(upfront) == (1, 2, 1)
    assert history(payment).filter(action="succeed").count() == 1
    assert WebhookEvent.objects.count() == REPLAYS + 1


@pytest.mark.parametrize("bad", ["unsigned", "wrong-secret", "other-body", "stale"])
def test_a_bad_signature_is_refused_and_changes_nothing(card_payment, client, bad,
                                                        django_capture_on_commit_callbacks):
    import time

    payment, upfront = card_payment
    payload = intent_event("evt_forged", "payment_intent.succeeded", payment.provider_reference)
    headers = {
        "unsigned": {"HTTP_X_NOTHING": "1"},
        "wrong-secret": signed_headers(payload, secret="whsec_forged"),
        "other-body": signed_headers(b"{}"),
        "stale": signed_headers(payload, timestamp=int(time.time()) - 3600),
    }[bad]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, payload, **headers)
    assert response.status_code == 400
    payment.refresh_from_db()
    upfront.refresh_from_db()
    assert payment.status == Payment.Status.CREATED and upfront.status == Instalment.Status.DUE
    assert effects(upfront) == (0, 0, 0) and not WebhookEvent.objects.exists()


def test_events_out_of_order_cannot_undo_a_success(card_payment, client, django_capture_on_commit_callbacks):
    payment, upfront = card_payment
    reference = payment.provider_reference
    with django_capture_on_commit_callbacks(execute=True):
        post(client, intent_event("evt_3", "payment_intent.succeeded", reference))
        post(client, intent_event("evt_1", "payment_intent.processing", reference, status="processing"))
        post(client, intent_event("evt_2", "payment_intent.payment_failed", reference,
                                  status="requires_payment_method", last_payment_error={"message": "declined"}))
        post(client, intent_event("evt_4", "payment_intent.canceled", reference, status="canceled"))
    payment.refresh_from_db()
    upfront.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED and upfront.status == Instalment.Status.PAID
    assert effects(upfront) == (1, 2, 1)


def test_a_retried_card_succeeds_after_a_reported_failure(card_payment, client,
                                                          django_capture_on_commit_callbacks):
    """Stripe's payment_failed is not final: the buyer tries another card on the same PaymentIntent."""
    payment, upfront = card_payment
    reference = payment.provider_reference
    with django_capture_on_commit_callbacks(execute=True):
        post(client, intent_event("evt_f", "payment_intent.payment_failed", reference,
                                  status="requires_payment_method", last_payment_error={"message": "余额不足"}))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED and payment.failure_reason == "余额不足"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, intent_event("evt_s", "payment_intent.succeeded", reference))
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.PAID and effects(upfront) == (1, 2, 1)


def test_the_checkout_confirms_with_the_collected_card(card_payment, buyer, django_capture_on_commit_callbacks):
    """What the checkout page posts with localstripe's Stripe.js mock: the tokenised card."""
    from licences.services import instalment_card_confirm

    payment, upfront = card_payment
    with django_capture_on_commit_callbacks(execute=True):
        payment = instalment_card_confirm(payment=payment, actor=buyer, payment_method="pm_card_visa")
    assert payment.status == Payment.Status.SUCCEEDED
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.PAID and effects(upfront) == (1, 2, 1)


def test_a_declined_card_leaves_it_due_for_another_attempt(card_payment, buyer,
                                                          django_capture_on_commit_callbacks):
    from licences.services import instalment_card_confirm

    payment, upfront = card_payment
    with django_capture_on_commit_callbacks(execute=True):
        payment = instalment_card_confirm(payment=payment, actor=buyer,
                                          payment_method="pm_card_chargeCustomerFail")
    assert payment.status == Payment.Status.FAILED
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.DUE and effects(upfront) == (0, 0, 0)
    again = instalment_pay(instalment=upfront, actor=buyer, method="card")
    assert again.pk != payment.pk and again.idempotency_key != payment.idempotency_key


def test_stripe_unreachable_leaves_nothing_and_can_be_retried(stripe_settings, listing, buyer_org, buyer,  # noqa: F811
                                                              django_capture_on_commit_callbacks):
    from payments.providers.base import ProviderError

    agreement = signed_agreement(listing=listing, buyer_org=buyer_org)
    with django_capture_on_commit_callbacks(execute=True):
        sign(agreement)
    upfront = agreement.instalments.get(kind=Instalment.Kind.UPFRONT)
    good_base = stripe_settings.STRIPE_API_BASE
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(ProviderError):
        instalment_pay(instalment=upfront, actor=buyer, method="card")
    assert not Payment.objects.exists()
    upfront.refresh_from_db()
    assert upfront.status == Instalment.Status.DUE
    stripe_settings.STRIPE_API_BASE = good_base
    assert instalment_pay(instalment=upfront, actor=buyer, method="card").status == Payment.Status.CREATED


def test_a_cancelled_card_attempt_is_cancelled_at_stripe_too(card_payment, buyer,
                                                             django_capture_on_commit_callbacks):
    from licences.services import instalment_attempt_cancel
    from payments.providers import get_provider

    payment, upfront = card_payment
    with django_capture_on_commit_callbacks(execute=True):
        payment = instalment_attempt_cancel(payment=payment, actor=buyer)
    assert payment.status == Payment.Status.CANCELLED
    intent = get_provider("stripe").client.v1.payment_intents.retrieve(payment.provider_reference)
    assert intent.status == "canceled"
    assert instalment_pay(instalment=upfront, actor=buyer, method="card").status == Payment.Status.CREATED
