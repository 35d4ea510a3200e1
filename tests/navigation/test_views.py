"""The navigation pages in both languages, bad input, exports, saving and sharing."""

import io
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from navigation.models import SavedReport
from tests.factories import UserFactory

from .fixtures import import_fixture

pytestmark = pytest.mark.django_db
FIELD = urlencode({"ipc": "G08G B60W"})


@pytest.fixture
def field(tmp_path):
    import_fixture(tmp_path)


def _get(client, path, language="zh-hans"):
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language)


def test_form_page_without_a_field(client):
    response = _get(client, reverse("navigation:report"))
    assert response.status_code == 200
    assert "专利导航" in response.content.decode()
    assert "ipc=G08G+B60W" in response.content.decode()  # an example to start from


@pytest.mark.parametrize(("language", "words"), [("zh-hans", ["专利导航", "申请量与授权量", "主要申请人", "清华大学"]),
                                                 ("en", ["Patent navigation", "Filings and grants per year",
                                                         "Top applicants", "清华大学", "Beijing"])])
def test_report_in_both_languages(client, field, language, words):
    response = _get(client, f"{reverse('navigation:report')}?{FIELD}", language)
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    assert re.search(r'id="figure-total">8<', html)
    assert 'id="navigation-charts"' in html and "echarts.min.js" in html
    assert html.count('class="table navigation-table"') == 8  # a table under every chart


def test_bad_input_is_explained_and_kept(client, field):
    response = _get(client, f"{reverse('navigation:report')}?ipc=G08G+XYZ&q=自动驾驶", "en")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Not an IPC code: XYZ" in html
    assert 'value="自动驾驶"' in html  # what was typed stays in the form
    response = _get(client, f"{reverse('navigation:report')}?ipc=G08G&from=2022&to=2019", "en")
    assert response.status_code == 400 and "The last year comes before the first." in response.content.decode()


def test_region_must_be_a_province(client, field):
    response = _get(client, f"{reverse('navigation:report')}?region=深圳", "en")
    assert response.status_code == 400 and "深圳市 is a city; reports group by province: choose 广东省." in \
        response.content.decode()
    response = _get(client, f"{reverse('navigation:report')}?region=Atlantis", "en")
    assert response.status_code == 400 and "Not a province of China: Atlantis." in response.content.decode()
    response = _get(client, f"{reverse('navigation:report')}?region=jiangsu", "en")
    assert response.status_code == 200 and re.search(r'id="figure-total">1<', response.content.decode())


def test_unrelated_parameters_show_the_form(client):
    response = _get(client, f"{reverse('navigation:report')}?utm_source=wechat", "en")
    assert response.status_code == 200 and "Choose a field" not in response.content.decode()


def test_empty_field_says_so(client, field):
    response = _get(client, f"{reverse('navigation:report')}?ipc=A01B", "en")
    assert response.status_code == 200 and 'id="navigation-empty"' in response.content.decode()


def test_csv_export(client, field):
    response = client.get(f"{reverse('navigation:export', args=['csv'])}?{FIELD}")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "清华大学,4" in text and "B60W" in text and "2019,3,0" in text


def test_csv_export_is_spreadsheet_safe(client, tmp_path):
    from marketplace.importers.run import patents_import

    path = tmp_path / "formula.jsonl"
    path.write_text('{"publication_number": "CN1100100A", "kind": "A", "title_zh": "自动驾驶", "ipc_main": "B60W30/09",'
                    ' "applicants": ["=HYPERLINK(\\"http://x\\")"], "application_date": "2020-01-01",'
                    ' "legal_status_zh": "审中"}\n', encoding="utf-8")
    patents_import(path=path, fmt="cn_export")
    text = client.get(f"{reverse('navigation:export', args=['csv'])}?ipc=B60W").content.decode()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_xlsx_export(client, field):
    response = client.get(f"{reverse('navigation:export', args=['xlsx'])}?{FIELD}", HTTP_ACCEPT_LANGUAGE="en")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Summary"
    applicants = workbook["Top applicants"]
    assert [cell.value for cell in applicants[2]][:3] == ["清华大学", "University", 4]
    years = workbook["Filings and grants per year"]
    assert [[cell.value for cell in row] for row in years.iter_rows(min_row=2, max_row=5)] == [
        [2019, 3, 0], [2020, 2, 0], [2021, 3, 2], [2022, 0, 1]]


def test_pdf_export(client, field):
    response = client.get(f"{reverse('navigation:export', args=['pdf'])}?{FIELD}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "专利导航报告" in text and "清华大学" in text and "北京嘀嘀无限科技发展有限公司" in text
    assert "G08G" in text and "B60W" in text and "有效" in text


def test_export_without_a_field_or_unknown_format(client):
    assert client.get(reverse("navigation:export", args=["csv"])).status_code == 400
    assert client.get(f"{reverse('navigation:export', args=['doc'])}?{FIELD}").status_code == 404


def test_save_and_share(client, field):
    user = UserFactory()
    client.force_login(user)
    page = _get(client, f"{reverse('navigation:report')}?ipc=b60w+g08g", "en").content.decode()
    assert 'name="parameters" value="ipc=B60W+G08G"' in page  # canonical: upper case, in the order given
    response = client.post(reverse("navigation:save"), {"parameters": "ipc=B60W+G08G", "title": "自动驾驶导航"})
    saved = SavedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("navigation:saved", args=[saved.code])
    assert (saved.title, saved.parameters, saved.created_by) == ("自动驾驶导航", "ipc=B60W+G08G", user)
    again = client.post(reverse("navigation:save"), {"parameters": "ipc=B60W+G08G", "title": "another"})
    assert again["Location"] == response["Location"] and SavedReport.objects.count() == 1
    client.logout()
    shared = _get(client, response["Location"], "en")  # anyone may open it
    html = shared.content.decode()
    assert shared.status_code == 200 and "自动驾驶导航" in html and re.search(r'id="figure-total">8<', html)
    assert f"/navigation/r/{saved.code}/" in html


def test_saving_needs_a_login_and_valid_parameters(client, field):
    response = client.post(reverse("navigation:save"), {"parameters": FIELD})
    assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(UserFactory())
    response = client.post(reverse("navigation:save"), {"parameters": "ipc=NOPE"})
    assert response.status_code == 302 and not SavedReport.objects.exists()
    assert client.get(reverse("navigation:saved", args=["missing1"])).status_code == 404


def test_nav_link_in_both_languages(client):
    assert "专利导航" in _get(client, reverse("navigation:report")).content.decode()
    assert 'href="/navigation/"' in _get(client, reverse("navigation:report"), "en").content.decode()
