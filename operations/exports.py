"""Any table as a spreadsheet: CSV (UTF-8 with a byte-order mark, which makes Excel read it as UTF-8) or XLSX.
Every cell passes through cms.spreadsheets.spreadsheet_safe: an organisation named "=HYPERLINK(...)" stays text."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

from cms.spreadsheets import spreadsheet_safe

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(row) -> list:
    return [spreadsheet_safe(cell) for cell in row]


def table_response(*, columns: list[str], rows: list[list], filename: str, export_format: str,
                   sheet_title: str = "") -> HttpResponse:
    if export_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_cells(columns))
        writer.writerows(_cells(row) for row in rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (sheet_title or "Sheet")[:31]  # Excel's limit on a sheet's name
        sheet.append(_cells(columns))
        for row in rows:
            sheet.append(_cells(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
