"""In a browser at desktop and phone width: a buyer sees the bell's unread count, reads the same notification
in Chinese and in English, marks it read; a university member finds a published demand on the demand board and
offers a listing, which reaches the SME (bell, notification, the demand's responses).
Set ALERTS_SHOTS_DIR to keep screenshots."""

import io
import re

import pytest
from django.core.management import call_command

from marketplace.models import Notification, Organisation
from search.alerts.notices import demand_topic

from ..factories import (
    DemandFactory,
    MembershipFactory,
    OrganisationFactory,
    PublishedListingFactory,
    UserFactory,
)
from .journey_helpers import shot
from .test_deals import _fits, _signed_in, browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
__all__ = ["browser"]
SHOTS = "ALERTS_SHOTS_DIR"


@pytest.fixture
def world():
    call_command("setup_site", stdout=io.StringIO())
    sme = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                              kind=Organisation.Kind.ENTERPRISE, province="江苏省", city="苏州市")
    buyer = MembershipFactory(organisation=sme, user=UserFactory(username="li_buyer")).user
    demand = DemandFactory(organisation=sme, created_by=buyer, published=True, title="寻找锂电池回收技术",
                           description="需要从废旧锂电池中回收钴、镍、锂的工艺。", province="江苏省")
    university = OrganisationFactory(name_zh="华东理工大学", name_en="East China University of Science and Technology")
    member = MembershipFactory(organisation=university, user=UserFactory(username="wang_tto")).user
    listing = PublishedListingFactory(owner=university, title_zh="一种废旧锂电池正极材料回收方法",
                                      title_en="Recycling cathode material from spent lithium batteries")
    Notification.objects.create(recipient=buyer, kind="match_alert", topic=demand_topic(demand.pk),
                                params={"listing_id": listing.pk, "demand_id": demand.pk})
    return {"buyer": buyer.username, "member": member.username, "demand": demand.pk, "listing": listing.pk}


def _open_menu(page) -> None:
    if page.locator(".menu-toggle").is_visible():  # phones: the menu is collapsed behind its button
        page.locator(".menu-toggle").click()


def _switch_language(page, code: str) -> None:
    _open_menu(page)
    page.locator(f".lang-switch button[value='{code}']").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 390])
def test_bell_notification_in_two_languages_and_mark_read(live_server, world, browser, width):
    page = _signed_in(browser, live_server.url, world["buyer"], width)
    bell = page.locator(".header-bell")
    assert bell.is_visible() and bell.locator(".bell-count").inner_text() == "1"
    bell.click()
    page.wait_for_url(re.compile(r"/alerts/$"))
    headline = page.locator(".notification-unread .notification-headline")
    assert "有新发布与您的需求“寻找锂电池回收技术”匹配：一种废旧锂电池正极材料回收方法" in headline.inner_text()
    _fits(page)
    shot(page, "notifications-zh", width, SHOTS)

    _switch_language(page, "en")
    assert page.locator(".notification-headline").inner_text() == (
        "A new listing matches your demand “寻找锂电池回收技术”: Recycling cathode material from spent lithium batteries")
    assert page.locator(".notification-topics").inner_text().count("Demand: 寻找锂电池回收技术") == 1
    shot(page, "notifications-en", width, SHOTS)

    page.locator(".notification-mark").click()
    page.wait_for_url(re.compile(r"/alerts/"))
    assert page.locator(".notification-unread").count() == 0 and page.locator(".bell-count").count() == 0
    _switch_language(page, "zh-hans")


@pytest.mark.parametrize("width", [1280, 390])
def test_demand_board_response_reaches_the_sme(live_server, world, browser, width):
    page = _signed_in(browser, live_server.url, world["member"], width)
    _open_menu(page)
    page.locator(".main-nav a", has_text="需求大厅").click()
    page.wait_for_url(re.compile(r"/demands/$"))
    page.fill("#id_words", "锂电池 回收")
    page.locator(".demand-board-filter button[type=submit]").click()
    card = page.locator(".demand-card", has_text="寻找锂电池回收技术")
    assert card.is_visible() and page.locator("#header-q").input_value() == ""
    _fits(page)
    shot(page, "demand-board", width, SHOTS)
    card.locator("a").click()
    page.wait_for_url(re.compile(r"/demands/\d+/$"))
    page.fill("#id_message", "我们有回收率 98% 的湿法工艺，可许可。")
    page.select_option("#id_listing", str(world["listing"]))
    shot(page, "demand-respond", width, SHOTS)
    page.locator("section[aria-labelledby=offer] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/demands/\d+/$"))
    assert page.locator(".message-success").is_visible()
    assert "贵单位已于" in page.locator("section[aria-labelledby=offer]").inner_text()

    buyer = _signed_in(browser, live_server.url, world["buyer"], width)
    assert buyer.locator(".header-bell .bell-count").inner_text() == "2"
    buyer.goto(f"{live_server.url}/alerts/")
    assert "华东理工大学 可以提供您的需求“寻找锂电池回收技术”所要的技术" in buyer.locator(".notification-list").inner_text()
    buyer.goto(f"{live_server.url}/demands/{world['demand']}/")
    responses = buyer.locator("section[aria-labelledby=responses]").inner_text()
    assert "98%" in responses and "一种废旧锂电池正极材料回收方法" in responses
    _fits(buyer)
    shot(buyer, "demand-responses", width, SHOTS)
