"""Writes to running royalties: the licensee files a period's report, which issues its invoice; an operator voids
a wrong report so the period can be filed again; a paid invoice marks its report paid.

Filings of one licence are ordered on the licence's row: the minimum annual royalty's top-up reads the other
reports of the licence year, and a period is filed only after the ones before it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from deals.terms import CENT, MAX_AMOUNT, RoyaltyBase
from marketplace.permissions import is_member, is_operator, require
from marketplace.workflow import IllegalTransition, Transition, Workflow, lock_row, record_event
from payments.models import Payment

from .models import Instalment, Licence, RoyaltyReport
from .periods import Period, licence_periods, period_of, year_minimum

# The largest sales figure a report may carry (the 16-digit base column): more is a typing slip.
MAX_BASE = Decimal("99999999999999.99")
MAX_UNITS = Decimal("1000000000000")
NOTE_MAX_LENGTH = 2000

R = RoyaltyReport.Status
ROYALTY_REPORT_WORKFLOW = Workflow(
    "status",
    {
        "invoice": Transition(frozenset({R.FILED}), R.INVOICED),
        "settle": Transition(frozenset({R.FILED}), R.PAID),  # nothing due: no invoice
        "pay": Transition(frozenset({R.INVOICED}), R.PAID),  # its invoice was paid
        "void": Transition(frozenset({R.INVOICED, R.PAID}), R.VOID, needs_reason=True),
    },
)


@dataclass(frozen=True)
class RoyaltyComputation:
    period: Period
    base_amount: Decimal
    rate: Decimal
    royalty: Decimal
    minimum: Decimal  # the year's minimum, when this period closes a licence year; else 0
    reported_in_year: Decimal  # royalties of the year's earlier reports
    top_up: Decimal
    currency: str

    @property
    def total_due(self) -> Decimal:
        return self.royalty + self.top_up


def _clean_base(value, *, units: bool) -> Decimal:
    """The period's sales (to the cent) or units (whole), or a ValidationError on `base_amount`."""
    try:
        base = Decimal(str(value).strip())
        if not base.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"base_amount": _("Enter a number such as 125000.00.")}) from None
    if base < 0:
        raise ValidationError({"base_amount": _("The sales base cannot be negative; report 0 for no sales.")})
    if base > (MAX_UNITS if units else MAX_BASE):
        raise ValidationError({"base_amount": _("This figure is larger than any licence could report; "
                                                "check it.")})
    if units and base != base.to_integral_value():
        raise ValidationError({"base_amount": _("Report a whole number of units.")})
    return base.quantize(CENT, rounding=ROUND_HALF_UP)


def _licence_period(licence: Licence, period_start: date, today: date) -> Period:
    if not licence.terms.has_running_royalty:
        raise ValidationError(_("This licence has no running royalty to report."))
    period = period_of(licence, period_start)
    if period is None:
        raise ValidationError({"period_start": _("This is not a reporting period of this licence.")})
    if period.end >= today:
        raise ValidationError({"period_start": _("This period ends on %(date)s; report it after that.")
                               % {"date": period.end.isoformat()}})
    return period


def _live_reports(licence: Licence):
    return RoyaltyReport.objects.filter(licence=licence).exclude(status=R.VOID)


