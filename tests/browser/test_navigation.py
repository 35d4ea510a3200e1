"""A navigation report in a browser at desktop and phone width: a visitor opens the autonomous-driving field from
the menu's example, sees the charts drawn (ECharts) with their tables, the top university, in both languages;
a signed-in member saves the report and opens its short address; the CSV export downloads.
Set NAVIGATION_SHOTS_DIR to keep screenshots."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from ..factories import UserFactory
from ..navigation.fixtures import import_fixture
from .journey_helpers import shot
from .test_deals import PASSWORD, _fits, browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
__all__ = ["browser"]
SHOTS = "NAVIGATION_SHOTS_DIR"


@pytest.fixture
def field(tmp_path):
    call_command("setup_site", stdout=io.StringIO())
    import_fixture(tmp_path)
    return {"member": UserFactory(username="nav_reader").username}


def _page(browser, width: int):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


# `field` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_visitor_opens_a_field_and_sees_trends(live_server, field, browser, width):
    page = _page(browser, width)
    page.goto(live_server.url + "/navigation/")
    if page.locator(".menu-toggle").is_visible():
        page.locator(".menu-toggle").click()
    assert page.locator(".main-nav a", has_text="专利导航").is_visible()
    page.locator(".navigation-examples a").first.click()  # 自动驾驶（G08G、B60W）
    page.wait_for_url(re.compile(r"/navigation/\?ipc=G08G"))
    assert page.locator("#figure-total").inner_text() == "8"
    # Every chart drawn by ECharts (an SVG inside its box), each with its table.
    charts = page.locator(".navigation-chart")
    charts.first.locator("svg").wait_for()
    assert charts.count() == 8
    for index in range(charts.count()):
        assert charts.nth(index).locator("svg").count() == 1
    assert page.locator("#table-universities tbody tr").first.inner_text().split() == ["清华大学", "4"]
    assert page.locator("#table-years tbody tr").first.locator("td").all_inner_texts() == ["2019", "3", "0"]
    _fits(page)
    shot(page, "navigation-zh", width, SHOTS)

    with page.expect_download() as download:
        page.locator(".navigation-actions a", has_text="CSV").click()
    assert "清华大学,4" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    page.goto(live_server.url + "/navigation/?ipc=G08G+B60W")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    assert page.locator("#title-years").inner_text() == "Filings and grants per year"
    assert "Beijing" in page.locator("#table-regions").inner_text()
    page.locator(".navigation-chart svg").first.wait_for()
    shot(page, "navigation-en", width, SHOTS)
    _fits(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_member_saves_and_shares_a_report(live_server, field, browser, width):
    page = _page(browser, width)
    page.goto(live_server.url + "/accounts/login/?next=/navigation/%3Fipc%3DB60W")
    page.fill("#id_username", field["member"])
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/navigation/\?ipc=B60W$"))
    page.fill("#save-title", "整车控制专利导航")
    page.locator(".navigation-save button[type=submit]").click()
    page.wait_for_url(re.compile(r"/navigation/r/[\w-]+/$"))
    address = page.locator("#share-link").get_attribute("href")
    assert page.locator("#report-title").inner_text() == "整车控制专利导航"
    assert page.locator("#figure-total").inner_text() == "5"
    _fits(page)
    shot(page, "navigation-saved", width, SHOTS)

    visitor = _page(browser, width)  # anyone with the address, signed in or not
    visitor.goto(live_server.url + address)
    assert visitor.locator("#report-title").inner_text() == "整车控制专利导航"
    assert visitor.locator("#figure-total").inner_text() == "5"
