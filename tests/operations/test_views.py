"""The dashboard and the city report: operators only, the period chooser, and exports holding the figures."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from marketplace.models import Listing
from operations.models import CityPopulation
from tests.factories import ListingFactory, MembershipFactory, OrganisationFactory

from .helpers import dated, event, local

QUERY = "start=2026-01-01&end=2026-03-31&grain=month"


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def figures(db):
    owner = OrganisationFactory(kind="university", province="江苏省", city="苏州市")
    listing = dated(ListingFactory(owner=owner, status=Listing.Status.PUBLISHED,
                                   patent__grant_date=datetime.date(2020, 5, 1)), local(2026, 2, 3, 9, 0))
    event(listing, "submit", local(2026, 2, 3, 10, 0), from_state="draft", to_state="submitted")
    event(listing, "publish", local(2026, 2, 4, 10, 0), from_state="submitted", to_state="published")
    dated(listing, local(2026, 2, 4, 10, 0), "published_at")
    return listing


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in ("/dashboard/operations/", "/dashboard/operations/cities/", "/dashboard/operations/export/listings.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_of_other_organisations_are_refused(client, university_member):
    client.force_login(university_member)
    for url in ("/dashboard/operations/", "/dashboard/operations/cities/",
                f"/dashboard/operations/export/listings.xlsx?{QUERY}", "/dashboard/operations/cities/export.csv"):
        assert client.get(url).status_code == 403
    response = client.post("/dashboard/operations/cities/population/",
                           {"province": "江苏省", "city": "苏州市", "year": 2020, "population": 1})
    assert response.status_code == 403
    assert not CityPopulation.objects.exists()


@translation.override("en")
def test_the_dashboard_shows_tiles_charts_and_tables(operator_client, figures):
    response = operator_client.get(f"/dashboard/operations/?{QUERY}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    listings = next(t for t in response.context["tables"] if t.key == "listings")
    assert listings.rows == [["2026-01", 0, 0, 0, 0, 0, 0], ["2026-02", 1, 1, 1, 0, 0, 0],
                             ["2026-03", 0, 0, 0, 0, 0, 0]]
    assert 'id="chart-listings"' in page and 'id="data-listings"' in page
    assert f"/dashboard/operations/export/listings.xlsx?{QUERY}".replace("&", "&amp;") in page
    tiles = {tile.label: tile.value for tile in response.context["tiles"]}
    assert tiles["Listings created"] == 1 and tiles["Listings published"] == 1
    assert tiles["Average days to a moderation decision"] == 1.0


def test_the_default_period_is_the_last_twelve_months(operator_client, db):
    response = operator_client.get("/dashboard/operations/")
    form = response.context["form"]
    assert form.period.grain == "month" and form.period.end == timezone.localdate()
    # Date inputs need ISO dates whatever the language (a browser leaves "2026/11/30" empty).
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()
    assert len(next(t for t in response.context["tables"] if t.key == "listings").rows) == 12


@pytest.mark.parametrize("query, message", [
    ("start=2026-03-01&end=2026-01-01&grain=month", "The period must start before it ends."),
    ("start=2020-01-01&end=2026-01-01&grain=week", "at most two years week by week"),
    ("start=yesterday&end=2026-01-01&grain=month", "Enter a valid date."),
])
def test_a_bad_period_gets_a_clear_message_and_keeps_the_input(operator_client, query, message):
    response = operator_client.get(f"/dashboard/operations/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and response.context["tables"] == []
    assert operator_client.get(f"/dashboard/operations/export/listings.csv?{query}").status_code == 400


def _rows(response, export_format: str) -> list[list]:
    if export_format == "csv":
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text[1:])))
    return [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_every_table_exports_with_its_figures(operator_client, figures, export_format):
    from operations.tables import SPECS

    for spec in SPECS:
        response = operator_client.get(f"/dashboard/operations/export/{spec.key}.{export_format}?{QUERY}")
        assert response.status_code == 200, spec.key
        assert f"{spec.key}-20260101-20260331-month.{export_format}" in response["Content-Disposition"]
        assert len(_rows(response, export_format)[0]) == len(spec.columns)
    listings = _rows(operator_client.get(f"/dashboard/operations/export/listings.{export_format}?{QUERY}"),
                     export_format)
    assert [str(cell) for cell in listings[2]] == ["2026-02", "1", "1", "1", "0", "0", "0"]
    by_owner = _rows(operator_client.get(f"/dashboard/operations/export/by_region.{export_format}?{QUERY}"),
                     export_format)
    assert [str(cell) for cell in by_owner[1]] == ["江苏省", "苏州市", "1", "1", "0", "0"]


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_key_figures_export_too(operator_client, figures, export_format):
    with translation.override("en"):
        rows = _rows(operator_client.get(f"/dashboard/operations/export/kpis.{export_format}?{QUERY}",
                                         HTTP_ACCEPT_LANGUAGE="en"), export_format)
    figures_by_label = {row[0]: str(row[1]) for row in rows[1:]}
    assert figures_by_label["Listings created"] == "1" and figures_by_label["Listings published"] == "1"


def test_an_unknown_table_or_format_is_not_found(operator_client):
    assert operator_client.get(f"/dashboard/operations/export/nothing.csv?{QUERY}").status_code == 404
    assert operator_client.get(f"/dashboard/operations/export/listings.pdf?{QUERY}").status_code == 404


@translation.override("en")
def test_operators_enter_populations_and_the_city_report_exports_them(operator_client, figures):
    response = operator_client.post("/dashboard/operations/cities/population/",
                                    {"province": "江苏省", "city": "苏州市", "year": 2025, "population": 20000,
                                     "source": "test"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2025")
    response = operator_client.get("/dashboard/operations/cities/?year=2026")
    row = next(r for r in response.context["rows"] if r[1] == "苏州市")
    # The patent (granted, in force) was offered in February 2026: 1 per 20,000 people is 0.5 per 10,000.
    assert row[:6] == ["江苏省", "苏州市", 20000, 2025, 1, pytest.approx(0.5)]
    assert row[6] == 1  # listings published in 2026
    for export_format in ("csv", "xlsx"):
        exported = _rows(operator_client.get(f"/dashboard/operations/cities/export.{export_format}?year=2026"),
                         export_format)
        assert [str(cell) for cell in exported[1][:5]] == ["江苏省", "苏州市", "20000", "2025", "1"]


def test_a_bad_population_is_refused_with_a_message_and_nothing_saved(operator_client, db):
    response = operator_client.post("/dashboard/operations/cities/population/",
                                    {"province": "江苏省", "city": "苏州市", "year": 2025, "population": "-3"},
                                    HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to" in response.content.decode()
    assert response.context["population_form"]["city"].value() == "苏州市"
    assert not CityPopulation.objects.exists()


def test_the_operators_dashboard_and_menu_link_to_it(client, operator):
    MembershipFactory(user=operator, organisation=OrganisationFactory(kind="university"))
    client.force_login(operator)
    assert 'href="/dashboard/operations/"' in client.get("/dashboard/").content.decode()


def test_members_see_no_link(client, university_member):
    client.force_login(university_member)
    assert "/dashboard/operations/" not in client.get("/dashboard/").content.decode()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_write_formula_like_names_as_text(operator_client, db, export_format):
    owner = OrganisationFactory(kind="enterprise", province="=HYPERLINK(\"http://evil.example\")", city="@SUM(1)")
    dated(ListingFactory(owner=owner), local(2026, 1, 5, 9, 0))
    rows = _rows(operator_client.get(f"/dashboard/operations/export/by_region.{export_format}?{QUERY}"),
                 export_format)
    assert rows[1][:2] == ["'=HYPERLINK(\"http://evil.example\")", "'@SUM(1)"]


def test_the_admin_menu_links_operators_to_the_dashboard(operator_client):
    assert "/dashboard/operations/" in operator_client.get("/admin/").content.decode()
