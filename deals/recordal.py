"""The recordal pack of a signed agreement: what CNIPA's patent licence contract recordal (专利实施许可合同备案)
asks for, read from the agreement's own snapshot and terms (so it always matches what was signed), as rows
for the page and as CSV and XLSX exports.

Values are in Chinese, as the recordal is filed; labels are bilingual. Every exported cell passes through
cms.spreadsheets.spreadsheet_safe (no cell of a party's name may start a formula)."""

import csv
import io

from django.utils import timezone, translation
from openpyxl import Workbook

from cms.spreadsheets import spreadsheet_safe

from .agreement_document import COUNTRY
from .models import Agreement
from .terms import DealKind, ReportingPeriod, RoyaltyBase, add_months

HEADER = ("项目", "Item", "内容 / Value")


def recordal_rows(agreement: Agreement) -> list[tuple[str, str, str]]:
    """(Chinese label, English label, value) for a signed agreement."""
    snapshot, terms = agreement.snapshot, agreement.terms
    signed = timezone.localdate(agreement.signed_at)
    money = lambda amount: f"{amount:.2f} {terms.currency}"  # noqa: E731 - four uses, one line each
    with translation.override("zh-hans"):
        kind = str(DealKind(terms.deal_kind).label)
        royalty = (f"{terms.royalty_rate.normalize():f}% · {RoyaltyBase(terms.royalty_base).label} · "
                   f"{ReportingPeriod(terms.reporting_period).label}" if terms.has_running_royalty else "无")
    rows = [("合同编号", "Agreement number", agreement.number)]
    for role, zh, en in (("licensor", "许可方", "Licensor"), ("licensee", "被许可方", "Licensee")):
        party = snapshot[role]
        rows += [
            (f"{zh}名称", f"{en} name", party["name_zh"]),
            (f"{zh}英文名称", f"{en} name (English)", party["name_en"]),
            (f"{zh}地址", f"{en} address", party["address"]),
            (f"{zh}国籍", f"{en} nationality", COUNTRY["zh-hans"]),
            (f"{zh}统一社会信用代码", f"{en} credit code", party["credit_code"]),
        ]
    for n, patent in enumerate(snapshot["patents"], start=1):
        rows += [(f"专利号 {n}", f"Patent number {n}", patent["number"]),
                 (f"申请号 {n}", f"Application number {n}", patent["application_number"]),
                 (f"专利名称 {n}", f"Patent title {n}", patent["title_zh"] or patent["title_en"])]
    rows += [
        ("许可种类", "Licence type", kind),
        ("许可地域范围", "Territory", terms.territory or "不限"),
        ("技术领域", "Field of use", terms.field_of_use or "不限"),
        ("许可期限起始日", "Term start", terms.start_date.isoformat()),
        ("许可期限届满日", "Term end", terms.end_date.isoformat() if terms.end_date else ""),
        ("入门费", "Upfront fee", money(terms.upfront_fee)),
        ("提成费", "Running royalty", royalty),
        ("最低年提成", "Minimum annual royalty", money(terms.minimum_annual_royalty)),
        ("里程碑付款合计", "Milestone payments (total)", money(sum((m.amount for m in terms.milestones), 0))),
        ("合同签订日期", "Signing date", signed.isoformat()),
        ("备案期限", "Recordal due by", add_months(signed, 3).isoformat()),
    ]
    return rows


def recordal_csv(agreement: Agreement) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in (HEADER, *recordal_rows(agreement)):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()  # the byte-order mark makes Excel read the CSV as UTF-8


def recordal_xlsx(agreement: Agreement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "备案 Recordal"
    for row in (HEADER, *recordal_rows(agreement)):
        sheet.append([spreadsheet_safe(cell) for cell in row])
    for column, width in zip("ABC", (22, 28, 60)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
