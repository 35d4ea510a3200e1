"""The whole licensing journey in a real browser, at desktop and phone width, each step through the pages as its
role would: a buyer inquires from a listing with an attachment; the owner replies with a confidential file behind
the listing's NDA; the buyer accepts the NDA and opens it; offer, counter-offer (compared side by side), acceptance;
both sign with their passwords and the bilingual PDF names both parties; the upfront fee is paid by bank transfer
and confirmed by an operator, a milestone by card (localstripe); the licence shows its agreement; a royalty report
for an ended period is filed and its invoice paid and confirmed. Then a pool's easy-access licence is accepted,
signed and paid, and each pool member's statement shows its share. Same launch conventions as test_smoke.py.

Set JOURNEY_SHOTS_DIR to keep screenshots of every step.
"""

import io
import os
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cms.links import listing_url
from deals.easy_access import easy_access_terms_save
from marketplace.models import Organisation, PatentPool, PoolMember

from ..deals.offer_helpers import good_terms
from ..factories import MembershipFactory, OrganisationFactory, PatentFactory, PublishedListingFactory, UserFactory
from ..test_payments_stripe import localstripe_url  # noqa: F401 - fixture (of card_payments)
from .journey_helpers import (  # noqa: F401 - card_payments is a fixture
    card_payments,
    confirm_transfer,
    pay_by_card,
    pay_by_transfer,
    shot,
    sign_agreement,
)
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - browser is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UNIVERSITY, SME = "苏州大学", "苏州锂能科技有限公司"


def _parties():
    call_command("setup_site", stdout=open(os.devnull, "w"))
    university = OrganisationFactory(name_zh=UNIVERSITY, name_en="Soochow University",
                                     kind=Organisation.Kind.UNIVERSITY, address="苏州市姑苏区干将东路333号")
    sme = OrganisationFactory(name_zh=SME, name_en="Suzhou Lithium Energy Co.", kind=Organisation.Kind.ENTERPRISE,
                              address="苏州工业园区星湖街328号")
    centre = OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE)
    return university, sme, {
        "owner": MembershipFactory(organisation=university, user=UserFactory(username="wang_tto")).user,
        "buyer": MembershipFactory(organisation=sme, user=UserFactory(username="li_buyer")).user,
        "operator": MembershipFactory(organisation=centre, user=UserFactory(username="zhao_centre")).user,
    }


@pytest.fixture
def journey(card_payments, tmp_path):  # noqa: F811
    university, _sme, users = _parties()
    listing = PublishedListingFactory(owner=university, requires_nda=True,
                                      patent=PatentFactory(title_zh="用于锂二次电池的阴极材料及制法"),
                                      title_zh="用于锂二次电池的阴极材料及制法",
                                      deal_types=["exclusive_licence", "non_exclusive_licence"])
    (tmp_path / "产品规格.pdf").write_bytes(PDF)
    (tmp_path / "工艺参数.pdf").write_bytes(PDF.replace(b"1.4", b"1.5"))
    return {"listing_path": listing_url(listing), "listing_pk": listing.pk,
            "buyer_file": str(tmp_path / "产品规格.pdf"), "secret_file": str(tmp_path / "工艺参数.pdf"),
            **{role: user.username for role, user in users.items()}}


@pytest.fixture
def pool_journey():
    university, _sme, users = _parties()
    member = OrganisationFactory(name_zh="苏州纳米研究所", name_en="Suzhou Nano Institute",
                                 kind=Organisation.Kind.RESEARCH_INSTITUTE)
    pool = PatentPool.objects.create(name_zh="锂电池正极材料专利池", name_en="Cathode materials pool",
                                     slug="cathode-pool", administrator=university)
    pool.patents.add(PatentFactory(), PatentFactory())
    PoolMember.objects.create(pool=pool, organisation=university, share=Decimal("60"))
    PoolMember.objects.create(pool=pool, organisation=member, share=Decimal("40"))
    listing = PublishedListingFactory(owner=university, patent=None, pool=pool, title_zh="锂电池正极材料专利池许可",
                                      title_en="Cathode materials pool licence")
    easy_access_terms_save(listing=listing, actor=users["owner"], enabled=True, duration_months=24,
                           terms=good_terms([], milestones=(), territory="中国大陆", field_of_use="储能电池",
                                            upfront_fee="50000", royalty_rate=None, minimum_annual_royalty="0"))
    return {"listing_path": listing_url(listing),
            "member": MembershipFactory(organisation=member, user=UserFactory(username="chen_nano")).user.username,
            **{role: user.username for role, user in users.items()}}


def _deal_pk(page) -> int:
    return int(re.search(r"/deals/(\d+)/", page.url).group(1))


