"""Royalty reports: periods, the computation (minimum annual royalty top-up), the invoice, voiding, bad input."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deals.terms import ReportingPeriod
from licences.models import Instalment, RoyaltyReport
from licences.periods import licence_periods
from licences.royalties import royalty_compute, royalty_report_file, royalty_report_void, royalty_reports_mark_paid
from marketplace.workflow import IllegalTransition, history

from .helpers import licence_create

pytestmark = pytest.mark.django_db
LATER = date(2030, 1, 1)


def _file(licence, user, start, base, **kwargs):
    return royalty_report_file(licence=licence, period_start=start, base_amount=base, actor=user, today=LATER,
                               **kwargs)


def test_periods_run_from_the_start_and_the_last_is_cut_at_the_end(licensor, licensee):
    licence = licence_create(licensor=licensor, licensee=licensee, start=date(2025, 1, 31), end=date(2025, 11, 15))
    periods = licence_periods(licence.terms)
    assert [(p.start, p.end) for p in periods] == [
        (date(2025, 1, 31), date(2025, 4, 29)), (date(2025, 4, 30), date(2025, 7, 30)),
        (date(2025, 7, 31), date(2025, 10, 30)), (date(2025, 10, 31), date(2025, 11, 15)),
    ]
    assert [p.closes_year for p in periods] == [False, False, False, True]


def test_annual_and_half_yearly_periods(licensor, licensee):
    annual = licence_create(licensor=licensor, licensee=licensee, period=ReportingPeriod.ANNUALLY)
    assert [p.start.year for p in licence_periods(annual.terms)] == [2025, 2026, 2027]
    assert all(p.closes_year for p in licence_periods(annual.terms))
    half = licence_create(licensor=licensor, licensee=licensee, period=ReportingPeriod.HALF_YEARLY)
    assert len(licence_periods(half.terms)) == 6


def test_no_running_royalty_no_periods(licensor, licensee, licensee_user):
    licence = licence_create(licensor=licensor, licensee=licensee, rate=None)
    assert licence_periods(licence.terms) == []
    with pytest.raises(ValidationError, match="no running royalty"):
        _file(licence, licensee_user, date(2025, 1, 1), "100")


def test_filing_computes_the_royalty_and_issues_an_invoice(licence, licensee_user, settings):
    settings.ROYALTY_INVOICE_DUE_DAYS = 30
    report = _file(licence, licensee_user, date(2025, 1, 1), "125000.00", note="Q1")
    assert report.status == RoyaltyReport.Status.INVOICED
    assert (report.royalty, report.minimum_top_up, report.total_due) == (Decimal("6250.00"), 0, Decimal("6250.00"))
    invoice = report.invoice
    assert (invoice.kind, invoice.amount, invoice.currency, invoice.licence, invoice.agreement) == (
        Instalment.Kind.ROYALTY, Decimal("6250.00"), "CNY", licence, licence.agreement)
    assert invoice.due_date == date(2025, 4, 30) and invoice.status == Instalment.Status.DUE
    assert list(history(report).values_list("action", flat=True)) == ["file", "invoice"]
    assert history(invoice).get().action == "issue"


def test_the_minimum_annual_royalty_tops_up_the_period_closing_the_year(licence, licensee_user):
    # 20000 a year: 5 % of 100000 + 50000 + 0 + 100000 = 12500; the fourth quarter's report tops up 7500.
    for start, base in ((date(2025, 1, 1), "100000"), (date(2025, 4, 1), "50000"), (date(2025, 7, 1), "0")):
        report = _file(licence, licensee_user, start, base)
        assert report.minimum_top_up == 0
    preview = royalty_compute(licence=licence, period_start=date(2025, 10, 1), base_amount="100000", today=LATER)
    assert (preview.royalty, preview.minimum, preview.reported_in_year, preview.top_up) == (
        Decimal("5000.00"), Decimal("20000.00"), Decimal("7500.00"), Decimal("7500.00"))
    closing = _file(licence, licensee_user, date(2025, 10, 1), "100000")
    assert (closing.minimum_top_up, closing.total_due) == (Decimal("7500.00"), Decimal("12500.00"))
    # The next year starts afresh; a year over the minimum tops up nothing.
    for start in (date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)):
        report = _file(licence, licensee_user, start, "200000")
    assert report.minimum_top_up == 0


def test_a_shorter_last_year_owes_its_minimum_pro_rata(licensor, licensee, licensee_user):
    licence = licence_create(licensor=licensor, licensee=licensee, start=date(2025, 1, 1), end=date(2025, 6, 30),
                             minimum="36500", period=ReportingPeriod.HALF_YEARLY)
    report = _file(licence, licensee_user, date(2025, 1, 1), "0")
    assert report.minimum_top_up == Decimal("18100.00")  # 181 of 365 days


def test_zero_due_is_settled_without_an_invoice(licensor, licensee, licensee_user):
    licence = licence_create(licensor=licensor, licensee=licensee)
    report = _file(licence, licensee_user, date(2025, 1, 1), "0")
    assert report.status == RoyaltyReport.Status.PAID and report.invoice is None
    assert not Instalment.objects.exists()


def test_units_are_charged_per_unit(licensor, licensee, licensee_user):
    licence = licence_create(licensor=licensor, licensee=licensee, base="units", rate="2.5")
    assert _file(licence, licensee_user, date(2025, 1, 1), "1000").royalty == Decimal("2500.00")
    with pytest.raises(ValidationError, match="whole number"):
        _file(licence, licensee_user, date(2025, 4, 1), "10.5")


@pytest.mark.parametrize("base, message", [
    ("-1", "cannot be negative"), ("NaN", "Enter a number"), ("Infinity", "Enter a number"), ("abc", "Enter a number"),
    ("1e30", "larger than any licence"), ("", "Enter a number"),
])
def test_bad_sales_figures_are_refused(licence, licensee_user, base, message):
    with pytest.raises(ValidationError, match=message) as error:
        _file(licence, licensee_user, date(2025, 1, 1), base)
    assert "base_amount" in error.value.message_dict
    assert not RoyaltyReport.objects.exists()


def test_a_royalty_too_large_for_an_invoice_is_refused(licensor, licensee, licensee_user):
    licence = licence_create(licensor=licensor, licensee=licensee, base="units", rate="100")
    with pytest.raises(ValidationError, match="too large"):
        _file(licence, licensee_user, date(2025, 1, 1), "999999999999")


def test_periods_not_of_the_licence_or_not_ended_are_refused(licence, licensee_user):
    with pytest.raises(ValidationError, match="not a reporting period"):
        _file(licence, licensee_user, date(2025, 2, 1), "1")
    with pytest.raises(ValidationError, match="not a reporting period"):
        _file(licence, licensee_user, date(2028, 1, 1), "1")
    with pytest.raises(ValidationError, match="report it after that"):
        royalty_report_file(licence=licence, period_start=date(2025, 1, 1), base_amount="1",
                            actor=licensee_user, today=date(2025, 3, 31))
    assert not RoyaltyReport.objects.exists()


def test_periods_are_filed_in_order_and_once(licence, licensee_user):
    with pytest.raises(ValidationError, match="2025-01-01 – 2025-03-31 first"):
        _file(licence, licensee_user, date(2025, 4, 1), "1")
    _file(licence, licensee_user, date(2025, 1, 1), "1")
    with pytest.raises(ValidationError, match="already been reported"):
        _file(licence, licensee_user, date(2025, 1, 1), "2")
    assert RoyaltyReport.objects.count() == 1


def test_only_the_licensee_files(licence, licensor_user, outsider, operator):
    for user in (licensor_user, outsider, operator):
        with pytest.raises(PermissionDenied):
            _file(licence, user, date(2025, 1, 1), "1")


def test_an_operator_voids_the_latest_report_so_it_can_be_refiled(licence, licensee_user, operator):
    first = _file(licence, licensee_user, date(2025, 1, 1), "1000")
    second = _file(licence, licensee_user, date(2025, 4, 1), "1000")
    with pytest.raises(PermissionDenied):
        royalty_report_void(report=second, actor=licensee_user, reason="typo")
    with pytest.raises(ValidationError, match="reason|why"):
        royalty_report_void(report=second, actor=operator, reason=" ")
    with pytest.raises(ValidationError, match="later reports"):
        royalty_report_void(report=first, actor=operator, reason="typo")
    voided = royalty_report_void(report=second, actor=operator, reason="wrong sales figure")
    assert voided.status == RoyaltyReport.Status.VOID and voided.voided_at
    assert voided.invoice.status == Instalment.Status.CANCELLED
    assert history(voided).get(action="void").reason == "wrong sales figure"
    assert history(voided.invoice).filter(action="cancel").count() == 1
    with pytest.raises(IllegalTransition):
        royalty_report_void(report=voided, actor=operator, reason="again")
    refiled = _file(licence, licensee_user, date(2025, 4, 1), "2000")
    assert refiled.total_due == Decimal("100.00")


def test_a_paid_invoice_marks_its_report_paid_and_cannot_be_voided(licence, licensee_user, operator):
    report = _file(licence, licensee_user, date(2025, 1, 1), "1000")
    Instalment.objects.filter(pk=report.invoice_id).update(status=Instalment.Status.PAID)
    assert royalty_reports_mark_paid() == 1
    assert royalty_reports_mark_paid() == 0
    report.refresh_from_db()
    assert report.status == RoyaltyReport.Status.PAID
    assert history(report).filter(action="pay").count() == 1
    with pytest.raises(ValidationError, match="refund"):
        royalty_report_void(report=report, actor=operator, reason="late correction")


def test_a_long_note_is_refused(licence, licensee_user):
    with pytest.raises(ValidationError) as error:
        _file(licence, licensee_user, date(2025, 1, 1), "1", note="x" * 2001)
    assert "note" in error.value.message_dict


def test_a_confirmed_payment_of_the_invoice_marks_the_report_paid(licence, licensee_user, operator,
                                                                  django_capture_on_commit_callbacks):
    from payments.providers.offline import OfflineProvider
    from payments.services import payment_confirm, payment_create

    report = _file(licence, licensee_user, date(2025, 1, 1), "1000")
    payment = payment_create(payer=licence.licensee, payee=licence.licensor, amount=report.total_due,
                             purpose=report.invoice, provider=OfflineProvider())
    # What settling the instalment does (licences.services, written elsewhere): it names the payment.
    Instalment.objects.filter(pk=report.invoice_id).update(paid_by=payment, status=Instalment.Status.PAID)
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=payment, actor=operator, reference="BANK-2025-0001")
    report.refresh_from_db()
    assert report.status == RoyaltyReport.Status.PAID
    assert history(report).get(action="pay").data == {"instalment": report.invoice_id}
