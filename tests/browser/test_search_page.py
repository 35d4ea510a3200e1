"""The search page in a real browser: suggestions while typing a Chinese query, facets, a result's page.

Same launch conventions as test_smoke.py (Debian's Chromium, never a downloaded browser; skipped where it is
missing, except in CI).
"""

import os
import re

import pytest
from django.core.management import call_command

from marketplace.models import Organisation
from search.backends import get_backend
from search.documents import listing_documents

from ..factories import OrganisationFactory, PatentFactory, PublishedListingFactory
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

# Three records from /work/shared/data/cn_patents.jsonl (CNIPA, Apache-2.0) that all mention lithium (锂).
RECORDS = [
    {"publication_number": "CN1049529C", "title_zh": "用于锂二次电池的阴极材料及制法",
     "title_en": "Cathode material for secondary lithium cell and prodn. method thereof", "ipc_class": "H01",
     "ipc_section": "H", "applicants": ["北京有色金属研究总院"], "province": "北京市", "city": "北京市"},
    {"publication_number": "CN1031796C", "title_zh": "一种锂系引发剂制备方法",
     "title_en": "New lithium series initiators and preparing process",
     "ipc_class": "C08", "ipc_section": "C", "ipc_main": "C08F4/48", "ipc_codes": ["C08F4/48", "C08F136/00"],
     "applicants": ["中国石油化工总公司", "北京化工学院"], "province": "北京市", "city": "北京市"},
    {"publication_number": "CN1099626C", "title_zh": "锂系间歇聚合温度控制方法",
     "title_en": "Lithium batch polymerization temperature control method", "ipc_class": "G05",
     "ipc_section": "G", "applicants": ["北京燕山石油化工公司研究院"], "province": "北京市", "city": "北京市"},
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listings():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    created = []
    for record in RECORDS:
        owner = OrganisationFactory(name_zh=record["applicants"][0], province=record["province"],
                                    city=record["city"], kind=Organisation.Kind.RESEARCH_INSTITUTE)
        patent = PatentFactory(**{"ipc_main": "", "ipc_codes": [], **record})
        created.append(PublishedListingFactory(owner=owner, patent=patent))
    backend = get_backend()  # the in-memory index is shared with the live server's thread
    backend.configure()
    backend.clear()
    backend.index(listing_documents())
    yield created
    backend.clear()


def test_search_filter_and_open_a_result(listings, live_server, page):  # noqa: F811 - data before the browser starts
    battery = listings[0]
    assert page.goto(live_server.url + "/search/").ok

    box = page.locator("#search-q")
    box.press_sequentially("锂系", delay=80)
    options = page.locator("#search-suggestions [role=option]")
    options.first.wait_for()
    suggested = {text.strip() for text in options.all_inner_texts()}
    assert suggested == {RECORDS[1]["title_zh"], RECORDS[2]["title_zh"]}

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "search-suggestion-0"
    box.press("Escape")
    assert options.count() == 0 and box.input_value() == "锂系"

    box.fill("锂")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=%E9%94%82"))
    cards = page.locator(".result-card")
    assert cards.count() == 3
    section_facet = page.locator("#facet-ipc_section + .facet-values")
    assert section_facet.locator(".facet-value").count() == 3

    section_facet.locator(".facet-value", has_text="H").click()
    page.wait_for_url(re.compile(r"ipc_section=H"))
    assert cards.count() == 1
    assert page.locator(".filter-chip").first.inner_text().startswith("IPC")
    assert page.locator("#facet-ipc_class + .facet-values .facet-value", has_text="H01").count() == 1

    cards.first.locator(".card-title a").click()
    page.wait_for_url(re.compile(rf"/listings/{battery.pk}/$"))
    assert page.locator("h1").first.inner_text().strip() == battery.title_zh
    assert battery.patent.publication_number in page.content()
