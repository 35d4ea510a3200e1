"""A buyer sees a patent's honest legal status (with its date and source) and a readable data source, on the
listing page and on the search page, at 1280 and 390 px. Screenshots go to $SCREENSHOT_DIR when it is set."""

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from marketplace.data_sources import CNIPA_DATABASE_EXPORTS
from marketplace.models import Organisation, Patent
from search.backends import get_backend
from search.documents import listing_documents

from ..factories import OrganisationFactory, PatentFactory, PublishedListingFactory
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

# CN113029145A from ../shared/data/cn_recent.jsonl (CNIPA via incoPat/Patentics exports, yangdongbjcn/patent-container).
RECORD = {"publication_number": "CN113029145A", "kind_code": "A", "title_zh": "一种基于强化学习的视觉增强现实方法",
          "applicants": ["西安交通大学"], "application_date": datetime.date(2021, 3, 1),
          "expiry_date": datetime.date(2041, 3, 1), "legal_status": Patent.LegalStatus.GRANTED,
          "legal_status_source": Patent.LegalStatusSource.EXPORT,
          "legal_status_as_of": datetime.date(2023, 4, 18), "source": CNIPA_DATABASE_EXPORTS}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listing():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh="西安交通大学", kind=Organisation.Kind.UNIVERSITY, province="陕西省",
                                city="西安市")
    created = PublishedListingFactory(owner=owner, patent=PatentFactory(ipc_main="G06T19/00", **RECORD))
    backend = get_backend()
    backend.configure()
    backend.clear()
    backend.index(listing_documents())
    yield created
    backend.clear()


def _shot(page, name: str) -> None:  # noqa: F811
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [1280, 390])
def test_status_date_and_source_are_visible(listing, live_server, page, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto(f"{live_server.url}/search/?q=增强现实").ok
    card = page.get_by_text("有效（截至 2023-04-18，来源：数据导出）").first
    card.scroll_into_view_if_needed()
    assert card.is_visible()
    _shot(page, f"status-search-{width}")
    assert page.goto(f"{live_server.url}/listings/{listing.pk}/").ok
    status = page.get_by_text("有效（截至 2023-04-18，来源：数据导出）")
    status.scroll_into_view_if_needed()
    assert status.is_visible()
    _shot(page, f"status-listing-{width}")
    source = page.get_by_text("国家知识产权局公开的专利文献", exact=False)
    source.scroll_into_view_if_needed()
    assert source.is_visible()
    _shot(page, f"source-listing-{width}")
    assert CNIPA_DATABASE_EXPORTS not in page.content()
