"""Royalty statements: each member's lines, the pool's part summed over members, CSV safety, PDF text, access."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from licences.statements import statement_build, statement_csv, statement_period
from marketplace.models import Organisation

from .helpers import licence_create, pool_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_licence(licensor, licensee, pool):
    return licence_create(licensor=licensor, licensee=licensee, pool=pool)


def _members(pool):
    return [member.organisation for member in pool.members.order_by("-share")]


def _paid(pool_licence, pool, amount="1000.01"):
    a, b, c = _members(pool)
    # 3 % commission of 1000.01 is 30.00; the pool's 970.01 split 50/30/20 by largest remainder.
    return pool_payment(licence=pool_licence, amount=amount, commission="30.00",
                        parts={a: ("50", "485.01"), b: ("30", "291.00"), c: ("20", "194.00")})


def test_statement_lines_of_all_members_sum_to_the_pools_part_of_the_payment(pool_licence, pool):
    payment = _paid(pool_licence, pool)
    period = statement_period(granularity="month", key=f"{timezone.localdate():%Y-%m}")
    statements = [statement_build(organisation=member, period=period) for member in _members(pool)]
    lines = [line for statement in statements for line in statement.lines]
    assert len(lines) == 3 and {line.payment_id for line in lines} == {payment.pk}
    commission = payment.distributions.get(recipient__isnull=True).amount
    assert sum(line.amount for line in lines) == payment.amount - commission == Decimal("970.01")
    assert [s.totals for s in statements] == [{"CNY": Decimal("485.01")}, {"CNY": Decimal("291.00")},
                                              {"CNY": Decimal("194.00")}]


def test_the_operation_centre_sees_the_commission(pool_licence, pool, operator):
    _paid(pool_licence, pool)
    centre = Organisation.objects.get(kind=Organisation.Kind.OPERATION_CENTRE)
    statement = statement_build(organisation=centre, period=statement_period(granularity="quarter"))
    assert [(line.role, line.amount) for line in statement.lines] == [("commission", Decimal("30.00"))]


def test_periods_select_by_month_and_quarter(pool_licence, pool):
    a = _members(pool)[0]
    pool_payment(licence=pool_licence, amount="100.00", commission="3.00", parts={a: ("100", "97.00")},
                 created_at=timezone.make_aware(datetime(2026, 2, 28, 23, 30)))
    assert statement_build(organisation=a, period=statement_period(granularity="month", key="2026-02")).lines
    assert not statement_build(organisation=a, period=statement_period(granularity="month", key="2026-03")).lines
    quarter = statement_period(granularity="quarter", key="2026-Q1")
    assert (quarter.start, quarter.last_day) == (date(2026, 1, 1), date(2026, 3, 31))
    assert statement_build(organisation=a, period=quarter).lines
    assert quarter.shifted(1).key == "2026-Q2" and quarter.shifted(-1).key == "2025-Q4"
    assert statement_period(granularity="month", key="2026-13", today=date(2026, 5, 4)).key == "2026-05"
    assert statement_period(granularity="bogus", key="x", today=date(2026, 5, 4)).key == "2026-Q2"


@pytest.fixture
def chinese(english, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        yield


def test_csv_cells_never_start_a_formula(licensor, licensee, pool, chinese):
    pool.name_zh = "=HYPERLINK(\"http://evil\")"
    pool.save()
    pool_licence = licence_create(licensor=licensor, licensee=licensee, pool=pool)
    _paid(pool_licence, pool)
    member = _members(pool)[0]
    text = statement_csv(statement_build(organisation=member, period=statement_period(granularity="quarter")))
    rows = list(csv.reader(io.StringIO(text)))
    assert any("'=HYPERLINK" in cell for row in rows for cell in row)
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert rows[-1][-2:] == ["485.01", "CNY"]


def test_member_pages_csv_and_pdf_with_chinese_names(client, pool_licence, pool, licensor_user, chinese):
    _paid(pool_licence, pool)
    client.force_login(licensor_user)
    url = reverse("royalties:statement", args=[pool_licence.licensor.pk])
    page = client.get(url, {"granularity": "month"})
    assert page.status_code == 200 and "485.01" in page.content.decode()
    csv_response = client.get(reverse("royalties:statement_csv", args=[pool_licence.licensor.pk]))
    assert csv_response["Content-Type"].startswith("text/csv") and "485.01" in csv_response.content.decode("utf-8-sig")
    pdf_response = client.get(reverse("royalties:statement_pdf", args=[pool_licence.licensor.pk]))
    assert pdf_response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_response.content)).pages)
    assert "华东理工大学" in text and "苏州锂电科技有限公司" in text and "485.01" in text


def test_statements_are_private_to_members_and_operators(client, pool_licence, pool, outsider, operator):
    member = _members(pool)[1]
    for name in ("royalties:statement", "royalties:statement_csv", "royalties:statement_pdf"):
        client.force_login(outsider)
        assert client.get(reverse(name, args=[member.pk])).status_code == 404
        client.force_login(operator)
        assert client.get(reverse(name, args=[member.pk])).status_code == 200


def test_the_statements_link_goes_to_the_acting_organisations(client, licensor_user, licensor):
    client.force_login(licensor_user)
    response = client.get(reverse("royalties:statements"))
    assert response.status_code == 302 and response["Location"] == reverse("royalties:statement",
                                                                           args=[licensor.pk])
