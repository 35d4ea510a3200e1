"""Writes to payments. Status changes go through PAYMENT_WORKFLOW (audited); providers do the talking."""

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.models import Organisation
from marketplace.permissions import is_operator, require
from marketplace.services.common import send_on_commit
from marketplace.workflow import Transition, Workflow, lock_row, record_event

from .models import Payment, Refund, WebhookEvent
from .providers import get_provider
from .providers.base import PaymentProvider, ProviderEvent, ProviderPayment
from .signals import payment_changed

S = Payment.Status
PAYMENT_WORKFLOW = Workflow(
    "status",
    {
        "process": Transition(frozenset({S.CREATED}), S.PROCESSING),
        # A failed card payment is not final on Stripe: the payer may try the same PaymentIntent again with
        # another card on the checkout page, and its success must not be lost.
        "succeed": Transition(frozenset({S.CREATED, S.PROCESSING, S.FAILED}), S.SUCCEEDED),
        "fail": Transition(frozenset({S.CREATED, S.PROCESSING}), S.FAILED, needs_reason=True),
        "cancel": Transition(frozenset({S.CREATED, S.PROCESSING}), S.CANCELLED),
        "refund_partially": Transition(frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED}), S.PARTIALLY_REFUNDED),
        "refund": Transition(frozenset({S.SUCCEEDED, S.PARTIALLY_REFUNDED}), S.REFUNDED),
        # A refund that failed after being counted gives the payment back what it took.
        "refund_reverse": Transition(frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}), S.SUCCEEDED),
        "refund_reverse_partially": Transition(frozenset({S.REFUNDED}), S.PARTIALLY_REFUNDED),
    },
)
R = Refund.Status
REFUND_WORKFLOW = Workflow(
    "status",
    {
        "succeed": Transition(frozenset({R.PENDING}), R.SUCCEEDED),
        # Stripe can fail a refund even after reporting it succeeded (the payer's card was closed, say).
        "fail": Transition(frozenset({R.PENDING, R.SUCCEEDED}), R.FAILED),
    },
)
# What a provider's view of a payment, or of a refund, asks of ours.
ACTION_FOR_STATUS = {S.PROCESSING: "process", S.SUCCEEDED: "succeed", S.FAILED: "fail", S.CANCELLED: "cancel"}
ACTION_FOR_REFUND_STATUS = {R.SUCCEEDED: "succeed", R.FAILED: "fail"}
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # what Payment.amount (14 digits, 2 decimals) can hold