# The fixtures before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_inquiry_to_royalties(live_server, journey, browser, width):  # noqa: F811
    base = live_server.url
    # The buyer inquires from the listing's page, attaching a file.
    buyer = _signed_in(browser, base, journey["buyer"], width)
    buyer.goto(base + journey["listing_path"])
    shot(buyer, "01-listing", width)
    buyer.locator(f"a[href$='/deals/new/{journey['listing_pk']}/']").click()
    buyer.wait_for_url(re.compile(r"/deals/new/\d+/$"))
    buyer.fill("#id_body", "您好，我们希望获得该专利在江苏省的独占许可，附上我方产品规格。")
    buyer.set_input_files("#id_files", journey["buyer_file"])
    _fits(buyer)
    shot(buyer, "02-inquiry", width)
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/$"))
    deal_pk = _deal_pk(buyer)
    room = f"/deals/{deal_pk}/"
    assert "产品规格.pdf" in buyer.locator(".deal-files").inner_text()

    # The owner finds it in the inbox and replies with a confidential file.
    owner = _signed_in(browser, base, journey["owner"], width)
    owner.goto(base + "/deals/")
    owner.locator(".deal-table tbody tr a").first.click()
    owner.wait_for_url(re.compile(r"/deals/\d+/$"))
    owner.fill("#id_body", "欢迎咨询。工艺参数见附件（保密，须先签署保密协议）。")
    owner.set_input_files("#id_files", journey["secret_file"])
    owner.check("#id_confidential")
    owner.locator("#reply button[type=submit]").click()
    owner.wait_for_url(re.compile(r"#message-\d+$"))
    _fits(owner)
    shot(owner, "03-room-owner-reply", width)

    # The buyer sees the file locked, accepts the NDA and opens it.
    buyer.goto(base + room)
    assert "工艺参数.pdf" not in buyer.locator(".deal-thread").inner_text()
    assert buyer.locator(".deal-file-locked").count() == 1
    _fits(buyer)
    shot(buyer, "04-room-buyer-nda", width)
    buyer.check("#id_confirm")
    buyer.locator("#nda button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/$"))
    secret = buyer.context.request.get(
        base + buyer.locator(".deal-files a", has_text="工艺参数.pdf").get_attribute("href"))
    assert secret.status == 200 and secret.body() == PDF.replace(b"1.4", b"1.5")

    # Offer, counter-offer with changed terms, side-by-side comparison, acceptance. The term started long
    # enough ago for its first quarter to have ended: that quarter's royalties are reported below.
    start = date.today() - timedelta(days=120)
    buyer.locator("#offers a[href$='/offers/new/']").click()
    buyer.wait_for_url(re.compile(r"/offers/new/$"))
    buyer.select_option("#id_deal_kind", "exclusive_licence")
    buyer.fill("#id_territory", "江苏省")
    buyer.fill("#id_field_of_use", "动力电池正极材料")
    buyer.fill("#id_start_date", start.isoformat())
    buyer.fill("#id_end_date", (start + timedelta(days=5 * 365)).isoformat())
    buyer.fill("#id_upfront_fee", "800000")
    buyer.fill("#id_royalty_rate", "3")
    buyer.fill("#id_minimum_annual_royalty", "0")
    buyer.select_option("#id_reporting_period", "quarterly")
    buyer.fill("#id_milestones-0-label", "首次量产")
    buyer.fill("#id_milestones-0-amount", "20000")
    _fits(buyer)
    shot(buyer, "05-offer-form", width)
    buyer.locator("form.offer-form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))

    owner.goto(base + room)
    owner.locator("#offers a[href$='/offers/new/']").click()
    owner.wait_for_url(re.compile(r"/offers/new/$"))
    owner.fill("#id_upfront_fee", "1200000")
    owner.fill("#id_royalty_rate", "4.5")
    owner.fill("#id_note", "入门费需提高，提成费率4.5%。")
    owner.locator("form.offer-form button[type=submit]").click()
    owner.wait_for_url(re.compile(r"/deals/\d+/#offers$"))

    buyer.goto(base + room)
    changed = buyer.locator(".offer-compare tr.offer-changed")
    assert changed.count() == 2  # the upfront fee and the royalty rate
    assert "入门费" in changed.nth(0).inner_text() and "4.5 %" in changed.nth(1).inner_text()
    _fits(buyer)
    shot(buyer, "06-offers-compared", width)
    buyer.locator("#offers a[href*='/accept/']").click()
    buyer.wait_for_url(re.compile(r"/accept/$"))
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))
    assert "已接受" in buyer.locator("#offers").inner_text()

    # Both sign with their passwords; the PDF names both parties in Chinese.
    sign_agreement(owner, base, room)
    sign_agreement(buyer, base, room)
    assert "双方已签署" in buyer.locator(".page-header").inner_text()
    _fits(buyer)
    shot(buyer, "07-agreement-signed", width)
    pdf = buyer.context.request.get(base + buyer.locator("#agreement-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert UNIVERSITY in text and SME in text

    # The upfront fee by bank transfer, confirmed by an operator: the licence is recorded.
    buyer.goto(base + room)
    buyer.locator("#deal-money a[href$='/payments/']").click()
    buyer.wait_for_url(re.compile(r"/payments/$"))
    _fits(buyer)
    shot(buyer, "08-deal-payments", width)
    reference = pay_by_transfer(buyer, base, deal_pk, "CNY 1,200,000")
    _fits(buyer)
    shot(buyer, "09-transfer", width)
    operator = _signed_in(browser, base, journey["operator"], width)
    operator.goto(base + "/licences/transfers/")
    _fits(operator)
    shot(operator, "10-transfers", width)
    confirm_transfer(operator, base, reference, "ICBC-20261129-0042")

    # The milestone by card; the licence shows its agreement.
    pay_by_card(buyer, base, deal_pk, "CNY 20,000",
                before_paying=lambda page: (_fits(page), shot(page, "11-checkout", width)))
    buyer.goto(f"{base}/licences/deals/{deal_pk}/payments/")
    assert buyer.locator(".instalment-table .status-paid").count() == 2
    buyer.locator("a[href^='/licences/'][href$='/']", has_text="查看许可").click()
    buyer.wait_for_url(re.compile(r"/licences/\d+/$"))
    assert buyer.locator("a[href$='.pdf']").count() == 1
    assert buyer.locator(f"a[href^='{room}agreements/']").count() == 1
    _fits(buyer)
    shot(buyer, "12-licence", width)

    # A royalty report for the ended quarter; its invoice paid by transfer and confirmed.
    buyer.locator("a[href$='/royalties/']").click()
    buyer.wait_for_url(re.compile(r"/royalties/$"))
    buyer.fill("#id_base_amount", "250000")
    buyer.locator("#report button[name=preview]").click()
    assert "CNY 11,250" in buyer.locator("#preview").inner_text()  # 4.5 % of 250000
    buyer.locator("#report button[name=file]").click()
    buyer.wait_for_url(re.compile(r"/royalties/$"))
    assert buyer.locator(f"#period-{start.isoformat()} .status-invoiced").count() == 1
    _fits(buyer)
    shot(buyer, "13-royalty-filed", width)
    reference = pay_by_transfer(buyer, base, deal_pk, "CNY 11,250")
    confirm_transfer(operator, base, reference, "ICBC-20261129-0043")
    buyer.goto(base + "/licences/invoices/")
    assert buyer.locator("tr", has_text="CNY 11,250").locator(".status-paid").count() == 1
    _fits(buyer)
    shot(buyer, "14-invoices", width)


@pytest.mark.parametrize("width", [1280, 390])
def test_pool_licence_statements(live_server, pool_journey, browser, width):  # noqa: F811
    base = live_server.url
    buyer = _signed_in(browser, base, pool_journey["buyer"], width)
    buyer.goto(base + pool_journey["listing_path"])
    buyer.locator(".easy-access-card a.button").click()
    buyer.wait_for_url(re.compile(r"/easy-access/\d+/accept/$"))
    buyer.locator("form.form button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/#offers$"))
    room, deal_pk = f"/deals/{_deal_pk(buyer)}/", _deal_pk(buyer)

    owner = _signed_in(browser, base, pool_journey["owner"], width)
    sign_agreement(buyer, base, room)
    sign_agreement(owner, base, room)
    reference = pay_by_transfer(buyer, base, deal_pk, "CNY 50,000")
    operator = _signed_in(browser, base, pool_journey["operator"], width)
    confirm_transfer(operator, base, reference, "ICBC-20261129-0044")

    # 50000.00 less the 3 % commission, split 60 : 40 between the pool's members.
    member = _signed_in(browser, base, pool_journey["member"], width)
    for page, share, name in ((owner, "CNY 29,100", "pool-statement-administrator"),
                              (member, "CNY 19,400", "pool-statement-member")):
        page.goto(base + "/dashboard/")
        page.locator("#royalty-links a[href$='/licences/statements/']").click()
        page.wait_for_url(re.compile(r"/licences/statements/\d+/$"))
        assert share in page.locator(".statement-group").inner_text()
        assert "锂电池正极材料专利池" in page.content()
        _fits(page)
        shot(page, name, width)
