"""Reads of licences, what deals owe and how it was paid. Parties' members and operators only: everyone else
gets DoesNotExist, the same as for an id that does not exist."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from deals.models import Deal
from marketplace.models import Organisation
from marketplace.permissions import is_operator, user_organisations
from payments.checkout import PENDING as PAYMENT_PENDING
from payments.models import Payment, Refund

from .models import Distribution, Instalment, Licence

PENDING = PAYMENT_PENDING


def instalment_attempts(*, instalment: Instalment):
    """Every payment opened for `instalment`, newest first."""
    return Payment.objects.filter(purpose_type=ContentType.objects.get_for_model(Instalment),
                                  purpose_id=str(instalment.pk))


def instalment_of_payment(*, payment: Payment) -> Instalment | None:
    if payment.purpose_type_id != ContentType.objects.get_for_model(Instalment).pk:
        return None
    return Instalment.objects.select_related("agreement__deal", "licence").filter(pk=payment.purpose_id).first()


def distribution_refunded(*, distribution: Distribution) -> Decimal:
    parts = distribution.refund_parts.filter(refund__status__in=Refund.COMMITTED)
    return sum((part.amount for part in parts), Decimal("0.00"))


def _licences_visible_to(user) -> QuerySet:
    if is_operator(user):
        return Licence.objects.all()
    organisations = user_organisations(user)
    return Licence.objects.filter(Q(licensor__in=organisations) | Q(licensee__in=organisations))


def licence_get_for_user(*, pk: int, user) -> Licence:
    return _licences_visible_to(user).select_related(
        "deal", "agreement", "listing", "pool", "licensor", "licensee"
    ).prefetch_related("patents").get(pk=pk)


def licence_list_for_user(*, user, organisation: Organisation | None) -> QuerySet:
    """The acting organisation's licences, granted and held; every licence for an operator acting for none."""
    licences = _licences_visible_to(user)
    if organisation is not None:
        licences = licences.filter(Q(licensor=organisation) | Q(licensee=organisation))
    return licences.select_related("listing", "licensor", "licensee")


@dataclass(frozen=True)
class InstalmentRow:
    instalment: Instalment
    pending: Payment | None  # the attempt under way, if any
    last_failed: Payment | None  # the latest attempt, when it failed or was cancelled


def deal_instalments(*, deal: Deal) -> list[InstalmentRow]:
    """What the deal's agreements owe, each with its payment attempt under way or its last failed one."""
    rows = []
    for instalment in Instalment.objects.filter(agreement__deal=deal).select_related("paid_by"):
        attempts = list(instalment_attempts(instalment=instalment)[:1])
        latest = attempts[0] if attempts else None
        rows.append(InstalmentRow(
            instalment=instalment,
            pending=latest if latest is not None and latest.status in PENDING else None,
            last_failed=latest if latest is not None and latest.status in (
                Payment.Status.FAILED, Payment.Status.CANCELLED) else None,
        ))
    return rows


def _instalment_payments() -> QuerySet:
    return Payment.objects.filter(purpose_type=ContentType.objects.get_for_model(Instalment))


def payment_get_for_user(*, pk: int, user) -> Payment:
    """A payment of an instalment, for its payer's and payee's members and operators."""
    payments = _instalment_payments().select_related("payer", "payee")
    if not is_operator(user):
        organisations = user_organisations(user)
        payments = payments.filter(Q(payer__in=organisations) | Q(payee__in=organisations))
    return payments.get(pk=pk)


def transfers_awaiting_confirmation() -> QuerySet:
    """Bank transfers announced and not yet received: instalments still due and enterprises' co-payments of
    voucher service orders (payments with a `voucher_order`); what operators check against the bank statement."""
    for_instalment = Q(purpose_type=ContentType.objects.get_for_model(Instalment))
    return Payment.objects.filter(for_instalment | Q(voucher_order__isnull=False), provider="offline",
                                  status__in=PENDING).select_related(
        "payer", "payee", "voucher_order__product").order_by("created_at", "pk")


def voucher_order_of_payment(*, payment: Payment):
    """The voucher service order whose co-payment `payment` is, if it is one."""
    return getattr(payment, "voucher_order", None)


def transfer_reference(payment: Payment) -> str:
    """What the buyer writes on the bank transfer, so the operator can match it to the payment."""
    return f"IPM-{payment.pk:06d}"


@dataclass(frozen=True)
class PaymentRow:
    payment: Payment
    instalment: Instalment
    distributions: list[tuple[Distribution, Decimal]]  # each part and what it still holds after refunds


def licence_payments(*, licence: Licence) -> list[PaymentRow]:
    """Every payment made under the licence (the upfront fee included) with where its money went."""
    instalments = {i.pk: i for i in Instalment.objects.filter(agreement=licence.agreement)}
    payments = _instalment_payments().filter(purpose_id__in=[str(pk) for pk in instalments])
    rows = []
    for payment in payments.prefetch_related("distributions__recipient", "refunds"):
        parts = [(d, d.amount - distribution_refunded(distribution=d)) for d in payment.distributions.all()]
        rows.append(PaymentRow(payment=payment, instalment=instalments[int(payment.purpose_id)],
                               distributions=parts))
    return rows
