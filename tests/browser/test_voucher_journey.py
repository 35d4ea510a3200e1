"""The voucher journey in a real browser, at desktop and phone width, each role in its own session: the SME
orders a service with its voucher and announces its bank transfer; an operator records the transfer; the agency
delivers; the SME confirms and rates; the agency claims with its evidence; the officer approves, puts the claim
into the cycle's settlement batch, downloads it as XLSX for the treasury and marks it paid. The ledger reconciles
at the end. Same launch conventions as test_smoke.py.

Set VOUCHER_SHOTS_DIR to keep screenshots of every page of the journey.
"""

import io
import re

import pytest
from openpyxl import load_workbook

from marketplace.models import Organisation
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, ServiceOrder, SettlementBatch

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..vouchers.conftest import PDF, issue_voucher, programme_fields
from .journey_helpers import confirm_transfer, shot
from .test_deals import PASSWORD, _fits, browser  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def parties(site_pages):
    """An authority with a programme open, an accredited agency with a product, an SME holding a voucher."""
    from vouchers.models import Accreditation, ServiceCategory, ServiceProduct
    from vouchers.services.programmes import programme_create, programme_open

    authority = OrganisationFactory(name_zh="苏州市知识产权服务券管理办公室", kind=Organisation.Kind.VOUCHER_AUTHORITY)
    officer = MembershipFactory(organisation=authority, user=UserFactory(username="zhou_officer")).user
    agency = OrganisationFactory(name_zh="苏州专利事务所有限公司", name_en="Suzhou Patent Office Ltd.",
                                 kind=Organisation.Kind.SERVICE_AGENCY, address="苏州市姑苏区人民路 1 号")
    agent = MembershipFactory(organisation=agency, user=UserFactory(username="wu_agent")).user
    Accreditation.objects.create(
        agency=agency, authority=authority, status=Accreditation.Status.ACTIVE, legal_entity=agency.name_zh,
        unified_credit_code="91320500MA1Y000001", legal_representative="吴一", founded="2012-05-01",
        premises=agency.address, staff_qualifications="专利代理师 8 名", services_and_prices="检索分析 8000 元")
    product = ServiceProduct.objects.create(
        agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="新产品专利检索与自由实施分析",
        title_en="Patent search and freedom-to-operate analysis", description_zh="检索、比对、出具报告",
        price="8000.00", delivery_days=20)
    programme = programme_open(programme=programme_create(
        authority=authority, actor=officer, budget="200000.00", **programme_fields()), actor=officer)
    sme = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                              kind=Organisation.Kind.ENTERPRISE, province="江苏省", city="苏州市")
    buyer = MembershipFactory(organisation=sme, user=UserFactory(username="li_buyer")).user
    voucher = issue_voucher(programme, sme, buyer, officer)
    centre = OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE)
    operator = MembershipFactory(organisation=centre, user=UserFactory(username="zhao_centre")).user
    return {"product": product.pk, "voucher": voucher.code, "buyer": buyer.username, "agent": agent.username,
            "officer": officer.username, "operator": operator.username}


