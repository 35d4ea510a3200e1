"""Settlement batches on the officer's screens: totals per agency, the treasury's CSV and XLSX read back and
compared with the claims, marking paid."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from marketplace.models import Organisation
from payments.models import Payment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, LedgerTransaction, SettlementBatch
from vouchers.selectors.officer import programme_budget_summary
from vouchers.services.claims import claim_approve, claim_reverse

from .officer_helpers import enterprise_with_voucher, second_agency, submitted_claim

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    """Signed in, reading English (the messages asserted on are the English source strings)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def approved_claims(programme, voucher, product, buyer, agency, agency_member, authority, officer, operator):
    """Three approved claims: two of the first agency (10,000 and 2,000 at 60 %), one of a second agency whose
    service title starts like a spreadsheet formula."""
    product.price = Decimal("1000.00")
    product.save()
    _, wuxi_member, wuxi_product = second_agency(authority, title_zh="=HYPERLINK(\"http://x\")检索")
    _, member_b, voucher_b = enterprise_with_voucher(programme, officer, slug="ent-b")
    claims = [
        submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                        operator=operator, invoice="SZ-001"),  # 600
        submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                        operator=operator, invoice="SZ-002", price="2000.00"),  # 1,200 (above the published price)
        submitted_claim(voucher=voucher_b, product=wuxi_product, buyer=member_b, agency_member=wuxi_member,
                        operator=operator, invoice="WX-001"),  # 1,200
    ]
    return [claim_approve(claim=claim, actor=officer) for claim in claims]


def test_batch_list_offers_the_programmes_with_approved_claims(approved_claims, programme, officer):
    response = client_for(officer).get(reverse("vouchers:settlement-batches"))
    (offered,) = response.context["programmes"]
    assert offered == programme
    assert (offered.unbatched_count, offered.unbatched_total) == (3, Decimal("3000.00"))


def test_create_then_totals_per_agency(approved_claims, programme, agency, officer):
    client = client_for(officer)
    response = client.post(reverse("vouchers:settlement-batch-create", args=[programme.pk]))
    batch = SettlementBatch.objects.get()
    assert response["Location"] == reverse("vouchers:settlement-batch", args=[batch.pk])
    assert set(batch.claims.all()) == set(approved_claims)
    page = client.get(response["Location"])
    totals = {row.agency.name_zh: (row.credit_code, row.claims_count, row.total) for row in page.context["totals"]}
    assert totals == {agency.name_zh: ("91320594MA1X000000", 2, Decimal("1800.00")),
                      "无锡专利事务所": ("91320200MA1Y000000", 1, Decimal("1200.00"))}
    assert page.context["grand_total"] == Decimal("3000.00")
    # A second batch for the same cycle: refused with a message, nothing created.
    again = client.post(reverse("vouchers:settlement-batch-create", args=[programme.pk]), follow=True)
    assert SettlementBatch.objects.count() == 1
    assert any("No approved claim" in str(m) or "already exists" in str(m) for m in again.context["messages"])


def _batch(programme, officer):
    client_for(officer).post(reverse("vouchers:settlement-batch-create", args=[programme.pk]))
    return SettlementBatch.objects.get()


def _expected_lines(batch):
    return sorted([[c.order.voucher.code, c.order.buyer.name_zh, c.agency.name_zh, c.order.product.title_zh,
                    c.invoice_number, c.amount] for c in batch.claims.all()], key=lambda line: line[4])


