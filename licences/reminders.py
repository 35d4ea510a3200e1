"""The daily reminders (licences.tasks): periods ended without a royalty report, and instalments past due.

Each reminder is claimed before it is sent, by a conditional write on its row, so a task run twice (or two
workers at once) reminds once; the same licence or instalment is reminded again only after
PAYMENT_REMINDER_INTERVAL_DAYS.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.notices import notice_send
from marketplace.selectors.organisations import organisation_member_ids

from .models import Instalment, Licence, RoyaltyReport, RoyaltyReportReminder
from .notifications import period_params
from .periods import Period, licence_periods


@dataclass
class RemindersSent:
    reports: int = 0
    instalments: int = 0


def licence_reminders_send(*, today: date | None = None) -> RemindersSent:
    today = today or timezone.localdate()
    now = timezone.now()
    due_before = now - timedelta(days=settings.PAYMENT_REMINDER_INTERVAL_DAYS)
    sent = RemindersSent()
    for licence, period in _missing_reports(today):
        with transaction.atomic():
            if _claim_report_reminder(licence, period, now=now, due_before=due_before):
                notice_send(kind="royalty_report_due",
                            params=period_params(licence=licence, start=period.start, end=period.end),
                            recipient_ids=organisation_member_ids(licence.licensee_id))
                sent.reports += 1
    overdue = Instalment.objects.filter(status=Instalment.Status.DUE, due_date__lt=today).select_related(
        "licence", "agreement__deal")
    for instalment in overdue:
        with transaction.atomic():
            claimed = Instalment.objects.filter(pk=instalment.pk, status=Instalment.Status.DUE).filter(
                Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=due_before)
            ).update(last_reminded_at=now)
            if claimed:
                notice_send(kind="instalment_overdue", params={"instalment_id": instalment.pk},
                            recipient_ids=organisation_member_ids(_payer_id(instalment)))
                sent.instalments += 1
    return sent


def _payer_id(instalment: Instalment) -> int:
    return instalment.licence.licensee_id if instalment.licence else instalment.agreement.deal.buyer_id


def _missing_reports(today: date):
    """Per licence, the first period past its grace without a report (periods are filed in order, so the
    licensee is reminded of the one to file next)."""
    grace = timedelta(days=settings.ROYALTY_REPORT_GRACE_DAYS)
    for licence in Licence.objects.filter(status__in=[Licence.Status.ACTIVE, Licence.Status.EXPIRED]):
        reported = set(RoyaltyReport.objects.filter(licence=licence).exclude(status=RoyaltyReport.Status.VOID)
                       .values_list("period_start", flat=True))
        period = next((p for p in licence_periods(licence.terms) if p.start not in reported), None)
        if period is not None and period.end + grace < today:
            yield licence, period


def _claim_report_reminder(licence: Licence, period: Period, *, now, due_before) -> bool:
    try:
        with transaction.atomic():  # a savepoint: a concurrent first reminder must not spoil the outer one
            RoyaltyReportReminder.objects.create(licence=licence, period_start=period.start, last_reminded_at=now)
        return True
    except IntegrityError:
        return bool(RoyaltyReportReminder.objects.filter(
            licence=licence, period_start=period.start, last_reminded_at__lte=due_before
        ).update(last_reminded_at=now))