def _session(browser, base_url: str, username: str, width: int):  # noqa: F811
    """Signed in as `username`; each role lands on its own home (agencies and officers leave /dashboard/)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(dashboard|vouchers/\w+)/$"))
    return page


def _look(page, name: str, width: int) -> None:
    _fits(page)
    shot(page, name, width, "VOUCHER_SHOTS_DIR")


def _pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


# `parties` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_spend_deliver_claim_approve_settle(live_server, parties, browser, width):  # noqa: F811
    base = live_server.url

    buyer = _session(browser, base, parties["buyer"], width)
    buyer.goto(f"{base}/vouchers/enterprise/")
    assert parties["voucher"] in buyer.content()
    _look(buyer, "enterprise-home", width)
    buyer.goto(f"{base}/services/")  # the service catalogue, in the main menu
    buyer.locator("a", has_text="新产品专利检索与自由实施分析").first.click()
    _look(buyer, "catalogue-product", width)
    buyer.locator(f"a[href$='/vouchers/enterprise/orders/new/?product={parties['product']}']").click()
    buyer.wait_for_url(re.compile(r"/vouchers/enterprise/orders/new/\?product=\d+$"))
    buyer.locator("#order-form button[name=preview]").click()
    # The voucher pays 60 % of 8,000 (4,800; 5,000 are on it), the SME the other 3,200.
    assert "CNY 4,800" in buyer.locator("#order-form").inner_text()
    _look(buyer, "order-new", width)
    buyer.locator("#order-form button:not([name=preview])").click()
    buyer.wait_for_url(re.compile(r"/vouchers/enterprise/orders/\d+/$"))
    order_path = buyer.url.removeprefix(base)
    reference = buyer.locator(".transfer-reference").inner_text()
    _look(buyer, "order-awaiting-copayment", width)

    operator = _session(browser, base, parties["operator"], width)
    confirm_transfer(operator, base, reference, f"ICBC-{width}-0001")

    agent = _session(browser, base, parties["agent"], width)
    assert agent.url.endswith("/vouchers/agency/")
    _look(agent, "agency-home", width)
    order_pk = re.search(r"/orders/(\d+)/", order_path).group(1)
    agent.goto(f"{base}/vouchers/agency/orders/{order_pk}/")
    agent.locator("#deliver input[type=file]").set_input_files(_pdf("检索报告.pdf"))
    agent.locator("#deliver textarea").fill("检索报告及自由实施分析意见")
    agent.locator("#deliver button[type=submit]").click()
    agent.wait_for_url(re.compile(rf"/vouchers/agency/orders/{order_pk}/$"))
    _look(agent, "agency-delivered", width)

    buyer.goto(base + order_path)
    buyer.locator("#confirm input[type=radio][value='5']").check()
    buyer.locator("#confirm textarea").fill("报告清楚，按时交付")
    buyer.locator("#confirm button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/vouchers/enterprise/orders/\d+/$"))
    assert buyer.locator("text=5/5").count() == 1
    _look(buyer, "order-confirmed", width)

    agent.goto(f"{base}/vouchers/agency/orders/{order_pk}/")
    agent.locator("#claim input[name=invoice_number]").fill(f"320{width}0451")
    agent.locator("#claim input[name=contract]").set_input_files(_pdf("服务合同.pdf"))
    agent.locator("#claim input[name=copay_proof]").set_input_files(_pdf("转账凭证.pdf"))
    agent.locator("#claim button[type=submit]").click()
    agent.wait_for_url(re.compile(rf"/vouchers/agency/orders/{order_pk}/$"))
    assert agent.locator("#claim-status").count() == 1
    _look(agent, "agency-claimed", width)

    officer = _session(browser, base, parties["officer"], width)
    assert officer.url.endswith("/vouchers/officer/")
    _look(officer, "officer-home", width)
    officer.goto(f"{base}/vouchers/officer/claims/")
    officer.locator(f"a:has-text('320{width}0451')").click()
    officer.wait_for_url(re.compile(r"/vouchers/officer/claims/\d+/$"))
    _look(officer, "officer-claim", width)
    officer.locator("form[action$='/approve/'] button[type=submit]").click()
    officer.wait_for_load_state()
    _look(officer, "officer-claim-approved", width)

    officer.goto(f"{base}/vouchers/officer/settlement/")
    officer.locator("form[action*='/create/'] button[type=submit]").first.click()
    officer.wait_for_url(re.compile(r"/vouchers/officer/settlement/\d+/$"))
    assert "4,800.00" in officer.locator("#agency-totals").inner_text() or "4800.00" in officer.content()
    _look(officer, "settlement-batch", width)
    with officer.expect_download() as download:
        officer.locator("a[href$='/export.xlsx']").click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value]
    assert "苏州专利事务所有限公司" in cells and any(cell in ("4800", "4800.00", "4800.0") for cell in cells)
    officer.locator("form[action$='/paid/'] input[type=text]").fill(f"GK-2026-{width}")
    officer.locator("form[action$='/paid/'] button[type=submit]").click()
    officer.wait_for_load_state()
    _look(officer, "settlement-paid", width)

    batch = SettlementBatch.objects.get()
    claim = Claim.objects.get()
    assert (batch.status, claim.status) == (SettlementBatch.Status.PAID, Claim.Status.SETTLED)
    assert ServiceOrder.objects.get().status == ServiceOrder.Status.SETTLED
    assert ledger_problems() == []
