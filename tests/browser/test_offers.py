"""Offers in a real browser, at desktop and phone width: the buyer makes an offer (with a milestone row added in
the page), the owner counters from the prefilled form, the buyer sees both side by side with the changed terms
marked and accepts after the confirmation; then a buyer accepts a listing's easy-access licence.

Set DEALS_SHOTS_DIR to keep screenshots of every page of the journey.
"""

import os
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from cms.links import listing_url
from deals.easy_access import easy_access_terms_save
from deals.services import deal_open_or_continue
from marketplace.models import Organisation

from ..deals.offer_helpers import good_terms
from ..factories import MembershipFactory, OrganisationFactory, PatentFactory, PublishedListingFactory, UserFactory
from .test_deals import RECORD, _fits, _shot, _signed_in, browser  # noqa: F401 - browser is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def journey():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh=RECORD["applicants"][0], kind=Organisation.Kind.RESEARCH_INSTITUTE)
    buyer = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                kind=Organisation.Kind.ENTERPRISE)
    owner_user = MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto")).user
    buyer_user = MembershipFactory(organisation=buyer, user=UserFactory(username="li_buyer")).user
    listing = PublishedListingFactory(owner=owner, patent=PatentFactory(ipc_main="", ipc_codes=[], **RECORD),
                                      deal_types=["exclusive_licence", "non_exclusive_licence"])
    deal = deal_open_or_continue(listing=listing, buyer=buyer, author=buyer_user, body="您好，我们希望获得许可。")
    easy_listing = PublishedListingFactory(owner=owner, title_zh="一种固态电解质及其制备方法",
                                           title_en="Solid electrolyte and its preparation")
    easy_access_terms_save(listing=easy_listing, actor=owner_user, enabled=True, duration_months=36,
                           terms=good_terms([], milestones=(), territory="中国大陆", field_of_use="储能电池",
                                            upfront_fee="50000", royalty_rate="2", minimum_annual_royalty="0"))
    return {"room_path": f"/deals/{deal.pk}/", "easy_listing_path": listing_url(easy_listing),
            "easy_listing_pk": easy_listing.pk, "buyer": buyer_user.username, "owner": owner_user.username}


# `journey` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_offer_counter_offer_and_accept(live_server, journey, browser, width):  # noqa: F811
    start = date.today()
    buyer = _signed_in(browser, live_server.url, journey["buyer"], width)
    buyer.goto(live_server.url + journey["room_path"])
    buyer.locator("#offers a[href$='/offers/new/']").click()
    buyer.wait_for_url(re.compile(r"/offers/new/$"))
    buyer.select_option("#id_deal_kind", "exclusive_licence")
    buyer.fill("#id_territory", "江苏省")
    buyer.fill("#id_field_of_use", "动力电池正极材料")
    buyer.fill("#id_end_date", (start + timedelta(days=5 * 365)).isoformat())
    buyer.fill("#id_upfront_fee", "abc")
    buyer.fill("#id_royalty_rate", "3")
    buyer.fill("#id_minimum_annual_royalty", "100000")
    buyer.fill("#id_milestones-0-label", "首次量产")
    buyer.fill("#id_milestones-0-amount", "200000")
    buyer.locator("#add-milestone").click()
    buyer.fill("#id_milestones-1-label", "年销售额超过一亿元")
    buyer.fill("#id_milestones-1-amount", "300000")
    buyer.fill("#id_note", "首付款可分两期支付。")
    buyer.locator("form.offer-form button[type=submit]").click()
    # Bad input: the errors show and everything typed (the added milestone row too) is kept.
    assert "请输入金额" in buyer.locator(".offer-form").inner_text()
    assert buyer.input_value("#id_milestones-1-label") == "年销售额超过一亿元"
    _fits(buyer)
    _shot(buyer, "offer-form-errors", width)
    buyer.fill("#id_upfront_fee", "800000")
    buyer.locator("form.offer-form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))
    assert "独占许可" in buyer.locator("#offers").inner_text()

    owner = _signed_in(browser, live_server.url, journey["owner"], width)
    owner.goto(live_server.url + journey["room_path"])
    owner.locator("#offers a[href$='/offers/new/']").click()
    owner.wait_for_url(re.compile(r"/offers/new/$"))
    assert owner.input_value("#id_upfront_fee") == "800000.00"  # prefilled from the buyer's offer
    assert owner.input_value("#id_milestones-1-label") == "年销售额超过一亿元"
    _fits(owner)
    _shot(owner, "counter-offer-form", width)
    owner.fill("#id_upfront_fee", "1200000")
    owner.fill("#id_royalty_rate", "4.5")
    owner.fill("#id_note", "入门费需提高，提成费率4.5%。")
    owner.locator("form.offer-form button[type=submit]").click()
    owner.wait_for_url(re.compile(r"/deals/\d+/#offers$"))

    buyer.goto(live_server.url + journey["room_path"])
    changed = buyer.locator(".offer-compare tr.offer-changed")
    assert changed.count() == 2  # the upfront fee and the royalty rate
    assert "入门费" in changed.nth(0).inner_text() and "4.5 %" in changed.nth(1).inner_text()
    _fits(buyer)
    _shot(buyer, "offers-side-by-side", width)
    buyer.locator("#offers a[href*='/accept/']").click()
    buyer.wait_for_url(re.compile(r"/accept/$"))
    assert "平台佣金" in buyer.content() and "CNY 36,000.00" in buyer.content()
    _fits(buyer)
    _shot(buyer, "offer-accept-confirm", width)
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))
    assert "已接受" in buyer.locator("#offers").inner_text()
    assert "已达成一致，待签署" in buyer.locator(".page-header").inner_text()
    _fits(buyer)
    _shot(buyer, "offer-accepted", width)


@pytest.mark.parametrize("width", [1280, 390])
def test_easy_access_licence(live_server, journey, browser, width):  # noqa: F811
    owner = _signed_in(browser, live_server.url, journey["owner"], width)
    owner.goto(live_server.url + f"/deals/easy-access/{journey['easy_listing_pk']}/")
    assert owner.input_value("#id_duration_months") == "36"
    _fits(owner)
    _shot(owner, "easy-access-form", width)

    buyer = _signed_in(browser, live_server.url, journey["buyer"], width)
    buyer.goto(live_server.url + journey["easy_listing_path"])
    card = buyer.locator(".easy-access-card")
    assert "普通许可" in card.inner_text() and "CNY 50,000.00" in card.inner_text()
    _fits(buyer)
    _shot(buyer, "easy-access-card", width)
    card.locator("a.button").click()
    buyer.wait_for_url(re.compile(r"/easy-access/\d+/accept/$"))
    _fits(buyer)
    _shot(buyer, "easy-access-confirm", width)
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))
    assert "便捷许可" in buyer.locator("#offers").inner_text()
    assert "已达成一致，待签署" in buyer.locator(".page-header").inner_text()
    _shot(buyer, "easy-access-accepted", width)
