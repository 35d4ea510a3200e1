"""The navigation report through the open API: the page's figures as JSON, the page's checks on the parameters."""

import pytest

from navigation.query import ReportQuery
from navigation.selectors import navigation_report

from .fixtures import import_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(tmp_path):
    import_fixture(tmp_path)


def test_the_api_gives_the_reports_figures(client, field):
    response = client.get("/api/v1/navigation/", {"ipc": "g08g B60W"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    report = navigation_report(ReportQuery(ipc=("G08G", "B60W")))
    assert (body["query"], body["total"], body["granted"]) == ("ipc=G08G+B60W", 8, 4)
    assert body["years"] == list(report.years)
    assert [(section["key"], section["rows"]) for section in body["sections"]] == [
        (section.key, [list(row) for row in section.rows]) for section in report.sections]
    applicants = next(section for section in body["sections"] if section["key"] == "applicants")
    assert applicants["rows"][0][0] == "清华大学" and 4 in applicants["rows"][0]


@pytest.mark.parametrize(("params", "field_name"), [
    ({"ipc": "G08G XYZ"}, "ipc"), ({"ipc": "G08G", "from": "1800"}, "year_from"), ({}, "non_field_errors"),
])
def test_bad_parameters_get_the_apis_error_body(client, db, params, field_name):
    response = client.get("/api/v1/navigation/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field_name in error["fields"], error


def test_control_characters_get_the_apis_error_body_too(client, db):
    response = client.get("/api/v1/navigation/", {"q": "自动\x00驾驶"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "control characters" in response.json()["error"]["message"]


def test_an_unknown_api_address_gets_the_apis_error_body(client, db):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]
