"""A navigation report as CSV (every table one after the other), XLSX (one sheet per table) and PDF (the tables
with their notes). Every text cell passes through spreadsheet_safe: an applicant's name is outside data."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cms.spreadsheets import spreadsheet_safe
from marketplace import pdf

from .selectors import NavigationReport, Section

PDF_ROWS = 40
PDF_COLUMNS = 8  # an A4 page's width; the per-year columns of a wider table keep their latest years


def _narrow(rows: list[list]) -> list[list]:
    if len(rows[0]) <= PDF_COLUMNS:
        return rows
    return [row[:3] + row[3 - PDF_COLUMNS:] for row in rows]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _summary(report: NavigationReport) -> list[list]:
    rows = [[_("Field"), report.query.describe()], [_("Patents"), report.total], [_("In force"), report.granted],
            [_("Applicants"), report.applicants]]
    if report.years:
        rows.append([_("Filing years"), f"{report.years[0]}–{report.years[1]}"])
    rows.append([_("Listings available"), report.listings_total])
    return rows


def _listings_section(report: NavigationReport) -> Section:
    return Section(key="listings", title=_("Listings available in this field"),
                   headers=[_("Publication number"), _("Title"), _("Owner")],
                   rows=[[listing.patent.publication_number, listing.title, str(listing.owner)]
                         for listing in report.listings])


def _tables(report: NavigationReport) -> list[Section]:
    return [*report.sections, _listings_section(report)]


def _safe(row) -> list:
    return [spreadsheet_safe(value if isinstance(value, int | float) else str(value)) for value in row]


def report_csv(report: NavigationReport) -> str:
    """UTF-8 with a byte-order mark, so that Excel reads the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_safe(row) for row in _summary(report))
    for section in _tables(report):
        writer.writerow([])
        writer.writerow(_safe([section.title]))
        writer.writerow(_safe(section.headers))
        writer.writerows(_safe(row) for row in section.rows)
    return "\ufeff" + buffer.getvalue()


def report_xlsx(report: NavigationReport) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    for row in _summary(report):
        summary.append(_safe(row))
    summary.column_dimensions["A"].width = 20
    summary.column_dimensions["B"].width = 60
    used = {summary.title}
    for section in _tables(report):
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.append(_safe(section.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append(_safe(row))
        if section.note:
            sheet.append([])
            sheet.append(_safe([section.note]))
        sheet.column_dimensions[get_column_letter(1)].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """At most 31 characters, none of []:*?/\\ (Excel's rules), unique in the workbook."""
    clean = "".join(" " if char in "[]:*?/\\" else char for char in title)[:28]
    name, number = clean, 2
    while name in used:
        name, number = f"{clean} {number}", number + 1
    used.add(name)
    return name


def report_pdf(report: NavigationReport, *, url: str) -> bytes:
    title = _("Patent navigation report")
    flowables = [pdf.paragraph(title, "title"), pdf.paragraph(report.query.describe(), "heading"),
                 pdf.table(_summary(report), header=False), pdf.paragraph(url, "small")]
    for section in _tables(report):
        flowables += [pdf.paragraph(section.title, "heading")]
        if section.rows:
            flowables.append(pdf.table(_narrow([section.headers, *section.rows[:PDF_ROWS]])))
        else:
            flowables.append(pdf.paragraph(_("None."), "small"))
        if section.note:
            flowables.append(pdf.paragraph(section.note, "small"))
        flowables.append(pdf.spacer())
    return pdf.pdf_render(flowables, title=f"{title}: {report.query.describe()}")
