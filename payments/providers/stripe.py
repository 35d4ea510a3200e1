"""Stripe PaymentIntents and refunds. The only module that imports the Stripe SDK.

STRIPE_API_BASE points the client at another server (a localstripe instance in tests).
"""

import json
from collections.abc import Mapping
from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from .base import (
    InvalidSignature,
    MalformedEvent,
    PaymentProvider,
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    ProviderRefund,
)

# Stripe amounts are integers in the currency's smallest unit; these currencies have no minor unit.
ZERO_DECIMAL_CURRENCIES = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split()
)
PAYMENT_STATUSES = {
    "requires_payment_method": "created",
    "requires_confirmation": "created",
    "requires_action": "created",
    "processing": "processing",
    "requires_capture": "processing",
    "succeeded": "succeeded",
    "canceled": "cancelled",
}
REFUND_STATUSES = {
    "pending": "pending",
    "requires_action": "pending",
    "succeeded": "succeeded",
    "failed": "failed",
    "canceled": "failed",
}
# What WebhookEvent's columns hold.
MAX_EVENT_ID, MAX_EVENT_TYPE = 255, 100


def to_minor_units(amount: Decimal, currency: str) -> int:
    factor = 1 if currency.lower() in ZERO_DECIMAL_CURRENCIES else 100
    return int((amount * factor).to_integral_value())


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self):
        if not settings.STRIPE_SECRET_KEY:
            raise ProviderError(_("Stripe is not configured (STRIPE_SECRET_KEY is empty)."))
        base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
        self.client = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
        )
        self.webhook_secret = settings.STRIPE_WEBHOOK_SECRET

    def create_payment_intent(self, *, payment, payment_method: str = "") -> ProviderPayment:
        params = {
            "amount": to_minor_units(payment.amount, payment.currency),
            "currency": payment.currency.lower(),
            "metadata": {"payment_id": str(payment.pk)},
        }
        if payment_method:
            params["payment_method"] = payment_method
        intent = self._call(
            self.client.v1.payment_intents.create,
            params=params,
            options={"idempotency_key": f"payment-{payment.idempotency_key}"},
        )
        return self._payment(intent)

    def confirm(self, *, payment, reference: str = "", payment_method: str = "") -> ProviderPayment:
        try:
            if payment_method:
                # Attached first rather than passed to confirm: the same two calls work on Stripe and localstripe.
                self._call(self.client.v1.payment_intents.update, payment.provider_reference,
                           params={"payment_method": payment_method})
            intent = self._call(self.client.v1.payment_intents.confirm, payment.provider_reference)
        except stripe.CardError as error:
            return ProviderPayment(
                reference=payment.provider_reference, status="failed", failure_reason=error.user_message or ""
            )
        return self._payment(intent)

    def cancel(self, *, payment) -> ProviderPayment:
        return self._payment(self._call(self.client.v1.payment_intents.cancel, payment.provider_reference))

    def client_secret(self, *, payment) -> str:
        """The PaymentIntent's client secret, fetched each time rather than stored: it lets a browser pay."""
        intent = self._call(self.client.v1.payment_intents.retrieve, payment.provider_reference)
        return self._payment(intent).client_secret

    def refund(self, *, payment, refund, amount: Decimal) -> ProviderRefund:
        result = self._call(
            self.client.v1.refunds.create,
            params={
                "payment_intent": payment.provider_reference,
                "amount": to_minor_units(amount, payment.currency),
                "metadata": {"payment_id": str(payment.pk), "refund_id": str(refund.pk)},
            },
            options={"idempotency_key": f"refund-{refund.idempotency_key}"},
        )
        return ProviderRefund(reference=result.id, status=REFUND_STATUSES.get(result.status, "failed"))

    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        signature = headers.get("Stripe-Signature", "")
        if not self.webhook_secret or not signature:
            raise InvalidSignature()
        try:
            body = payload.decode()
            stripe.WebhookSignature.verify_header(
                body, signature, self.webhook_secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidSignature() from error
        try:
            event = json.loads(body)
        except ValueError as error:
            raise MalformedEvent() from error
        return _event(event)

    @staticmethod
    def _call(method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except stripe.CardError:
            raise
        except stripe.StripeError as error:
            message = error.user_message or _("The payment provider refused the request.")
            raise ProviderError(message) from error

    @staticmethod
    def _payment(intent) -> ProviderPayment:
        intent = intent.to_dict()
        return ProviderPayment(
            reference=intent["id"],
            status=PAYMENT_STATUSES.get(intent["status"], "created"),
            failure_reason=(intent.get("last_payment_error") or {}).get("message", ""),
            client_secret=intent.get("client_secret") or "",
        )


def _event(event) -> ProviderEvent:
    """Our view of a decoded Stripe event; MalformedEvent unless it has Stripe's shape."""
    if not isinstance(event, dict):
        raise MalformedEvent()
    event_id, event_type, data = event.get("id"), event.get("type"), event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not (_is_text(event_id, MAX_EVENT_ID) and _is_text(event_type, MAX_EVENT_TYPE) and isinstance(obj, dict)):
        raise MalformedEvent()
    # Charge and refund events name their PaymentIntent; PaymentIntent events are about themselves.
    reference = obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    error = obj.get("last_payment_error")
    return ProviderEvent(
        id=event_id,
        type=event_type,
        reference=reference if _is_text(reference, 255) else "",
        payload=event,
        failure_reason=_text(error.get("message")) if isinstance(error, dict) else "",
        refunds=_refunds(obj),
    )


def _refunds(obj: dict) -> tuple[ProviderRefund, ...]:
    """A refund event's refund, or the refunds a charge event carries (when its API version includes them)."""
    if obj.get("object") == "refund":
        refunds = [obj]
    elif obj.get("object") == "charge" and isinstance(obj.get("refunds"), dict):
        refunds = obj["refunds"].get("data")
    else:
        return ()
    if not isinstance(refunds, list) or not all(
        isinstance(refund, dict) and _is_text(refund.get("id"), 255) and isinstance(refund.get("status"), str)
        for refund in refunds
    ):
        raise MalformedEvent()
    return tuple(
        ProviderRefund(reference=refund["id"], status=REFUND_STATUSES[refund["status"]],
                       failure_reason=_text(refund.get("failure_reason")))
        for refund in refunds if refund["status"] in REFUND_STATUSES
    )


def _is_text(value, max_length: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= max_length


def _text(value) -> str:
    return value if isinstance(value, str) else ""
