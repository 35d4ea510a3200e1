"""The daily reminders: missing royalty reports after the grace, overdue instalments; once per interval, in the
recipient's language, in-app and by e-mail."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from licences.models import Instalment
from licences.reminders import licence_reminders_send
from licences.royalties import royalty_report_file
from licences.tasks import licence_reminders_task
from marketplace.models import Notification
from tests.notices import read_notice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.ROYALTY_REPORT_GRACE_DAYS = 15
    settings.PAYMENT_REMINDER_INTERVAL_DAYS = 7
    settings.ROYALTY_INVOICE_DUE_DAYS = 30


def _at(day: date):
    """Run as if it were 09:00 on `day` (the task's hour)."""
    return mock.patch("django.utils.timezone.now",
                      return_value=timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9)))


def _run(day: date):
    with _at(day):
        return licence_reminders_send(today=day)


def test_a_missing_report_is_reminded_after_the_grace_once_per_interval(licence, licensee_user, licensee_colleague,
                                                                        licensor_user, django_capture_on_commit_callbacks):
    licensee_user.preferred_language = "en"
    licensee_user.save()
    assert _run(date(2025, 4, 15)).reports == 0  # Q1 ended on 31 March: still within the grace
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(date(2025, 4, 16)).reports == 1
    assert _run(date(2025, 4, 16)).reports == 0  # a second run the same day reminds nobody
    assert _run(date(2025, 4, 22)).reports == 0
    notes = Notification.objects.filter(kind="royalty_report_due")
    assert sorted(notes.values_list("recipient__username", flat=True)) == ["licensee", "licensee2"]
    assert read_notice(notes.get(recipient=licensee_user), "en")["headline"] == "Royalty report due: 2025-01-01 – 2025-03-31"
    assert read_notice(notes.get(recipient=licensee_colleague), "zh-hans")["headline"].startswith("提成费报告")
    assert sorted(m.to[0] for m in mail.outbox) == ["licensee2@example.cn", "licensee@example.cn"]
    english = next(m for m in mail.outbox if m.to == ["licensee@example.cn"])
    assert english.subject == "Royalty report due: 2025-01-01 – 2025-03-31"
    assert f"/licences/{licence.pk}/royalties/" in english.body
    assert _run(date(2025, 4, 23)).reports == 1  # a week later, again
    with _at(date(2025, 4, 24)):
        royalty_report_file(licence=licence, period_start=date(2025, 1, 1), base_amount="0", actor=licensee_user,
                            today=date(2025, 4, 24))
    assert _run(date(2025, 5, 30)).reports == 0  # filed; Q2 is not due yet


def test_an_overdue_invoice_is_reminded_to_the_payer_once_per_interval(licence, licensee_user, licensor_user,
                                                                       django_capture_on_commit_callbacks):
    with _at(date(2025, 4, 5)):
        report = royalty_report_file(licence=licence, period_start=date(2025, 1, 1), base_amount="1000",
                                     actor=licensee_user, today=date(2025, 4, 5))
    assert report.invoice.due_date == date(2025, 4, 30)
    assert _run(date(2025, 4, 30)).instalments == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(date(2025, 5, 1)).instalments == 1
    assert _run(date(2025, 5, 1)).instalments == 0
    assert list(Notification.objects.filter(kind="instalment_overdue").values_list("recipient__username",
                                                                                   flat=True)) == ["licensee"]
    assert [m.to for m in mail.outbox] == [["licensee@example.cn"]]
    report.invoice.refresh_from_db()
    assert report.invoice.last_reminded_at
    Instalment.objects.filter(pk=report.invoice_id).update(status=Instalment.Status.PAID)
    assert _run(date(2025, 6, 1)).instalments == 0  # paid: no more reminders


def test_the_task_is_scheduled_daily_and_sends_once_when_run_twice(settings, licence, licensee_user):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values()
                 if e["task"] == "licences.tasks.licence_reminders_task")
    assert entry["schedule"].hour == {9}
    with _at(date(2025, 5, 1)), mock.patch("licences.reminders.timezone.localdate", return_value=date(2025, 5, 1)):
        first = licence_reminders_task()
        second = licence_reminders_task()
    assert first["reports"] == 1 and second["reports"] == 0
    assert Notification.objects.filter(kind="royalty_report_due").count() == 1


def test_a_paid_invoice_settles_its_report_through_the_daily_task(licence, licensee_user):
    with _at(date(2025, 4, 5)):
        report = royalty_report_file(licence=licence, period_start=date(2025, 1, 1), base_amount="1000",
                                     actor=licensee_user, today=date(2025, 4, 5))
    Instalment.objects.filter(pk=report.invoice_id).update(status=Instalment.Status.PAID,
                                                           amount=Decimal("50.00"))
    assert licence_reminders_task()["paid"] == 1
    report.refresh_from_db()
    assert report.status == "paid"
