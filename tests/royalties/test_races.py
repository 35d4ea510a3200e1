"""Every royalty and dispute write under concurrency on PostgreSQL: exactly one effect each time."""

from datetime import date, datetime, timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone

from licences.disputes import dispute_mediate, dispute_open, dispute_resolve, dispute_withdraw
from licences.models import Dispute, Instalment, Licence, RoyaltyReport
from licences.reminders import licence_reminders_send
from licences.royalties import royalty_report_file, royalty_report_void, royalty_reports_mark_paid
from marketplace.models import Notification
from marketplace.workflow import IllegalTransition, history

from ..concurrency import race, racing
from .helpers import licence_create

TRIALS = 10
LATER = date(2030, 1, 1)


def _file(licence, user, base, start=date(2025, 1, 1)):
    return lambda: royalty_report_file(licence=licence, period_start=start, base_amount=base, actor=user,
                                       today=LATER)


@racing
def test_two_colleagues_filing_the_same_period_at_once_file_one_report(licensor, licensee, licensee_user,
                                                                        licensee_colleague):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee, minimum="1000")
        outcomes = race(_file(licence, licensee_user, "100"), _file(licence, licensee_colleague, "200"))
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert isinstance(next(o.error for o in outcomes if not o.ok), ValidationError)
        report = RoyaltyReport.objects.get(licence=licence)
        assert Instalment.objects.filter(licence=licence).count() == 1
        assert history(report).filter(action="file").count() == 1


@racing
def test_filing_two_periods_at_once_keeps_the_order(licensor, licensee, licensee_user, licensee_colleague):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        outcomes = race(_file(licence, licensee_user, "100"),
                        _file(licence, licensee_colleague, "100", start=date(2025, 4, 1)))
        reports = RoyaltyReport.objects.filter(licence=licence).order_by("period_start")
        # The second period is filed only if the first committed before it looked.
        assert outcomes[0].ok
        assert [r.period_start for r in reports] == [date(2025, 1, 1)] + ([date(2025, 4, 1)] if outcomes[1].ok
                                                                          else [])


@racing
def test_voiding_twice_at_once_voids_once(licensor, licensee, licensee_user, operator):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        report = _file(licence, licensee_user, "100")()
        outcomes = race(lambda: royalty_report_void(report=report, actor=operator, reason=f"a{n}"),
                        lambda: royalty_report_void(report=report, actor=operator, reason=f"b{n}"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), IllegalTransition)
        assert history(report).filter(action="void").count() == 1
        assert history(report.invoice).filter(action="cancel").count() == 1


@racing
def test_refiling_while_voiding_leaves_one_live_report(licensor, licensee, licensee_user, operator):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        report = _file(licence, licensee_user, "100")()
        outcomes = race(lambda: royalty_report_void(report=report, actor=operator, reason="typo"),
                        _file(licence, licensee_user, "300"))
        assert outcomes[0].ok
        live = RoyaltyReport.objects.filter(licence=licence).exclude(status="void")
        assert live.count() == (1 if outcomes[1].ok else 0)


@racing
def test_marking_paid_twice_at_once_marks_once(licensor, licensee, licensee_user):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        report = _file(licence, licensee_user, "100")()
        Instalment.objects.filter(pk=report.invoice_id).update(status=Instalment.Status.PAID)
        outcomes = race(royalty_reports_mark_paid, royalty_reports_mark_paid)
        assert all(o.ok for o in outcomes) and sorted(o.value for o in outcomes) == [0, 1]
        assert history(report).filter(action="pay").count() == 1


@racing
def test_two_reminder_runs_at_once_remind_once(licensor, licensee, licensee_user, licensee_colleague, settings):
    settings.ROYALTY_REPORT_GRACE_DAYS = 15
    settings.PAYMENT_REMINDER_INTERVAL_DAYS = 7
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        report = _file(licence, licensee_user, "100")()  # Q1 invoiced, due 30 days after it ends; Q2 missing
        day = report.invoice.due_date + timedelta(days=100)
        now = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        # Only this trial's licence and invoice are outstanding.
        Notification.objects.all().delete()
        Licence.objects.exclude(pk=licence.pk).update(status=Licence.Status.TERMINATED)
        Instalment.objects.exclude(pk=report.invoice_id).update(status=Instalment.Status.CANCELLED)
        with mock.patch("django.utils.timezone.now", return_value=now):
            outcomes = race(lambda: licence_reminders_send(today=day), lambda: licence_reminders_send(today=day))
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        assert sum(o.value.instalments for o in outcomes) == 1
        assert sum(o.value.reports for o in outcomes) == 1
        # Each once to the licensee's two members.
        assert Notification.objects.filter(kind="instalment_overdue").count() == 2
        assert Notification.objects.filter(kind="royalty_report_due").count() == 2


@racing
def test_both_parties_opening_a_dispute_at_once_open_one(licensor, licensee, licensee_user, licensor_user):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        outcomes = race(lambda: dispute_open(deal=licence.deal, actor=licensee_user, reason=f"a{n}"),
                        lambda: dispute_open(deal=licence.deal, actor=licensor_user, reason=f"b{n}"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert Dispute.objects.filter(deal=licence.deal).count() == 1


@racing
def test_resolving_while_the_opener_withdraws_records_one_outcome(licensor, licensee, licensee_user, operator):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        dispute = dispute_open(deal=licence.deal, actor=licensee_user, reason="x")
        outcomes = race(lambda: dispute_resolve(dispute=dispute, actor=operator, outcome="settled", text="和解"),
                        lambda: dispute_withdraw(dispute=dispute, actor=licensee_user))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), IllegalTransition)
        dispute.refresh_from_db()
        events = history(dispute).filter(action__in=["resolve", "withdraw"])
        assert events.count() == 1 and events.get().to_state == dispute.status
        assert (dispute.outcome == "settled") == (dispute.status == "resolved")


@racing
def test_two_operators_mediating_at_once_mediate_once(licensor, licensee, licensee_user, operator):
    for n in range(TRIALS):
        licence = licence_create(licensor=licensor, licensee=licensee)
        dispute = dispute_open(deal=licence.deal, actor=licensee_user, reason="x")
        outcomes = race(lambda: dispute_mediate(dispute=dispute, actor=operator),
                        lambda: dispute_mediate(dispute=dispute, actor=operator))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert history(dispute).filter(action="mediate").count() == 1
