"""One way to browse, in Chromium at desktop and phone widths: an old /listings/ address lands on the search
page with its filters, a Chinese query finds the battery listings, a reversed price range is refused with the
typed prices kept, and prices read "CNY 500,000".

Screenshots go to $BROWSE_SCREENSHOTS when set (to look at them), else to pytest's tmp_path.
"""

import os
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.documents import listing_documents

from ..factories import PatentFactory, PublishedListingFactory
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def listings():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    created = [PublishedListingFactory(asking_price=Decimal(100_000 * (n + 1)), sector="new_energy") for n in range(3)]
    created.append(PublishedListingFactory(
        patent=PatentFactory(title_zh="一种雷达图像扫描装置", title_en="Radar image scanner", ipc_section="G",
                             ipc_class="G01", ipc_main="G01S13/89", ipc_codes=["G01S13/89"]),
        asking_price=Decimal("500000.00"), sector="information_technology"))
    backend = get_backend()  # the in-memory index is shared with the live server's thread
    backend.configure()
    backend.clear()
    backend.index(listing_documents())
    yield created
    backend.clear()


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("BROWSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_search_page_query_price_error_and_old_addresses(listings, live_server, page, width, tmp_path):  # noqa: F811
    shots = _shots(tmp_path)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))

    # An old listing-index address with its old parameter names.
    assert page.goto(f"{live_server.url}/listings/?q={quote('锂电池')}&offer=patent&sector=new_energy").ok
    page.wait_for_url(re.compile(r"/search/\?"))
    assert "kind=patent" in page.url and "sector=new_energy" in page.url
    cards = page.locator(".result-card")
    assert cards.count() == 3
    assert page.locator("#search-q").input_value() == "锂电池"
    assert re.match(r"CNY [1-3]00,000\b", cards.first.locator(".card-price").inner_text().strip())
    page.screenshot(path=str(shots / f"search-{width}.png"), full_page=True)

    # A reversed price range: refused with a message that names the prices, both kept in the form.
    page.goto(f"{live_server.url}/search/?q={quote('锂电池')}")
    if not page.locator("input[name=price_min]").is_visible():  # on phones the facets sit in a drawer
        page.locator(".facets-toggle").click()
    page.locator("input[name=price_min]").fill("500000")
    page.locator("input[name=price_max]").fill("100000")
    page.locator("input[name=price_max]").press("Enter")
    page.wait_for_url(re.compile(r"price_max=100000"))
    alert = page.get_by_role("alert")
    assert "500000" in alert.inner_text() and "100000" in alert.inner_text()
    assert "price_min" not in alert.inner_text()
    assert page.locator("input[name=price_min]").input_value() == "500000"
    assert page.locator("input[name=price_max]").input_value() == "100000"
    assert page.locator("#search-q").input_value() == "锂电池"
    page.screenshot(path=str(shots / f"price-error-{width}.png"), full_page=True)

    # Facet values as people type them, and a partial publication number.
    page.goto(f"{live_server.url}/search/?jurisdiction=cn&province=beijing")
    assert page.locator(".filter-chip").count() == 2
    number = listings[3].patent.publication_number
    page.goto(f"{live_server.url}/search/?q={number[:-1]}")
    assert cards.count() == 1 and "CNY 500,000" in cards.first.inner_text()