def test_xlsx_export_matches_the_claims(approved_claims, programme, officer):
    batch = _batch(programme, officer)
    response = client_for(officer).get(reverse("vouchers:settlement-batch-xlsx", args=[batch.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    agencies_sheet, claims_sheet = workbook.worksheets
    agencies = [list(row) for row in agencies_sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(agencies) == sorted([["无锡专利事务所", "91320200MA1Y000000", 1, 1200],
                                       ["苏州知识产权代理有限公司", "91320594MA1X000000", 2, 1800]])
    lines = [list(row) for row in claims_sheet.iter_rows(min_row=2, values_only=True)]
    assert all(line[6] for line in lines)  # approved at
    found = sorted([line[:5] + [Decimal(str(line[5]))] for line in lines], key=lambda line: line[4])
    expected = _expected_lines(batch)
    expected = [[*line[:3], "'" + line[3] if line[3].startswith("=") else line[3], *line[4:]] for line in expected]
    assert found == expected
    assert any(line[3].startswith("'=HYPERLINK") for line in lines)  # never a live formula
    assert sum(Decimal(str(line[5])) for line in lines) == sum(row[3] for row in agencies) == 3000


def test_csv_export_has_a_bom_and_both_tables(approved_claims, programme, officer):
    batch = _batch(programme, officer)
    response = client_for(officer).get(reverse("vouchers:settlement-batch-csv", args=[batch.pk]))
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    blank = rows.index([])
    agencies, lines = rows[1:blank], rows[blank + 2:]
    assert sorted(agencies) == sorted([["无锡专利事务所", "91320200MA1Y000000", "1", "1200.00"],
                                       ["苏州知识产权代理有限公司", "91320594MA1X000000", "2", "1800.00"]])
    found = sorted([line[:5] + [Decimal(line[5])] for line in lines], key=lambda line: line[4])
    assert [line[4] for line in found] == ["SZ-001", "SZ-002", "WX-001"]
    assert [line[5] for line in found] == [c.amount for c in sorted(batch.claims.all(), key=lambda c: c.invoice_number)]
    assert found[2][3].startswith("'=")


def test_a_claim_reversed_after_batching_is_left_out(approved_claims, programme, officer):
    batch = _batch(programme, officer)
    claim_reverse(claim=approved_claims[1], actor=officer, reason="发票作废")
    page = client_for(officer).get(reverse("vouchers:settlement-batch", args=[batch.pk]))
    assert page.context["grand_total"] == Decimal("1800.00")
    assert approved_claims[1] not in list(page.context["claims"])


def test_mark_paid_settles_and_records_one_payment_per_agency(approved_claims, programme, agency, officer):
    batch = _batch(programme, officer)
    client = client_for(officer)
    url = reverse("vouchers:settlement-batch-paid", args=[batch.pk])
    response = client.post(url, {"bank_reference": "  "})
    assert response.status_code == 400 and "bank_reference" in response.context["form"].errors
    client.post(url, {"bank_reference": "GK-2026-11-001"})
    batch.refresh_from_db()
    assert (batch.status, batch.bank_reference, batch.paid_by) == (SettlementBatch.Status.PAID, "GK-2026-11-001",
                                                                   officer)
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.SETTLED}
    payments = {p.payee.name_zh: p.amount for p in Payment.objects.filter(payer=programme.authority)}
    assert payments == {agency.name_zh: Decimal("1800.00"), "无锡专利事务所": Decimal("1200.00")}
    assert programme_budget_summary(programme).paid == Decimal("3000.00")
    again = client.post(url, {"bank_reference": "GK-2026-11-001"})
    assert again.status_code == 400
    assert LedgerTransaction.objects.filter(kind="settle").count() == 3
    assert ledger_problems() == []


def test_settlement_pages_are_for_the_authoritys_officers_only(approved_claims, programme, buyer, agency_member):
    batch = _batch(programme, approved_claims[0].reviews.get().reviewer)
    wuxi = OrganisationFactory(name_zh="无锡市市场监督管理局", slug="wuxi-amr", kind=Organisation.Kind.VOUCHER_AUTHORITY)
    other_officer = MembershipFactory(organisation=wuxi, user=UserFactory(username="wuxi-officer")).user
    urls = [("get", reverse("vouchers:settlement-batch", args=[batch.pk])),
            ("get", reverse("vouchers:settlement-batch-csv", args=[batch.pk])),
            ("get", reverse("vouchers:settlement-batch-xlsx", args=[batch.pk])),
            ("post", reverse("vouchers:settlement-batch-paid", args=[batch.pk])),
            ("post", reverse("vouchers:settlement-batch-create", args=[programme.pk]))]
    for user in (buyer, agency_member, other_officer):
        for method, url in urls:
            assert getattr(client_for(user), method)(url, {"bank_reference": "X"}).status_code == 404, (url, user)
    assert client_for(buyer).get(reverse("vouchers:settlement-batches")).status_code == 404
    their_batches = client_for(other_officer).get(reverse("vouchers:settlement-batches")).context["page_obj"]
    assert list(their_batches.object_list) == []
    batch.refresh_from_db()
    assert batch.status == SettlementBatch.Status.OPEN
