"""An operator opens the operations dashboard in a real browser, at desktop and phone width: KPI tiles, trend
charts drawn by ECharts with their figures in the table under each, exports that download, and the city report.
Same launch conventions as test_deals.py.

Set OPERATIONS_SHOTS_DIR to keep screenshots.
"""

import datetime
import re

import pytest
from django.utils import timezone

from marketplace.models import Listing
from operations.services import city_population_save
from tests.factories import DemandFactory, ListingFactory, OrganisationFactory

from .journey_helpers import shot
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def activity(operator):
    """A published listing and a demand today, and a population for the listing owner's city."""
    owner = OrganisationFactory(kind="university", province="江苏省", city="苏州市")
    ListingFactory(owner=owner, status=Listing.Status.PUBLISHED, published_at=timezone.now(),
                   patent__grant_date=datetime.date(2020, 5, 1))
    DemandFactory()
    city_population_save(province="江苏省", city="苏州市", year=2020, population=12748262, actor=operator)
    return {"operator": operator.username}


@pytest.mark.parametrize("width", [1280, 390])
def test_operator_sees_charts_tables_and_exports(live_server, activity, browser, width):  # noqa: F811
    page = _signed_in(browser, live_server.url, activity["operator"], width)
    page.goto(live_server.url + "/dashboard/")
    page.locator("main a[href='/dashboard/operations/']").click()
    page.wait_for_url(re.compile(r"/dashboard/operations/$"))
    tiles = page.locator(".ops-tile")
    assert tiles.count() >= 15
    # The chart is drawn (SVG renderer) and the table under it holds the month's figures.
    page.locator("#chart-listings svg").wait_for()
    this_month = timezone.localdate().strftime("%Y-%m")
    row = page.locator("#table-listings tbody tr", has_text=this_month)
    assert row.locator("td").first.inner_text() == "1"
    page.locator("#chart-demands svg").wait_for()
    _fits(page)
    shot(page, "operations-dashboard", width, "OPERATIONS_SHOTS_DIR")

    with page.expect_download() as download:
        page.locator("#section-listings a", has_text="XLSX").click()
    assert download.value.suggested_filename.startswith("listings-") and download.value.path().stat().st_size

    # Weekly, over the last four weeks.
    today = timezone.localdate()
    page.fill("#id_start", (today - datetime.timedelta(days=27)).isoformat())
    page.select_option("#id_grain", "week")
    page.locator("form.ops-period button[type=submit]").click()
    page.wait_for_url(re.compile(r"grain=week"))
    assert page.locator("#table-listings tbody tr").count() in (4, 5)

    page.locator(".ops-nav a[href='/dashboard/operations/cities/']").click()
    page.wait_for_url(re.compile(r"/cities/$"))
    city = page.locator("#table-cities tbody tr", has_text="苏州市")
    assert "12748262" in city.inner_text()
    _fits(page)
    shot(page, "operations-cities", width, "OPERATIONS_SHOTS_DIR")