def _money(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": _("Enter an amount such as 1200.00.")}) from None
    if value <= 0:
        raise ValidationError({"amount": _("The amount must be greater than zero.")})
    if value > MAX_AMOUNT:
        raise ValidationError({"amount": _("The amount is too large.")})
    return value


def _transition(payment: Payment, action: str, *, actor=None, reason: str = "", data: dict | None = None,
                timestamps=()) -> Payment:
    payment = PAYMENT_WORKFLOW.apply(
        payment, action, actor=actor, reason=reason, data=data, timestamps=timestamps
    )
    send_on_commit(payment_changed, payment_id=payment.pk, action=action, status=payment.status)
    return payment


def payment_create(
    *,
    payer: Organisation,
    payee: Organisation,
    amount: Decimal | str,
    currency: str = "CNY",
    purpose: models.Model | None = None,
    description: str = "",
    actor=None,
    provider: PaymentProvider | None = None,
    payment_method: str = "",
) -> Payment:
    """Record a payment owed for `purpose`; register it with `provider` (by default the configured one)."""
    amount = _money(amount)
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("Use a three-letter currency code such as CNY.")})
    if payer.pk == payee.pk:
        raise ValidationError(_("An organisation cannot pay itself."))
    provider = provider or get_provider()
    with transaction.atomic():
        payment = Payment.objects.create(
            payer=payer,
            payee=payee,
            amount=amount,
            currency=currency,
            description=description[:300],
            purpose_type=ContentType.objects.get_for_model(purpose) if purpose is not None else None,
            purpose_id=str(purpose.pk) if purpose is not None else "",
            provider=provider.name,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(payment, action="create", to_state=payment.status, actor=actor,
                     data={"amount": str(amount), "currency": currency, "provider": provider.name})
        # Inside the transaction: if the provider refuses, no half-registered payment is left behind.
        outcome = provider.create_payment_intent(payment=payment, payment_method=payment_method)
        return _apply_outcome(payment, outcome, actor=actor)


def payment_confirm(*, payment: Payment, actor=None, reference: str = "", payment_method: str = "") -> Payment:
    """Take the money: an online provider charges (with `payment_method`, if the payer's browser collected
    one); offline, an operator records the transfer's reference."""
    provider = get_provider(payment.provider)
    if provider.operator_confirms:
        require(is_operator(actor), _("Only the operation centre can record a received payment."))
    reference = reference.strip()
    try:
        with transaction.atomic():
            # Locked so that two confirmations of the same payment cannot both charge.
            payment = lock_row(payment)
            if payment.status not in (S.CREATED, S.PROCESSING):
                raise ValidationError(
                    _("This payment is already %(status)s.") % {"status": payment.get_status_display().lower()}
                )
            if _reference_used_elsewhere(payment, reference):
                raise _reference_taken()
            outcome = provider.confirm(payment=payment, reference=reference, payment_method=payment_method)
            return _apply_outcome(payment, outcome, actor=actor)
    except IntegrityError:
        # Two payments confirmed with one reference at the same instant: each locked only its own row, so the
        # unique constraint decided, and the loser's whole confirmation was rolled back.
        if _reference_used_elsewhere(payment, reference):
            raise _reference_taken() from None
        raise


def payment_card_confirm(*, payment: Payment, actor, payment_method: str) -> Payment:
    """A checkout page collected a card (`payment_method`) in the payer's browser: charge it. The provider's
    answer is the confirmation; a decline leaves the payment failed, with the reason. The caller decides who
    may pay."""
    if not payment_method.startswith(("pm_", "card_")):
        raise ValidationError({"payment_method": _("The card details did not arrive; try again.")})
    return payment_confirm(payment=payment, actor=actor, payment_method=payment_method)


def payment_cancel(*, payment: Payment, actor=None) -> Payment:
    """Call off a payment not yet made (the caller decides who may); the provider stops it taking money."""
    provider = get_provider(payment.provider)
    with transaction.atomic():
        payment = lock_row(payment)  # a confirmation at the same instant either comes first or finds it cancelled
        if payment.status not in (S.CREATED, S.PROCESSING):
            raise ValidationError(
                _("This payment is already %(status)s.") % {"status": payment.get_status_display().lower()}
            )
        return _apply_outcome(payment, provider.cancel(payment=payment), actor=actor)


def _reference_used_elsewhere(payment: Payment, reference: str) -> bool:
    others = Payment.objects.filter(provider=payment.provider, provider_reference=reference).exclude(pk=payment.pk)
    return bool(reference) and others.exists()


def _reference_taken() -> ValidationError:
    return ValidationError({"reference": _("This reference is already recorded for another payment.")})


def payment_mark_succeeded(*, payment: Payment, actor=None, data: dict | None = None) -> Payment:
    """The money has arrived: the provider said so (webhook or confirmation), or an operator recorded it."""
    return _transition(payment, "succeed", actor=actor, data=data, timestamps=("succeeded_at",))


def payment_refund(*, payment: Payment, actor, reason: str, amount: Decimal | str | None = None) -> Refund:
    """Return all that is left of a succeeded payment, or `amount` of it."""
    require(is_operator(actor), _("Only the operation centre can refund payments."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the refund.")})
    provider = get_provider(payment.provider)
    with transaction.atomic():
        # The lock keeps two refunds of the same payment from both passing the balance check.
        payment = lock_row(payment)
        if payment.status not in (S.SUCCEEDED, S.PARTIALLY_REFUNDED):
            raise ValidationError(_("Only a succeeded payment can be refunded."))
        refundable = payment.amount - refunded_total(payment=payment)
        amount = refundable if amount is None else _money(amount)
        if amount > refundable:
            raise ValidationError(
                {"amount": _("At most %(left)s %(currency)s can still be refunded.")
                 % {"left": refundable, "currency": payment.currency}}
            )
        refund = Refund.objects.create(
            payment=payment, amount=amount, reason=reason.strip(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        outcome = provider.refund(payment=payment, refund=refund, amount=amount)
        refund.provider_reference, refund.status = outcome.reference, outcome.status
        refund.save(update_fields=["provider_reference", "status"])
        if refund.status not in Refund.COMMITTED:
            record_event(payment, action="refund_declined", from_state=payment.status,
                         to_state=payment.status, actor=actor, reason=refund.reason,
                         data={"refund_id": refund.pk, "amount": str(amount)})
            return refund
        action = "refund" if amount == refundable else "refund_partially"
        _transition(payment, action, actor=actor, reason=refund.reason,
                    data={"refund_id": refund.pk, "amount": str(amount), "refund_status": refund.status})
    return refund


def refunded_total(*, payment: Payment) -> Decimal:
    committed = payment.refunds.filter(status__in=Refund.COMMITTED).aggregate(total=Sum("amount"))["total"]
    return committed or Decimal("0.00")


def _apply_outcome(payment: Payment, outcome: ProviderPayment, *, actor=None) -> Payment:
    """Bring our payment in line with what the provider reported; a status we already have changes nothing."""
    if outcome.reference != payment.provider_reference:
        Payment.objects.filter(pk=payment.pk).update(provider_reference=outcome.reference)
        payment.provider_reference = outcome.reference
    if outcome.status == payment.status:
        return payment
    action = ACTION_FOR_STATUS.get(outcome.status)
    if action is None or not PAYMENT_WORKFLOW.can(payment, action):
        return payment
    if action == "succeed":
        return payment_mark_succeeded(payment=payment, actor=actor, data={"reference": outcome.reference})
    payment = _transition(payment, action, actor=actor, reason=outcome.failure_reason or (
        _("Declined by the payment provider.") if action == "fail" else ""))
    if action == "fail":
        Payment.objects.filter(pk=payment.pk).update(failure_reason=outcome.failure_reason)
        payment.failure_reason = outcome.failure_reason
    return payment


def _on_refunds(payment: Payment, event: ProviderEvent) -> Payment:
    """The provider's word on refunds: each follows REFUND_WORKFLOW, so a repeated or out-of-date report (a
    pending or succeeded refund after it failed) changes nothing; a failed one stops counting as refunded."""
    for reported in event.refunds:
        refund = payment.refunds.filter(provider_reference=reported.reference).first()
        action = ACTION_FOR_REFUND_STATUS.get(reported.status)
        if refund is None or action is None or not REFUND_WORKFLOW.can(refund, action):
            continue
        data = {"refund_id": refund.pk, "amount": str(refund.amount), "event_id": event.id}
        REFUND_WORKFLOW.apply(refund, action, reason=reported.failure_reason, data=data)
        if action == "fail":
            payment = _payment_refund_failed(payment, reason=reported.failure_reason, data=data)
    return payment


def _payment_refund_failed(payment: Payment, *, reason: str, data: dict) -> Payment:
    """Bring the payment's status back in line with the refunds that still count."""
    refunded = refunded_total(payment=payment)
    if refunded == 0:
        return _transition(payment, "refund_reverse", reason=reason, data=data)
    if refunded < payment.amount and payment.status == S.REFUNDED:
        return _transition(payment, "refund_reverse_partially", reason=reason, data=data)
    record_event(payment, action="refund_failed", from_state=payment.status, to_state=payment.status,
                 reason=reason, data=data)
    return payment


def _on_intent_status(status: str) -> Callable[[Payment, ProviderEvent], Payment]:
    def handle(payment: Payment, event: ProviderEvent) -> Payment:
        outcome = ProviderPayment(
            reference=event.reference, status=status, failure_reason=event.failure_reason
        )
        return _apply_outcome(payment, outcome)

    return handle


WEBHOOK_HANDLERS: dict[str, Callable[[Payment, ProviderEvent], Payment]] = {
    "payment_intent.processing": _on_intent_status(S.PROCESSING),
    "payment_intent.succeeded": _on_intent_status(S.SUCCEEDED),
    "payment_intent.payment_failed": _on_intent_status(S.FAILED),
    "payment_intent.canceled": _on_intent_status(S.CANCELLED),
    # charge.refunded carries its refunds only in API versions before 2022-11-15; the refund events always do.
    "charge.refunded": _on_refunds,
    "charge.refund.updated": _on_refunds,
    "refund.created": _on_refunds,
    "refund.updated": _on_refunds,
    "refund.failed": _on_refunds,
}


def webhook_handle(
    *, provider: PaymentProvider, payload: bytes, headers: Mapping[str, str]
) -> tuple[WebhookEvent, bool]:
    """Verify and apply one provider event. Returns the stored event and whether it was new.

    Raises InvalidSignature for a forged or garbled request, MalformedEvent for a signed one that is not an
    event. An event id seen before is ignored; an event for an unknown payment or of a type we do not act on is
    only stored. The payment's row stays locked while its event is applied, so two deliveries of the same news
    (under one id or two) take effect once.
    """
    event = provider.parse_webhook(payload=payload, headers=headers)
    with transaction.atomic():
        stored, created = WebhookEvent.objects.get_or_create(
            provider=provider.name, event_id=event.id,
            defaults={"event_type": event.type, "payload": event.payload},
        )
        if not created:
            return stored, False
        handler = WEBHOOK_HANDLERS.get(event.type)
        payments = Payment.objects.select_for_update().filter(provider=provider.name)
        payment = payments.filter(provider_reference=event.reference).first() if event.reference else None
        if payment is not None:
            stored.payment = payment
            stored.save(update_fields=["payment"])
            if handler is not None:
                handler(payment, event)
    return stored, True
