"""The royalty pages: periods with their state, the previewed report form, voiding, the invoices list."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from licences.models import Instalment, RoyaltyReport

from .helpers import licence_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 7, 10)):
        yield date(2025, 7, 10)


def _page(client, licence):
    return client.get(reverse("royalties:licence", args=[licence.pk]))


def test_the_licensee_previews_then_files_and_sees_the_invoice(client, licence, licensee_user, today, english):
    client.force_login(licensee_user)
    page = _page(client, licence).content.decode()
    assert "2025-01-01 –" in page and "Report due" in page and "Upcoming" in page
    url = reverse("royalties:licence", args=[licence.pk])
    preview = client.post(url, {"period_start": "2025-01-01", "base_amount": "125000", "preview": ""})
    assert preview.status_code == 200 and "CNY 6,250" in preview.content.decode()
    assert not RoyaltyReport.objects.exists()
    filed = client.post(url, {"period_start": "2025-01-01", "base_amount": "125000", "note": "Q1", "file": ""})
    assert filed.status_code == 302
    report = RoyaltyReport.objects.get()
    assert report.status == "invoiced" and report.filed_by == licensee_user
    invoices = client.get(reverse("royalties:invoices")).content.decode()
    assert "Royalties 2025-01-01 – 2025-03-31" in invoices and "CNY 6,250" in invoices


@pytest.mark.parametrize("base, message", [("-5", "cannot be negative"), ("NaN", "Enter a number"),
                                           ("1e40", "larger than any licence")])
def test_bad_figures_come_back_as_form_errors(client, licence, licensee_user, today, english, base, message):
    client.force_login(licensee_user)
    response = client.post(reverse("royalties:licence", args=[licence.pk]),
                           {"period_start": "2025-01-01", "base_amount": base, "file": ""})
    assert response.status_code == 400 and message in response.content.decode()
    assert not RoyaltyReport.objects.exists()


def test_a_period_not_yet_ended_cannot_be_posted(client, licence, licensee_user, today, english):
    client.force_login(licensee_user)
    response = client.post(reverse("royalties:licence", args=[licence.pk]),
                           {"period_start": "2025-07-01", "base_amount": "1", "file": ""})
    assert response.status_code == 400 and "report it after that" in response.content.decode()


def test_the_licensor_reads_but_cannot_file_and_outsiders_get_404(client, licence, licensor_user, outsider, today):
    client.force_login(licensor_user)
    page = _page(client, licence)
    assert page.status_code == 200 and 'name="base_amount"' not in page.content.decode()
    assert client.post(reverse("royalties:licence", args=[licence.pk]),
                       {"period_start": "2025-01-01", "base_amount": "1", "file": ""}).status_code == 404
    client.force_login(outsider)
    assert _page(client, licence).status_code == 404
    assert not RoyaltyReport.objects.exists()


def test_an_operator_voids_from_the_page(client, licence, licensee_user, operator, today, english):
    client.force_login(licensee_user)
    client.post(reverse("royalties:licence", args=[licence.pk]),
                {"period_start": "2025-01-01", "base_amount": "100", "file": ""})
    report = RoyaltyReport.objects.get()
    assert client.post(reverse("royalties:report_void", args=[report.pk]), {"reason": "x"}).status_code == 404
    client.force_login(operator)
    assert 'action="%s"' % reverse("royalties:report_void", args=[report.pk]) in _page(client, licence).content.decode()
    client.post(reverse("royalties:report_void", args=[report.pk]), {"reason": "销售额填错"})
    report.refresh_from_db()
    assert report.status == "void" and report.invoice.status == Instalment.Status.CANCELLED
    assert "Report due" in _page(client, licence).content.decode()


def test_a_licence_without_running_royalty(client, licensor, licensee, licensee_user, english):
    licence = licence_create(licensor=licensor, licensee=licensee, rate=None)
    client.force_login(licensee_user)
    assert "no running royalty" in _page(client, licence).content.decode()


def test_invoices_are_the_acting_organisations(client, licence, licensee_user, outsider, operator, today):
    client.force_login(licensee_user)
    client.post(reverse("royalties:licence", args=[licence.pk]),
                {"period_start": "2025-01-01", "base_amount": "100", "file": ""})
    label = Instalment.objects.get().label
    client.force_login(outsider)
    assert label not in client.get(reverse("royalties:invoices")).content.decode()
    client.force_login(operator)
    assert label in client.get(reverse("royalties:invoices")).content.decode()


def test_the_dashboard_links_to_invoices_statements_and_disputes(client, licensee_user):
    client.force_login(licensee_user)
    page = client.get(reverse("dashboard")).content.decode()
    for name in ("royalties:invoices", "royalties:statements", "royalties:disputes"):
        assert reverse(name) in page
