"""A deal in a real browser, at desktop and phone width: a buyer inquires from a listing's page, the owner
finds it in the inbox and replies, the buyer reads the reply; an operator finds it among all deals, writes as
the operation centre and closes it. Same launch conventions as test_smoke.py.

Set DEALS_SHOTS_DIR to keep screenshots of every page of the journey.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.links import listing_url
from marketplace.models import Organisation

from ..factories import (
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from .test_smoke import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's
# A record from /work/shared/data/cn_patents.jsonl (CNIPA, Apache-2.0).
RECORD = {"publication_number": "CN1049529C", "title_zh": "用于锂二次电池的阴极材料及制法",
          "title_en": "Cathode material for secondary lithium cell and prodn. method thereof",
          "ipc_class": "H01", "ipc_section": "H", "applicants": ["北京有色金属研究总院"],
          "province": "北京市", "city": "北京市"}


@pytest.fixture
def journey():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh=RECORD["applicants"][0], kind=Organisation.Kind.RESEARCH_INSTITUTE)
    buyer = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                kind=Organisation.Kind.ENTERPRISE, province="江苏省", city="苏州市")
    listing = PublishedListingFactory(owner=owner, patent=PatentFactory(ipc_main="", ipc_codes=[], **RECORD))
    return {
        "listing_path": listing_url(listing),
        "listing_pk": listing.pk,
        "buyer": MembershipFactory(organisation=buyer, user=UserFactory(username="li_buyer")).user.username,
        "owner": MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto")).user.username,
        "operator": MembershipFactory(
            organisation=OrganisationFactory(name_zh="知识产权运营交易中心",
                                             kind=Organisation.Kind.OPERATION_CENTRE),
            user=UserFactory(username="zhao_centre"),
        ).user.username,
    }


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _signed_in(browser, base_url: str, username: str, width: int):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    return page


def _shot(page, name: str, width: int) -> None:
    folder = os.environ.get("DEALS_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # A sticky header would land mid-page in a full-page shot.
        page.add_style_tag(content=".site-header { position: static; }")
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def _fits(page) -> None:
    """Nothing sticks out sideways (a phone would scroll the whole page)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


# `journey` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_inquiry_reply_and_read(live_server, journey, browser, width):
    buyer = _signed_in(browser, live_server.url, journey["buyer"], width)
    buyer.goto(live_server.url + journey["listing_path"])
    _shot(buyer, "listing", width)
    buyer.locator(f"a[href$='/deals/new/{journey['listing_pk']}/']").click()
    buyer.wait_for_url(re.compile(rf"/deals/new/{journey['listing_pk']}/$"))
    _fits(buyer)
    _shot(buyer, "inquiry-form", width)
    buyer.fill("#id_body", "您好，我们希望获得该专利在江苏省的独占许可，请问许可费如何计算？")
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/$"))
    assert "独占许可" in buyer.locator(".deal-thread").inner_text()
    _fits(buyer)
    _shot(buyer, "room-buyer", width)

    owner = _signed_in(browser, live_server.url, journey["owner"], width)
    assert "苏州锂能科技有限公司" in owner.locator("section[aria-labelledby=my-deals]").inner_text()
    _shot(owner, "dashboard-owner", width)
    owner.goto(live_server.url + "/deals/")
    row = owner.locator(".deal-table tbody tr").first
    assert "苏州锂能科技有限公司" in row.inner_text() and row.locator(".tag-warn").inner_text() == "1"
    _fits(owner)
    _shot(owner, "inbox-owner", width)
    row.locator("a").first.click()
    owner.wait_for_url(re.compile(r"/deals/\d+/$"))
    owner.fill("#id_body", "欢迎咨询。许可费按销售额的3%提成，可面谈。")
    owner.locator("#reply button[type=submit]").click()
    owner.wait_for_url(re.compile(r"/deals/\d+/#message-\d+$"))
    assert "3%提成" in owner.locator(".deal-thread").inner_text()
    _shot(owner, "room-owner", width)

    buyer.goto(live_server.url + "/deals/")
    assert buyer.locator(".deal-table tbody tr .tag-warn").inner_text() == "1"
    _shot(buyer, "inbox-buyer", width)
    buyer.locator(".deal-table tbody tr a").first.click()
    messages = buyer.locator(".deal-message")
    assert messages.count() == 2 and "3%提成" in messages.nth(1).inner_text()
    buyer.goto(live_server.url + "/deals/")
    assert buyer.locator(".deal-table tbody tr .tag-warn").count() == 0  # read now

    operator = _signed_in(browser, live_server.url, journey["operator"], width)
    operator.goto(live_server.url + "/deals/?status=open")
    _fits(operator)
    _shot(operator, "inbox-operator", width)
    operator.locator(".deal-table tbody tr a").first.click()
    operator.fill("#id_body", "运营中心可协助进行价值评估。")
    operator.locator("#reply button[type=submit]").click()
    operator.wait_for_url(re.compile(r"#message-\d+$"))
    assert operator.locator(".deal-message-centre").count() == 1
    operator.fill("#id_reason", "双方同意线下继续洽谈")
    operator.locator("form[action$='/close/'] button[type=submit]").click()
    operator.wait_for_url(re.compile(r"/deals/\d+/$"))
    assert operator.locator("#reply").count() == 0 and "双方同意线下继续洽谈" in operator.content()
    _fits(operator)
    _shot(operator, "room-closed", width)
