"""Reads for running royalties: who may see a licence's royalties, its periods with their reports, invoices."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from marketplace.models import Organisation
from marketplace.permissions import is_member
from marketplace.workflow import history

from .models import Instalment, Licence, RoyaltyReport
from .periods import Period, licence_periods


def licence_user_files_reports(*, licence: Licence, user) -> bool:
    return is_member(user, licence.licensee)


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    report: RoyaltyReport | None
    # upcoming (not ended), due (ended, no report), or the report's status
    state: str

    @property
    def fileable(self) -> bool:
        return self.state == "due"


def licence_period_rows(*, licence: Licence, today: date | None = None) -> list[PeriodRow]:
    """Every reporting period with its live report; only the first unreported ended period can be filed."""
    today = today or timezone.localdate()
    reports = {r.period_start: r for r in licence.royalty_reports.exclude(status=RoyaltyReport.Status.VOID)
               .select_related("invoice")}
    rows = []
    for period in licence_periods(licence.terms):
        report = reports.get(period.start)
        if report is not None:
            state = report.status
        elif period.end >= today:
            state = "upcoming"
        else:
            state = "due"
        rows.append(PeriodRow(period, report, state))
    return rows


def period_rows_to_show(rows: list[PeriodRow]) -> tuple[list[PeriodRow], int]:
    """The periods worth listing (those ended or reported, and the next one) and how many more are to come:
    the later ones say nothing yet, so they are counted, not listed."""
    upcoming = [row for row in rows if row.state == "upcoming"]
    return [row for row in rows if row.state != "upcoming"] + upcoming[:1], len(upcoming[1:])


def royalty_reports_voided(*, licence: Licence) -> QuerySet:
    return licence.royalty_reports.filter(status=RoyaltyReport.Status.VOID).order_by("-voided_at")


def royalty_report_events(*, report: RoyaltyReport):
    return history(report).order_by("created_at", "pk")


def instalments_for(*, organisation: Organisation | None) -> QuerySet:
    """The instalments an organisation owes or is owed (as licensee or licensor, or buyer or owner of a deal
    whose licence is not yet recorded); every instalment for None (the operation centre)."""
    instalments = Instalment.objects.select_related("licence__listing", "licence__licensee",
                                                    "licence__licensor", "agreement__deal", "royalty_report")
    if organisation is not None:
        instalments = instalments.filter(
            Q(licence__licensee=organisation) | Q(licence__licensor=organisation)
            | Q(licence__isnull=True, agreement__deal__buyer=organisation)
            | Q(licence__isnull=True, agreement__deal__seller=organisation)
        )
    return instalments.order_by("-due_date", "-pk")
