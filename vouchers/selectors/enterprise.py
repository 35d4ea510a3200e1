"""Reads for an enterprise's voucher pages: the programmes it may apply to, its applications, vouchers (balance,
use-by date, history) and orders. An order of another organisation is DoesNotExist, like one that does not
exist."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import Organisation
from marketplace.workflow import history

from ..dates import today
from ..ledger import Kind, balances, voucher_account
from ..models import LedgerTransaction, Programme, ServiceOrder, ServiceProduct, Voucher, VoucherApplication
from ..services.applications import eligibility_problems


@dataclass(frozen=True)
class ProgrammeRow:
    programme: Programme
    problems: list[str]  # why the enterprise cannot apply; empty when it can
    application: VoucherApplication | None  # its live application, if any


def programmes_open_to(*, organisation: Organisation) -> list[ProgrammeRow]:
    """Programmes taking applications today, each with what keeps `organisation` out (the declared figures
    are checked when it applies) and its live application."""
    day = today()
    programmes = Programme.objects.filter(status=Programme.Status.OPEN, applications_open__lte=day,
                                          applications_close__gte=day).select_related("authority")
    live = {application.programme_id: application for application in VoucherApplication.objects.filter(
        applicant=organisation, status__in=(VoucherApplication.Status.SUBMITTED, VoucherApplication.Status.APPROVED))}
    return [ProgrammeRow(programme=programme,
                         problems=list(eligibility_problems(programme=programme, applicant=organisation).values()),
                         application=live.get(programme.pk))
            for programme in programmes]


def programme_open_get(*, pk: int) -> Programme:
    return Programme.objects.select_related("authority").get(pk=pk, status=Programme.Status.OPEN)


def applications_of(*, organisation: Organisation) -> QuerySet:
    return VoucherApplication.objects.filter(applicant=organisation).select_related("programme").order_by(
        "-created_at", "-pk")


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _order_label(order: ServiceOrder | None) -> str:
    if order is None:
        return ""
    return f"#{order.pk} ({bilingual_value(order.product, 'title')})"


def history_sentence(entry: LedgerTransaction, voucher_line: Decimal | None) -> str:
    """One ledger movement of a voucher told in the reader's language: what happened, how much, which order.
    `voucher_line` is what the movement did to the voucher's own balance (None when it did not touch it)."""
    values = {"amount": _money(entry.amount), "order": _order_label(entry.order)}
    if entry.kind == Kind.RESERVE:
        return _("%(amount)s CNY issued on the voucher") % values
    if entry.kind == Kind.HOLD:
        return _("%(amount)s CNY held for order %(order)s") % values
    if entry.kind in (Kind.RELEASE, Kind.LAPSE) and voucher_line:
        return _("%(amount)s CNY released back to the voucher from order %(order)s") % values
    if entry.kind in (Kind.RELEASE, Kind.LAPSE):
        return _("%(amount)s CNY held for order %(order)s returned to the programme's budget") % values
    if entry.kind == Kind.REDEEM:
        return _("%(amount)s CNY spent on order %(order)s (the agency's claim was approved)") % values
    if entry.kind == Kind.SETTLE:
        return _("%(amount)s CNY paid to the agency for order %(order)s") % values
    if entry.kind == Kind.EXPIRE:
        return _("%(amount)s CNY expired unused and returned to the programme's budget") % values
    if entry.kind == Kind.REVERSE and entry.order_id:
        return _("%(amount)s CNY for order %(order)s reversed") % values
    if entry.kind == Kind.REVERSE:
        return _("%(amount)s CNY withdrawn from the voucher") % values
    return f"{entry.get_kind_display()}: {values['amount']} CNY"


@dataclass
class VoucherRow:
    voucher: Voucher
    balance: Decimal
    days_left: int  # whole days until its use-by date; negative once past
    usable: bool
    history: list[tuple[datetime, str]] = field(default_factory=list)


def vouchers_of(*, organisation: Organisation, with_history: bool = True) -> list[VoucherRow]:
    vouchers = list(Voucher.objects.filter(holder=organisation).select_related("programme"))
    left = balances(voucher_account(voucher.pk) for voucher in vouchers)
    now = timezone.now()
    rows = []
    for voucher in vouchers:
        rows.append(VoucherRow(
            voucher=voucher, balance=left[voucher_account(voucher.pk)],
            days_left=(timezone.localdate(voucher.expires_at) - timezone.localdate(now)).days,
            usable=voucher.status == Voucher.Status.ACTIVE and voucher.expires_at > now
            and left[voucher_account(voucher.pk)] > 0))
    if with_history and rows:
        by_id = {row.voucher.pk: row for row in rows}
        entries = (LedgerTransaction.objects.filter(voucher__in=vouchers)
                   .select_related("order__product").prefetch_related("lines").order_by("created_at", "pk"))
        for entry in entries:
            account = voucher_account(entry.voucher_id)
            line = next((line.amount for line in entry.lines.all() if line.account == account), None)
            by_id[entry.voucher_id].history.append((entry.created_at, history_sentence(entry, line)))
    return rows


def usable_vouchers(*, organisation: Organisation) -> list[VoucherRow]:
    return [row for row in vouchers_of(organisation=organisation, with_history=False) if row.usable]


def orderable_product_get(*, pk: int) -> ServiceProduct:
    return ServiceProduct.objects.select_related("agency").get(pk=pk, active=True)


def orders_placed_by(*, organisation: Organisation) -> QuerySet:
    return ServiceOrder.objects.filter(buyer=organisation).select_related("product", "agency", "voucher")


def enterprise_order_get(*, pk: int, organisation: Organisation) -> ServiceOrder:
    return ServiceOrder.objects.select_related(
        "product", "agency", "buyer", "voucher", "programme", "copay_payment").get(pk=pk, buyer=organisation)


def timeline(obj, states) -> list[tuple[datetime, str, str]]:
    """An order's or a claim's audit trail as (when, the state it reached in the reader's language, reason);
    changes that kept the state (the order's placement) are named by the state they left it in."""
    labels = dict(states.choices)
    return [(event.created_at, str(labels.get(event.to_state, event.to_state)), event.reason)
            for event in history(obj)]