def royalty_compute(*, licence: Licence, period_start: date, base_amount, today: date | None = None
                    ) -> RoyaltyComputation:
    """What a report of `base_amount` for the period starting `period_start` would owe, as filing it would
    compute it now (the form's preview). On a per-unit base the rate is an amount per unit; otherwise a
    percentage of the sales."""
    terms = licence.terms
    period = _licence_period(licence, period_start, today or timezone.localdate())
    units = terms.royalty_base == RoyaltyBase.UNITS
    base = _clean_base(base_amount, units=units)
    rate = terms.royalty_rate
    royalty = (base * rate if units else base * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    minimum = reported = top_up = Decimal("0.00")
    if period.closes_year and terms.minimum_annual_royalty:
        minimum = year_minimum(terms, period.year)
        reported = _live_reports(licence).filter(
            period_start__gte=period.year.start, period_start__lt=period.start
        ).aggregate(total=Sum("royalty"))["total"] or Decimal("0.00")
        top_up = max(minimum - reported - royalty, Decimal("0.00"))
    if royalty + top_up > MAX_AMOUNT:
        raise ValidationError({"base_amount": _("The royalty on this figure is too large; check it.")})
    return RoyaltyComputation(period=period, base_amount=base, rate=rate, royalty=royalty, minimum=minimum,
                              reported_in_year=reported, top_up=top_up, currency=terms.currency)


def royalty_report_file(*, licence: Licence, period_start: date, base_amount, actor, note: str = "",
                        today: date | None = None) -> RoyaltyReport:
    """The licensee reports a period that has ended; the report issues its invoice (none when nothing is due,
    the report is then settled at once)."""
    require(is_member(actor, licence.licensee), _("Only the licensee's members can file its royalty reports."))
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("At most %(n)d characters, please.") % {"n": NOTE_MAX_LENGTH}})
    today = today or timezone.localdate()
    with transaction.atomic():
        licence = lock_row(licence)
        computation = royalty_compute(licence=licence, period_start=period_start, base_amount=base_amount,
                                      today=today)
        period = computation.period
        if _live_reports(licence).filter(period_start=period.start).exists():
            raise ValidationError({"period_start": _("This period has already been reported.")})
        reported = set(_live_reports(licence).values_list("period_start", flat=True))
        missing = next((p for p in licence_periods(licence.terms)
                        if p.start < period.start and p.start not in reported), None)
        if missing is not None:
            raise ValidationError({"period_start": _("Report the period %(start)s – %(end)s first.")
                                   % {"start": missing.start.isoformat(), "end": missing.end.isoformat()}})
        report = RoyaltyReport.objects.create(
            licence=licence, period_start=period.start, period_end=period.end,
            base_amount=computation.base_amount, royalty_rate=computation.rate, royalty=computation.royalty,
            minimum_top_up=computation.top_up, total_due=computation.total_due, currency=computation.currency,
            note=note, filed_by=actor,
        )
        record_event(report, action="file", to_state=report.status, actor=actor, data={
            "base_amount": str(report.base_amount), "royalty": str(report.royalty),
            "minimum_top_up": str(report.minimum_top_up), "total_due": str(report.total_due),
        })
        if not report.total_due:
            return ROYALTY_REPORT_WORKFLOW.apply(report, "settle", actor=actor)
        report.invoice = Instalment.objects.create(
            agreement_id=licence.agreement_id, licence=licence, kind=Instalment.Kind.ROYALTY,
            label=_("Royalties %(start)s – %(end)s") % {"start": period.start.isoformat(),
                                                         "end": period.end.isoformat()},
            amount=report.total_due, currency=report.currency,
            due_date=period.end + timedelta(days=settings.ROYALTY_INVOICE_DUE_DAYS),
        )
        report.save(update_fields=["invoice"])
        record_event(report.invoice, action="issue", to_state=report.invoice.status, actor=actor,
                     data={"royalty_report": report.pk})
        return ROYALTY_REPORT_WORKFLOW.apply(report, "invoice", actor=actor,
                                             data={"instalment": report.invoice_id})


def royalty_report_void(*, report: RoyaltyReport, actor, reason: str) -> RoyaltyReport:
    """An operator voids a wrong report (the latest of its licence) and cancels its unpaid invoice, so the
    licensee can file the period again."""
    require(is_operator(actor), _("Only the operation centre can void a royalty report."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is void.")})
    with transaction.atomic():
        report = lock_row(report)
        if not ROYALTY_REPORT_WORKFLOW.can(report, "void"):
            raise IllegalTransition(report, "void", report.status)
        if _live_reports(report.licence).filter(period_start__gt=report.period_start).exists():
            raise ValidationError(_("Void the later reports of this licence first: their minimum royalty "
                                    "top-ups were computed from this one."))
        if report.invoice_id:
            _cancel_invoice(report.invoice, actor=actor, reason=reason)
        return ROYALTY_REPORT_WORKFLOW.apply(report, "void", actor=actor, reason=reason,
                                             timestamps=("voided_at",))


def _cancel_invoice(invoice: Instalment, *, actor, reason: str) -> None:
    invoice = lock_row(invoice)
    paying = Payment.objects.filter(
        purpose_type=ContentType.objects.get_for_model(Instalment), purpose_id=str(invoice.pk),
        status__in=[Payment.Status.CREATED, Payment.Status.PROCESSING, Payment.Status.SUCCEEDED],
    )
    if invoice.status != Instalment.Status.DUE or paying.exists():
        raise ValidationError(_("This report's invoice is paid or being paid; refund the payment instead."))
    invoice.status = Instalment.Status.CANCELLED
    invoice.save(update_fields=["status"])
    record_event(invoice, action="cancel", from_state=Instalment.Status.DUE, to_state=invoice.status,
                 actor=actor, reason=reason)


def royalty_reports_mark_paid(*, instalment_ids=None) -> int:
    """Mark paid the invoiced reports whose invoice has been paid (those of `instalment_ids`, or all); returns
    how many. Idempotent: a report is marked once however often this runs."""
    reports = RoyaltyReport.objects.filter(status=R.INVOICED, invoice__status=Instalment.Status.PAID)
    if instalment_ids is not None:
        reports = reports.filter(invoice_id__in=instalment_ids)
    marked = 0
    for report in reports:
        with transaction.atomic():
            if lock_row(report).status == R.INVOICED:
                ROYALTY_REPORT_WORKFLOW.apply(report, "pay", data={"instalment": report.invoice_id})
                marked += 1
    return marked
