"""Deal-room files and the NDA, and an organisation's profile, in a real browser at desktop and phone width: the
owner attaches a confidential PDF, the buyer sees it locked, accepts the NDA and downloads it; an administrator
edits the organisation's profile and finds it on the public page. Same launch conventions as test_smoke.py.

Set ROOM_SHOTS_DIR to keep screenshots of each page.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.links import organisation_url
from deals.services import deal_open_or_continue
from marketplace.models import Organisation

from ..factories import MembershipFactory, OrganisationFactory, PublishedListingFactory, UserFactory
from ..uploads import image_bytes
from .journey_helpers import shot
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def room(tmp_path):
    call_command("setup_site", stdout=open(os.devnull, "w"))
    owner = OrganisationFactory(name_zh="苏州大学", name_en="Soochow University", slug="soochow",
                                kind=Organisation.Kind.UNIVERSITY, province="江苏省", city="苏州市")
    buyer = OrganisationFactory(name_zh="苏州锂能科技有限公司", name_en="Suzhou Lithium Energy Co.",
                                kind=Organisation.Kind.ENTERPRISE)
    listing = PublishedListingFactory(owner=owner, requires_nda=True)
    buyer_user = MembershipFactory(organisation=buyer, user=UserFactory(username="li_buyer")).user
    deal = deal_open_or_continue(listing=listing, buyer=buyer, author=buyer_user,
                                 body="您好，请提供工艺参数以便评估。")
    (tmp_path / "工艺参数.pdf").write_bytes(PDF)
    (tmp_path / "logo.png").write_bytes(image_bytes("PNG", (120, 60), color=(30, 90, 160)))
    return {
        "room_path": f"/deals/{deal.pk}/",
        "organisation_path": organisation_url(owner),
        "buyer": buyer_user.username,
        "owner": MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto")).user.username,
        "pdf": str(tmp_path / "工艺参数.pdf"),
        "logo": str(tmp_path / "logo.png"),
    }


def _shot(page, name: str, width: int) -> None:
    shot(page, name, width, "ROOM_SHOTS_DIR")


# `room` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_confidential_file_behind_the_nda(live_server, room, browser, width):  # noqa: F811
    owner = _signed_in(browser, live_server.url, room["owner"], width)
    owner.goto(live_server.url + room["room_path"])
    owner.fill("#id_body", "工艺参数见附件（保密）。")
    owner.set_input_files("#id_files", room["pdf"])
    owner.check("#id_confidential")
    owner.locator("#reply button[type=submit]").click()
    owner.wait_for_url(re.compile(r"#message-\d+$"))
    assert "工艺参数.pdf" in owner.locator(".deal-files").inner_text()
    _fits(owner)
    _shot(owner, "room-owner-file", width)

    buyer = _signed_in(browser, live_server.url, room["buyer"], width)
    buyer.goto(live_server.url + room["room_path"])
    assert "工艺参数.pdf" not in buyer.locator(".deal-thread").inner_text()
    assert "1" in buyer.locator(".deal-file-locked").inner_text()
    assert "保密协议" in buyer.locator(".nda-text").inner_text()
    _fits(buyer)
    _shot(buyer, "room-buyer-locked", width)
    buyer.check("#id_confirm")
    buyer.locator("#nda button[type=submit]").click()
    buyer.wait_for_url(re.compile(r"/deals/\d+/$"))
    assert buyer.locator("#nda").count() == 0
    link = buyer.locator(".deal-files a", has_text="工艺参数.pdf")
    with buyer.expect_download() as download_info:
        link.click()
    assert Path(download_info.value.path()).read_bytes() == PDF
    _fits(buyer)
    _shot(buyer, "room-buyer-accepted", width)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_administrator_edits_the_profile_and_sees_it_public(live_server, room, browser, width):  # noqa: F811
    admin = _signed_in(browser, live_server.url, room["owner"], width)
    admin.locator("a[href$='/dashboard/profile/']").click()
    admin.wait_for_url(re.compile(r"/dashboard/profile/$"))
    admin.fill("#id_description_zh", "苏州大学技术转移中心负责学校专利的许可与转让。")
    admin.fill("#id_description_en", "Soochow University's technology transfer office licenses its patents.")
    admin.fill("#id_contact_phone", "+86 512-6588 1234")
    admin.fill("#id_contact_email", "tto@suda.example.cn")
    admin.fill("#id_address", "苏州市姑苏区干将东路333号")
    admin.set_input_files("#id_logo", room["logo"])
    _fits(admin)
    _shot(admin, "profile-form", width)
    admin.locator("form.form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/dashboard/profile/$"))
    assert admin.locator("img.org-logo").count() == 1

    admin.goto(live_server.url + room["organisation_path"])
    page_text = admin.locator("main").inner_text()
    assert "技术转移中心" in page_text and "+86 512-6588 1234" in page_text and "干将东路333号" in page_text
    assert admin.evaluate("document.querySelector('img.org-logo').naturalWidth") == 120
    _fits(admin)
    _shot(admin, "organisation-public", width)
