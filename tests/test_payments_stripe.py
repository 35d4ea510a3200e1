"""The Stripe provider against a real localstripe server, and the webhook endpoint with signed payloads."""

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from django.utils import translation

from marketplace.workflow import history
from payments.models import Payment, Refund, WebhookEvent
from payments.providers import get_provider
from payments.providers.base import ProviderError
from payments.providers.stripe import StripeProvider, to_minor_units
from payments.services import payment_confirm, payment_create, payment_refund

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

WEBHOOK_SECRET = "whsec_test_secret"
WEBHOOK_URL = "/payments/webhooks/stripe/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def english(client):
    """The assertions match the English source messages, in the services and in the view's responses."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            request = urllib.request.Request(
                f"{url}/v1/balance", headers={"Authorization": "Bearer sk_test_x"}
            )
            try:
                urllib.request.urlopen(request, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"localstripe did not start on port {port}")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    settings.STRIPE_SECRET_KEY = "sk_test_ipmarket"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    settings.PAYMENT_PROVIDER = "payments.providers.stripe.StripeProvider"
    return settings


@pytest.fixture
def parties():
    payer = OrganisationFactory(name_zh="杭州储能科技有限公司", slug="hz-storage", kind="enterprise")
    return payer, OrganisationFactory(name_zh="浙江大学", slug="zju")


def signed_headers(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> dict:
    """Sign the way Stripe does: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint secret."""
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return {"HTTP_STRIPE_SIGNATURE": f"t={timestamp},v1={signature}"}


def intent_event(event_id: str, event_type: str, intent_id: str, **intent) -> bytes:
    obj = {"id": intent_id, "object": "payment_intent", "status": "succeeded", **intent}
    event = {"id": event_id, "object": "event", "type": event_type, "api_version": "2024-06-20",
             "created": int(time.time()), "data": {"object": obj}}
    return json.dumps(event).encode()


def test_minor_units():
    assert to_minor_units(Decimal("1234.56"), "CNY") == 123456
    assert to_minor_units(Decimal("500"), "JPY") == 500


def test_configured_by_secret_key(stripe_settings):
    assert isinstance(get_provider(), StripeProvider)


def test_unconfigured_stripe_is_a_clear_error(settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ProviderError, match="STRIPE_SECRET_KEY"):
        get_provider("stripe")


def test_card_payment_succeeds_and_is_refunded(stripe_settings, parties, operator):
    payer, payee = parties
    payment = payment_create(payer=payer, payee=payee, amount="8888.80", payment_method="pm_card_visa")
    assert payment.provider == "stripe" and payment.provider_reference.startswith("pi_")
    assert payment.status == Payment.Status.CREATED

    payment = payment_confirm(payment=payment)
    assert payment.status == Payment.Status.SUCCEEDED and payment.succeeded_at

    partial = payment_refund(payment=payment, actor=operator, amount="888.80", reason="部分退款")
    assert partial.status == Refund.Status.SUCCEEDED and partial.provider_reference.startswith("re_")
    rest = payment_refund(payment=payment, actor=operator, reason="全部退款")
    assert rest.amount == Decimal("8000.00")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_declined_card_fails_with_the_reason(stripe_settings, parties):
    payer, payee = parties
    payment = payment_create(
        payer=payer, payee=payee, amount="100", payment_method="pm_card_chargeCustomerFail"
    )
    payment = payment_confirm(payment=payment)
    assert payment.status == Payment.Status.FAILED
    assert payment.failure_reason
    assert history(payment).last().reason == payment.failure_reason


def test_provider_refusal_leaves_no_payment(stripe_settings, parties):
    payer, payee = parties
    with pytest.raises(ProviderError):
        payment_create(payer=payer, payee=payee, amount="100", payment_method="pm_does_not_exist")
    assert not Payment.objects.exists()


def test_webhook_settles_payment_once(stripe_settings, parties, client):
    payer, payee = parties
    payment = payment_create(payer=payer, payee=payee, amount="50000")
    payload = intent_event("evt_1", "payment_intent.succeeded", payment.provider_reference)

    response = client.post(WEBHOOK_URL, payload, content_type="application/json", **signed_headers(payload))
    assert response.status_code == 200 and response.json() == {"received": "evt_1", "duplicate": False}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    events = history(payment).count()

    again = client.post(WEBHOOK_URL, payload, content_type="application/json", **signed_headers(payload))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert history(payment).count() == events
    assert WebhookEvent.objects.get().payment == payment


def test_webhook_reports_failure(stripe_settings, parties, client):
    payer, payee = parties
    payment = payment_create(payer=payer, payee=payee, amount="50000")
    payload = intent_event("evt_2", "payment_intent.payment_failed", payment.provider_reference,
                           status="requires_payment_method", last_payment_error={"message": "余额不足"})
    client.post(WEBHOOK_URL, payload, content_type="application/json", **signed_headers(payload))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED and payment.failure_reason == "余额不足"


def test_webhook_for_unknown_payment_or_type_is_only_stored(stripe_settings, client):
    payload = intent_event("evt_3", "payment_intent.created", "pi_unknown")
    assert client.post(WEBHOOK_URL, payload, content_type="application/json",
                       **signed_headers(payload)).status_code == 200
    assert WebhookEvent.objects.get().payment is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        signed_headers(b"something else"),
        signed_headers(intent_event("evt_4", "payment_intent.succeeded", "pi_x"), secret="whsec_wrong"),
        signed_headers(
            intent_event("evt_4", "payment_intent.succeeded", "pi_x"), timestamp=int(time.time()) - 3600
        ),
    ],
    ids=["unsigned", "other-body", "wrong-secret", "stale"],
)
def test_webhook_rejects_bad_signatures(stripe_settings, client, headers):
    payload = intent_event("evt_4", "payment_intent.succeeded", "pi_x")
    response = client.post(WEBHOOK_URL, payload, content_type="application/json", **headers)
    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    assert not WebhookEvent.objects.exists()


def test_webhook_without_stripe_configured_is_refused(settings, client):
    settings.STRIPE_SECRET_KEY = ""
    payload = intent_event("evt_5", "payment_intent.succeeded", "pi_x")
    assert client.post(WEBHOOK_URL, payload, content_type="application/json",
                       **signed_headers(payload)).status_code == 400


def test_webhook_only_accepts_post(client):
    assert client.get(WEBHOOK_URL).status_code == 405
