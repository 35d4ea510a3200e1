"""Signing an agreement in a real browser, at desktop and phone width: both parties open it from the deal
room, read it, confirm with their passwords; the PDF link serves the file and the recordal pack follows.
Same launch conventions as test_smoke.py; DEALS_SHOTS_DIR keeps the screenshots."""

import os
import re

import pytest
from django.core.management import call_command

from marketplace.models import Organisation

from ..deals.agreements import agreement_for
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .test_deals import PASSWORD, _fits, _shot, _signed_in, browser  # noqa: F401 - browser is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def agreement():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh="北京有色金属研究总院", name_en="General Research Institute for Nonferrous Metals",
                                kind=Organisation.Kind.RESEARCH_INSTITUTE, address="北京市西城区新街口外大街2号")
    buyer = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                kind=Organisation.Kind.ENTERPRISE, address="苏州工业园区星湖街328号")
    OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE)
    buyer_user = MembershipFactory(organisation=buyer, user=UserFactory(username="li_buyer")).user
    MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto"))
    agreement = agreement_for(seller_org=owner, buyer_org=buyer, author=buyer_user, number="CN1049529C")
    return {"room": f"/deals/{agreement.deal_id}/", "number": agreement.number}


def _sign(page, base_url: str, agreement: dict, width: int, shot: str) -> None:
    page.goto(base_url + agreement["room"])
    page.locator("#agreements a").first.click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    assert "北京有色金属研究总院" in page.locator(".agreement-text").inner_text()
    _fits(page)
    _shot(page, shot, width)
    page.fill("#id_password", PASSWORD)
    page.locator("#sign button[type=submit]").click()
    page.wait_for_url(re.compile(r"/agreements/\d+/$"))
    assert page.locator("#sign").count() == 0


# `agreement` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_both_parties_sign_with_their_passwords(live_server, agreement, browser, width):  # noqa: F811
    owner = _signed_in(browser, live_server.url, "wang_tto", width)
    _sign(owner, live_server.url, agreement, width, "agreement-unsigned")
    assert owner.locator("#verification .signatures li").count() == 1

    buyer = _signed_in(browser, live_server.url, "li_buyer", width)
    _sign(buyer, live_server.url, agreement, width, "agreement-owner-signed")
    assert "双方已签署" in buyer.locator(".page-header").inner_text()
    assert buyer.locator("#verification .signatures li").count() == 2
    assert "与文件一致" in buyer.locator("#verification").inner_text()
    _fits(buyer)
    _shot(buyer, "agreement-signed", width)

    pdf = buyer.context.request.get(live_server.url + buyer.locator("#agreement-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"

    buyer.locator("a[href$='/recordal/']").click()
    buyer.wait_for_url(re.compile(r"/recordal/$"))
    assert "CN1049529C" in buyer.locator("table.recordal").inner_text()
    _fits(buyer)
    _shot(buyer, "recordal", width)
