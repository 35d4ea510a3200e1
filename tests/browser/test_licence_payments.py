"""Paying a signed agreement in a real browser, at desktop and phone width: the buyer pays the upfront fee by
card on the checkout page (Stripe.js Payment Element, served by localstripe as its mock), Stripe's answer marks
it paid and the licence is recorded (the exclusive licence takes the listing off the market); the buyer
announces a milestone's bank transfer, an operator confirms receipt with the bank's reference and refunds part
of it. Same launch conventions as test_smoke.py.

Set MONEY_SHOTS_DIR to keep screenshots of every page of the journey.
"""

import os
import re

import pytest
from django.core.management import call_command

from cms.links import listing_url
from deals.terms import DealKind
from licences.models import Instalment, Licence
from licences.services import instalments_create_for_agreement
from marketplace.models import Organisation

from ..factories import (
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from ..licences.conftest import signed_agreement
from ..test_payments_stripe import localstripe_url  # noqa: F401 - fixture
from .journey_helpers import card_payments, shot  # noqa: F401 - card_payments is a fixture
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def money(card_payments):  # noqa: F811
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh="北京有色金属研究总院", kind=Organisation.Kind.RESEARCH_INSTITUTE)
    buyer = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                kind=Organisation.Kind.ENTERPRISE)
    listing = PublishedListingFactory(owner=owner, patent=PatentFactory(title_zh="用于锂二次电池的阴极材料及制法"),
                                      title_zh="用于锂二次电池的阴极材料及制法", deal_types=["exclusive_licence"])
    agreement = signed_agreement(listing=listing, buyer_org=buyer, upfront="8888.00", kind=DealKind.EXCLUSIVE,
                                 milestones=[("首批产品上市", "20000.00")])
    instalments_create_for_agreement(agreement=agreement)
    return {
        "deal_pk": agreement.deal_id,
        "listing_path": listing_url(listing),
        "buyer": MembershipFactory(organisation=buyer, user=UserFactory(username="li_buyer")).user.username,
        "operator": MembershipFactory(
            organisation=OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE),
            user=UserFactory(username="zhao_centre"),
        ).user.username,
    }


def _shot(page, name: str, width: int) -> None:
    shot(page, name, width, "MONEY_SHOTS_DIR")


# `money` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_card_checkout_then_bank_transfer(live_server, money, browser, width):  # noqa: F811
    base = live_server.url
    buyer = _signed_in(browser, base, money["buyer"], width)
    buyer.goto(f"{base}/deals/{money['deal_pk']}/")
    buyer.locator("#deal-money a[href$='/payments/']").click()
    buyer.wait_for_url(re.compile(r"/licences/deals/\d+/payments/$"))
    _fits(buyer)
    _shot(buyer, "deal-payments", width)

    buyer.locator("tr", has_text="CNY 8,888").locator("button[value=card]").click()
    buyer.wait_for_url(re.compile(r"/licences/payments/\d+/$"))
    mock = buyer.locator("#payment-element input")
    mock.first.wait_for()  # localstripe's Payment Element stands in for Stripe's iframe
    for field, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"),
                         ("cvc", "123"), ("postal_code", "215000")):
        buyer.fill(f"#payment-element input[placeholder={field}]", value)
    _fits(buyer)
    _shot(buyer, "checkout", width)
    buyer.locator("#pay-button").click()
    buyer.wait_for_selector(".status-succeeded")
    assert buyer.locator("#checkout").count() == 0
    _shot(buyer, "checkout-paid", width)

    buyer.goto(f"{base}/licences/deals/{money['deal_pk']}/payments/")
    assert buyer.locator("tr", has_text="CNY 8,888").locator(".status-paid").count() == 1
    buyer.locator("a[href*='/licences/'][href$='/']", has_text=re.compile("许可|licence", re.I)).first.click()
    buyer.wait_for_url(re.compile(r"/licences/\d+/$"))
    assert "CNY 8,621.36" in buyer.content()  # 8888.00 less 3 % commission (266.64)
    _fits(buyer)
    _shot(buyer, "licence", width)
    assert buyer.goto(base + money["listing_path"]).status == 410
    _shot(buyer, "listing-gone", width)

    buyer.goto(f"{base}/licences/deals/{money['deal_pk']}/payments/")
    buyer.locator("tr", has_text="CNY 20,000").locator("button[value=offline]").click()
    buyer.wait_for_url(re.compile(r"/licences/payments/\d+/$"))
    reference = buyer.locator(".transfer-reference").inner_text()
    assert reference.startswith("IPM-")
    _fits(buyer)
    _shot(buyer, "transfer", width)

    operator = _signed_in(browser, base, money["operator"], width)
    operator.goto(f"{base}/licences/transfers/")
    _fits(operator)
    _shot(operator, "transfers", width)
    item = operator.locator(".transfer-list li", has_text=reference)
    item.locator("input[name=reference]").fill("ICBC-20261129-0042")
    item.locator("button[type=submit]").click()
    operator.wait_for_url(re.compile(r"/licences/transfers/$"))
    assert operator.locator(".transfer-list li", has_text=reference).count() == 0
    operator.goto(f"{base}/licences/deals/{money['deal_pk']}/payments/")
    operator.locator("tr", has_text="CNY 20,000").locator("a", has_text=re.compile("收据|Receipt")).click()
    operator.locator("a[href$='/refund/']").click()
    operator.fill("#id_amount", "2000.00")
    operator.fill("#id_reason", "首批产品延期上市，双方协商退还部分款项")
    _fits(operator)
    _shot(operator, "refund", width)
    operator.locator("form.form button[type=submit]").click()
    operator.wait_for_selector(".status-partially_refunded")
    _shot(operator, "refunded", width)

    buyer.goto(f"{base}/dashboard/")
    assert buyer.locator("section[aria-labelledby=my-licences] tbody tr").count() == 1
    _shot(buyer, "dashboard", width)
    assert Licence.objects.count() == 1
    assert set(Instalment.objects.values_list("status", flat=True)) == {Instalment.Status.PAID}
