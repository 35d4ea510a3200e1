"""Exports that operators open in Excel or LibreOffice: no cell may start a formula.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by spreadsheet
programs (CSV injection: `=HYPERLINK(...)` in a demand or listing title would act on the operator's machine).
Following OWASP's advice, such text gets a leading apostrophe, which shows it as text; numbers are left alone
(-5 is a number, not a formula).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Every CSV and XLSX cell of a Wagtail export passes through `spreadsheet_safe`. Every export view of the
    project uses it (tests/test_exports.py checks that none is left out)."""

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))
