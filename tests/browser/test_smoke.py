"""Smoke test in a real browser: home page → the search page → a listing's detail page, with real CNIPA records.

Runs Debian's Chromium (/usr/bin/chromium) through Playwright; Playwright's own browsers are never downloaded.
Skipped where Chromium is missing, except in CI, where a missing browser is a failure.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from marketplace.models import Organisation
from search.backends import get_backend
from search.documents import listing_documents

from ..factories import OrganisationFactory, PatentFactory, PublishedListingFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Two records from /work/shared/data/cn_patents.jsonl (CNIPA, Apache-2.0).
RECORDS = [
    {"publication_number": "CN1022520C", "title_zh": "新型稀土-铁-氮永磁材料",
     "title_en": "Rareearth -Fe-N permanent magnet", "ipc_class": "H01", "ipc_section": "H",
     "applicants": ["北京大学"], "applicant_address": "100081北京市海淀区中关村",
     "province": "北京市", "city": "北京市", "district": "海淀区"},
    {"publication_number": "CN1029838C", "title_zh": "利用沸腾炉燃烧煤脱硫废渣制作水泥混凝土膨胀剂的方法",
     "title_en": "Process for producing cement expanding agent from desulfurized coal slag of fluid furnace",
     "ipc_class": "C04", "ipc_section": "C", "applicants": ["清华大学"],
     "applicant_address": "100084北京市海淀区清华园", "province": "北京市", "city": "北京市", "district": "海淀区"},
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread, where Django refuses synchronous ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="zh-CN")
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


@pytest.fixture
def listings():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    created = []
    for record in RECORDS:
        owner = OrganisationFactory(name_zh=record["applicants"][0], kind=Organisation.Kind.UNIVERSITY,
                                    province=record["province"], city=record["city"])
        patent = PatentFactory(ipc_main="", ipc_codes=[], **record)
        created.append(PublishedListingFactory(owner=owner, patent=patent))
    backend = get_backend()  # the in-memory index is shared with the live server's thread
    backend.configure()
    backend.clear()
    backend.index(listing_documents())
    yield created
    backend.clear()


# `listings` before `page`: the ORM must not run inside Playwright's event loop, where it would open a second
# connection that outlives the test and keeps PostgreSQL from dropping the test database.
def test_browse_from_home_to_a_listing(live_server, listings, page):
    listing = listings[1]
    response = page.goto(live_server.url + "/")
    assert response.ok, response.status

    page.locator("a[href='/search/']").first.click()  # the menu's listings item: browsing is the search page
    page.wait_for_url(re.compile(r"/search/$"))
    for other in listings:
        assert page.get_by_role("link", name=other.title_zh).count() >= 1

    page.get_by_role("link", name=listing.title_zh).first.click()
    page.wait_for_url(re.compile(rf"/listings/{listing.pk}/$"))
    assert page.locator("h1").first.inner_text().strip() == listing.title_zh
    assert listing.patent.publication_number in page.content()
