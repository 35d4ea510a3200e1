"""The service catalogue and the public notice in a real browser, at phone width: from the home page's menu to
the catalogue, a search, a product with its agency's card and the order link; an agency on public notice and
the objection form for a signed-in visitor. Nothing may scroll sideways at 390 px."""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import Organisation
from vouchers.models import Accreditation, ServiceCategory, ServiceProduct

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .journey_helpers import shot
from .test_deals import PASSWORD
from .test_smoke import page  # noqa: F401 - the Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


def _agency(slug, name, city, authority, status, **fields):
    agency = OrganisationFactory(name_zh=name, slug=slug, city=city, kind=Organisation.Kind.SERVICE_AGENCY)
    Accreditation.objects.create(
        agency=agency, authority=authority, status=status, legal_entity=name,
        unified_credit_code="91320594MA1X000000", legal_representative="王五", founded=datetime.date(2015, 3, 1),
        premises="苏州工业园区星湖街 328 号", staff_qualifications="专利代理师 6 名，律师 2 名",
        services_and_prices="专利检索 5000 元/件；发明专利代理 8000 元/件", **fields)
    return agency


@pytest.fixture
def catalogue():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    authority = OrganisationFactory(name_zh="苏州市市场监督管理局", slug="suzhou-amr",
                                    kind=Organisation.Kind.VOUCHER_AUTHORITY)
    agency = _agency("suzhou-ip", "苏州知识产权代理有限公司", "苏州市", authority, Accreditation.Status.ACTIVE)
    for title, category, price in (("专利检索分析", ServiceCategory.PATENT_SEARCH, "10000"),
                                   ("知识产权价值评估（质押融资）", ServiceCategory.VALUATION, "20000")):
        ServiceProduct.objects.create(agency=agency, category=category, title_zh=title, price=Decimal(price),
                                      description_zh="新颖性与侵权风险检索，出具检索报告。" * 3, delivery_days=15)
    _agency("wuxi-ip", "无锡专利事务所", "无锡市", authority, Accreditation.Status.NOTICE,
            notice_ends_at=timezone.now() + datetime.timedelta(days=5))
    return MembershipFactory(organisation=OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, slug="sme"),
                             user=UserFactory(username="sme-user")).user


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_catalogue_and_public_notice_at_phone_width(live_server, catalogue, page):  # noqa: F811
    page.set_viewport_size(PHONE)
    assert page.goto(live_server.url + "/").ok
    page.locator(".menu-toggle").click()  # the navigation is collapsed behind it on a phone
    page.locator(".main-nav a[href$='/services/']").click()
    page.wait_for_url(re.compile(r"/services/$"))
    assert page.get_by_role("link", name="专利检索分析").count() == 1 and _fits(page)
    shot(page, "catalogue", 390, "CATALOGUE_SHOTS_DIR")

    page.fill("#id_q", "评估")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("link", name="专利检索分析").count() == 0
    page.get_by_role("link", name="知识产权价值评估（质押融资）").click()
    page.wait_for_url(re.compile(r"/services/\d+/$"))
    assert "苏州知识产权代理有限公司" in page.locator(".agency-card").inner_text()
    order_link = page.get_by_role("link", name="使用服务券下单")
    assert re.search(r"/vouchers/enterprise/orders/new/\?product=\d+$", order_link.get_attribute("href"))
    assert _fits(page)
    shot(page, "product", 390, "CATALOGUE_SHOTS_DIR")

    assert page.goto(live_server.url + "/vouchers/notices/").ok
    assert "无锡专利事务所" in page.locator("main").inner_text() and _fits(page)
    page.get_by_role("link", name="登录后提出异议").click()
    page.fill("input[name=username]", "sme-user")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/vouchers/notices/$"))
    page.locator("summary", has_text="对该认定提出异议").click()
    page.fill("textarea[name=reason]", "办公场所与登记地址不符")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_url(re.compile(r"/vouchers/notices/$"))
    assert "您的异议已记录" in page.locator(".messages").inner_text()
    assert "1 项未结异议" in page.locator("main").inner_text() and _fits(page)
    shot(page, "notices", 390, "CATALOGUE_SHOTS_DIR")
