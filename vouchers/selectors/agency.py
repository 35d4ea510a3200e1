"""Reads for a service agency's voucher pages: its accreditations, the orders it received, its claims and what
the authorities owe and paid it (from the ledger). An order of another agency is DoesNotExist."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from marketplace.models import Organisation

from ..ledger import ZERO, Kind, balances, cents, receivable_account
from ..models import Accreditation, Claim, LedgerTransaction, ServiceOrder, ServiceProduct


def accreditations_of(*, organisation: Organisation) -> QuerySet:
    return Accreditation.objects.filter(agency=organisation).select_related("authority").order_by(
        "authority__name_zh", "-created_at")


def products_of(*, organisation: Organisation) -> QuerySet:
    return ServiceProduct.objects.filter(agency=organisation)


def orders_received(*, organisation: Organisation, status: str = "") -> QuerySet:
    orders = ServiceOrder.objects.filter(agency=organisation).select_related("product", "buyer", "programme")
    return orders.filter(status=status) if status else orders


def order_counts(*, organisation: Organisation) -> list[tuple[str, str, int]]:
    """(status, its label, how many) for each status the agency has orders in, in the workflow's order."""
    counts = dict(ServiceOrder.objects.filter(agency=organisation).values("status")
                  .annotate(n=Count("pk")).values_list("status", "n"))
    return [(value, label, counts[value]) for value, label in ServiceOrder.Status.choices if counts.get(value)]


@dataclass(frozen=True)
class Money:
    receivable: Decimal  # claims approved, not yet paid by the treasury
    paid: Decimal  # what the treasury has paid
    claimed: Decimal  # claims still under review


def agency_money(*, organisation: Organisation) -> Money:
    programme_ids = set(Claim.objects.filter(agency=organisation).values_list("programme_id", flat=True))
    receivable = sum(balances(receivable_account(organisation.pk, pk) for pk in programme_ids).values(), ZERO)
    paid = LedgerTransaction.objects.filter(kind=Kind.SETTLE, claim__agency=organisation).aggregate(
        total=Sum("amount"))["total"]
    claimed = Claim.objects.filter(agency=organisation, status__in=(
        Claim.Status.SUBMITTED, Claim.Status.CHECKED, Claim.Status.RETURNED)).aggregate(
        total=Sum("amount"))["total"]
    return Money(receivable=receivable, paid=cents(paid), claimed=cents(claimed))


def claims_of(*, organisation: Organisation) -> QuerySet:
    return Claim.objects.filter(agency=organisation).select_related("order__product", "programme").order_by(
        "-submitted_at", "-pk")


def agency_order_get(*, pk: int, organisation: Organisation) -> ServiceOrder:
    return ServiceOrder.objects.select_related(
        "product", "agency", "buyer", "voucher", "programme", "copay_payment").get(pk=pk, agency=organisation)


def order_claim(*, order: ServiceOrder) -> Claim | None:
    return Claim.objects.filter(order=order).prefetch_related("reviews__reviewer").first()
