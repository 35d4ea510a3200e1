"""Running royalties in a real browser, at desktop and phone width: the licensee computes and files a period's
royalty report and finds its invoice; a pool member reads its royalty statement and downloads it as CSV and PDF;
the licensee opens a dispute from the deal room with evidence and the operation centre resolves it.
Same launch conventions as test_smoke.py.

Set ROYALTIES_SHOTS_DIR to keep screenshots of every page.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from marketplace.models import Organisation, PatentPool, PoolMember

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..royalties.helpers import licence_create, pool_payment
from .journey_helpers import shot
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - the browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def journey():
    from datetime import date
    from decimal import Decimal

    call_command("setup_site", stdout=open(os.devnull, "w"))
    licensor = OrganisationFactory(name_zh="北京有色金属研究总院", kind=Organisation.Kind.RESEARCH_INSTITUTE)
    member = OrganisationFactory(name_zh="清华大学深圳研究院", name_en="Tsinghua Shenzhen Institute")
    licensee = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                   kind=Organisation.Kind.ENTERPRISE)
    pool = PatentPool.objects.create(name_zh="锂电池正极材料专利池", name_en="Cathode materials pool",
                                     slug="cathode-pool", administrator=licensor)
    PoolMember.objects.create(pool=pool, organisation=licensor, share=Decimal("60"))
    PoolMember.objects.create(pool=pool, organisation=member, share=Decimal("40"))
    licence = licence_create(licensor=licensor, licensee=licensee, pool=pool, start=date(2025, 1, 1),
                             end=date(2029, 12, 31), rate="4", minimum="50000")
    pool_payment(licence=licence, amount="10000.00", commission="300.00",
                 parts={licensor: ("60", "5820.00"), member: ("40", "3880.00")})
    operator = MembershipFactory(
        organisation=OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE),
        user=UserFactory(username="zhao_centre"))
    return {
        "licence_pk": licence.pk,
        "deal_pk": licence.deal_id,
        "operator": operator.user.username,
        "licensee": MembershipFactory(organisation=licensee, user=UserFactory(username="li_finance")).user.username,
        "member": MembershipFactory(organisation=member, user=UserFactory(username="chen_tto")).user.username,
    }


def _shot(page, name: str, width: int) -> None:
    shot(page, name, width, "ROYALTIES_SHOTS_DIR")


# `journey` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_file_a_report_then_read_the_pool_statement(live_server, journey, browser, width):  # noqa: F811
    licensee = _signed_in(browser, live_server.url, journey["licensee"], width)
    licensee.goto(f"{live_server.url}/licences/{journey['licence_pk']}/royalties/")
    assert licensee.locator("#period-2025-01-01 .status-due").count() == 1
    _fits(licensee)
    _shot(licensee, "royalties", width)
    licensee.fill("#id_base_amount", "250000")
    licensee.locator("#report button[name=preview]").click()
    assert "CNY 10,000" in licensee.locator("#preview").inner_text()  # 4 % of 250000
    _fits(licensee)
    _shot(licensee, "royalty-preview", width)
    licensee.locator("#report button[name=file]").click()
    licensee.wait_for_url(re.compile(r"/royalties/$"))
    assert licensee.locator("#period-2025-01-01 .status-invoiced").count() == 1
    _shot(licensee, "royalty-filed", width)
    licensee.locator("#royalty-links a, .breadcrumbs a[href$='/licences/invoices/']").first.click()
    licensee.wait_for_url(re.compile(r"/licences/invoices/$"))
    assert "CNY 10,000" in licensee.locator("table").inner_text()
    _fits(licensee)
    _shot(licensee, "invoices", width)

    member = _signed_in(browser, live_server.url, journey["member"], width)
    member.locator("#royalty-links a[href$='/licences/statements/']").click()
    member.wait_for_url(re.compile(r"/licences/statements/\d+/$"))
    assert "CNY 3,880" in member.locator(".statement-group").inner_text()
    assert "锂电池正极材料专利池" in member.content()
    _fits(member)
    _shot(member, "statement", width)
    with member.expect_download() as csv_download:
        member.locator("a[href*='/csv/']").click()
    csv_text = Path(csv_download.value.path()).read_text("utf-8-sig")
    assert "3880.00" in csv_text and "苏州锂能科技有限公司" in csv_text
    with member.expect_download() as pdf_download:
        member.locator("a[href*='/pdf/']").click()
    reader = PdfReader(io.BytesIO(Path(pdf_download.value.path()).read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "清华大学深圳研究院" in text and "3880.00" in text


@pytest.mark.parametrize("width", [1280, 390])
def test_open_a_dispute_and_the_centre_resolves_it(live_server, journey, browser, tmp_path, width):  # noqa: F811
    evidence = tmp_path / "delivery.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    licensee = _signed_in(browser, live_server.url, journey["licensee"], width)
    licensee.goto(f"{live_server.url}/deals/{journey['deal_pk']}/")
    licensee.locator("#disputes a[href$='/licences/disputes/new/%d/']" % journey["deal_pk"]).click()
    licensee.wait_for_url(re.compile(r"/licences/disputes/new/\d+/$"))
    _fits(licensee)
    _shot(licensee, "dispute-open", width)
    licensee.fill("#id_reason", "许可方未按合同约定交付技术资料，影响我方生产。")
    licensee.set_input_files("#id_file", str(evidence))
    licensee.fill("#id_title", "技术资料交付清单")
    licensee.locator("form.form button[type=submit]").click()
    licensee.wait_for_url(re.compile(r"/licences/disputes/\d+/$"))
    dispute_path = licensee.url.removeprefix(live_server.url)
    assert "技术资料交付清单" in licensee.locator("#evidence-heading + ul").inner_text()
    _fits(licensee)
    _shot(licensee, "dispute-licensee", width)

    operator = _signed_in(browser, live_server.url, journey["operator"], width)
    operator.goto(live_server.url + "/licences/disputes/")
    operator.locator(f"a[href='{dispute_path}']").click()
    operator.locator("form[action$='/mediate/'] button").click()
    operator.fill("#id_body", "运营中心已联系双方，将于下周组织调解会议。")
    operator.locator("form[action$='/note/'] button").click()
    operator.select_option("#id_outcome", "settled")
    operator.fill("#id_outcome_text", "双方同意许可方于30日内补交全部技术资料。")
    _fits(operator)
    _shot(operator, "dispute-operator", width)
    operator.locator("#resolve button").click()
    assert "补交全部技术资料" in operator.locator("#outcome").inner_text()
    _shot(operator, "dispute-resolved", width)
    licensee.reload()
    assert licensee.locator(".status-resolved").count() == 1
