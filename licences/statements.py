"""Royalty statements: what an organisation received in a month or a quarter, line by line.

The lines are the Distributions whose recipient it is (a pool member's share, a single patent's licensor part;
for the operation centre, the platform's commission, whose recipient is None), grouped by licence and payment,
with totals per currency. The same statement renders as a page, a CSV (safe to open in a spreadsheet) and a PDF.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.spreadsheets import spreadsheet_safe
from cms.templatetags.ipmarket import bilingual_value
from deals.terms import add_months
from marketplace import pdf
from marketplace.models import Organisation
from marketplace.permissions import is_operator, user_organisations

from .models import Distribution, Licence

GRANULARITIES = {"month": (1, gettext_lazy("Month")), "quarter": (3, gettext_lazy("Quarter"))}


@dataclass(frozen=True)
class StatementPeriod:
    granularity: str
    start: date  # the first day
    end: date  # the day after the last

    @property
    def key(self) -> str:
        if self.granularity == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def shifted(self, steps: int) -> "StatementPeriod":
        months = GRANULARITIES[self.granularity][0]
        start = add_months(self.start, steps * months)
        return StatementPeriod(self.granularity, start, add_months(start, months))


def statement_period(*, granularity: str = "", key: str = "", today: date | None = None) -> StatementPeriod:
    """The month (`2026-03`) or quarter (`2026-Q1`) named by `key`; the current one for anything unreadable."""
    granularity = granularity if granularity in GRANULARITIES else "quarter"
    months = GRANULARITIES[granularity][0]
    start = None
    try:
        year, part = key.split("-", 1)
        number = int(part[1:]) if granularity == "quarter" and part[:1] in "Qq" else int(part)
        if granularity == "quarter" and 1 <= number <= 4:
            start = date(int(year), 3 * number - 2, 1)
        elif granularity == "month" and 1 <= number <= 12:
            start = date(int(year), number, 1)
    except ValueError:
        pass
    if start is None or not 2000 <= start.year <= 2999:
        today = today or timezone.localdate()
        start = date(today.year, (today.month - 1) // months * months + 1, 1)
    return StatementPeriod(granularity, start, add_months(start, months))


def statement_organisation_for_user(*, pk: int, user) -> Organisation:
    """An organisation whose statements `user` may read (its own; any for operators); else DoesNotExist."""
    organisations = Organisation.objects.all() if is_operator(user) else user_organisations(user)
    return organisations.get(pk=pk)


@dataclass
class LicenceGroup:
    licence: Licence
    lines: list[Distribution] = field(default_factory=list)


@dataclass
class Statement:
    organisation: Organisation
    period: StatementPeriod
    groups: list[LicenceGroup]
    totals: dict[str, Decimal]  # per currency

    @property
    def lines(self) -> list[Distribution]:
        return [line for group in self.groups for line in group.lines]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def statement_build(*, organisation: Organisation, period: StatementPeriod) -> Statement:
    recipient = Q(recipient=organisation)
    if organisation.kind == Organisation.Kind.OPERATION_CENTRE:
        recipient |= Q(recipient__isnull=True)  # the platform's commission is the centre's
    lines = (
        Distribution.objects.filter(recipient, created_at__gte=_local_midnight(period.start),
                                    created_at__lt=_local_midnight(period.end))
        .select_related("payment__payer", "instalment__licence__listing", "instalment__licence__pool",
                        "instalment__licence__licensee")
        .order_by("instalment__licence_id", "payment_id", "created_at", "pk")
    )
    groups: dict[int, LicenceGroup] = {}
    totals: dict[str, Decimal] = {}
    for line in lines:
        licence = line.instalment.licence
        groups.setdefault(licence.pk, LicenceGroup(licence)).lines.append(line)
        totals[line.currency] = totals.get(line.currency, Decimal("0.00")) + line.amount
    return Statement(organisation, period, list(groups.values()), totals)


def _row(line: Distribution) -> list[str]:
    licence = line.instalment.licence
    return [
        timezone.localtime(line.created_at).date().isoformat(),
        licence.listing.identifier,
        bilingual_value(licence.pool, "name") if licence.pool else bilingual_value(licence.listing, "title"),
        bilingual_value(line.payment.payer, "name"),
        line.instalment.title,
        f"#{line.payment_id}",
        line.get_role_display(),
        f"{line.share_percent.normalize():f} %" if line.share_percent is not None else "",
        f"{line.amount:.2f}",
        line.currency,
    ]


def _header() -> list[str]:
    return [_("Date"), _("Licence"), _("Pool or listing"), _("Licensee"), _("Instalment"), _("Payment"), _("Role"),
            _("Share"), _("Amount"), _("Currency")]


def _title(statement: Statement) -> str:
    return _("Royalty statement of %(organisation)s, %(start)s – %(end)s") % {
        "organisation": bilingual_value(statement.organisation, "name"),
        "start": statement.period.start.isoformat(), "end": statement.period.last_day.isoformat()}


def statement_csv(statement: Statement) -> str:
    """The statement's lines and totals as CSV; no cell can start a formula (cms.spreadsheets)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(_title(statement))])
    writer.writerow([spreadsheet_safe(cell) for cell in _header()])
    for line in statement.lines:
        writer.writerow([spreadsheet_safe(cell) for cell in _row(line)])
    for currency, total in sorted(statement.totals.items()):
        writer.writerow([_("Total"), *[""] * 7, f"{total:.2f}", currency])
    return buffer.getvalue()


def statement_pdf(statement: Statement) -> bytes:
    flowables = [pdf.paragraph(_title(statement), "title")]
    if not statement.groups:
        flowables.append(pdf.paragraph(_("Nothing was received in this period.")))
    for group in statement.groups:
        licence = group.licence
        flowables += [
            pdf.paragraph(f"{licence.listing.identifier} · {bilingual_value(licence.listing, 'title')}", "heading"),
            pdf.paragraph(_("Licensee: %(name)s") % {"name": bilingual_value(licence.licensee, "name")}, "small"),
            pdf.table([[_header()[i] for i in (0, 4, 5, 6, 7, 8)],
                       *[[_row(line)[i] for i in (0, 4, 5, 6, 7, 8)] for line in group.lines]]),
        ]
    flowables.append(pdf.spacer())
    for currency, total in sorted(statement.totals.items()):
        flowables.append(pdf.paragraph(_("Total received: %(amount)s %(currency)s")
                                       % {"amount": f"{total:.2f}", "currency": currency}, "heading"))
    return pdf.pdf_render(flowables, title=_title(statement), author=_("Operation centre"))
