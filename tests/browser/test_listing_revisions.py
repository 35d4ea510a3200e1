"""Editing a published listing through review, in a real browser at desktop and phone width: the owner changes
the title, the public page keeps the approved one, an operator approves with the difference in view, and the
public page shows the new title.

Set REVISIONS_SHOTS_DIR to keep screenshots of each step.
"""

import re

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
from ..uploads import image_bytes
from .journey_helpers import shot
from .test_deals import RECORD, _fits, _signed_in, browser  # noqa: F401 - the browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
OLD_TITLE = RECORD["title_zh"]
NEW_TITLE = "高容量锂二次电池阴极材料及其制备方法"


@pytest.fixture
def published():
    call_command("setup_site", verbosity=0)
    owner = OrganisationFactory(name_zh=RECORD["applicants"][0], kind=Organisation.Kind.RESEARCH_INSTITUTE)
    listing = PublishedListingFactory(owner=owner, patent=PatentFactory(ipc_main="", ipc_codes=[], **RECORD))
    return {
        "pk": listing.pk,
        "path": listing_url(listing),
        "owner": MembershipFactory(organisation=owner, user=UserFactory(username="wang_tto")).user.username,
        "operator": MembershipFactory(
            organisation=OrganisationFactory(name_zh="知识产权运营交易中心",
                                             kind=Organisation.Kind.OPERATION_CENTRE),
            user=UserFactory(username="zhao_centre"),
        ).user.username,
    }


def _public_title(browser, url: str, width: int) -> str:  # noqa: F811 - the fixture's value
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    title = page.locator("h1").first.inner_text()
    context.close()
    return title


# `published` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_published_listing_edited_through_review(live_server, published, browser, width, tmp_path):  # noqa: F811
    (tmp_path / "photo.jpg").write_bytes(image_bytes("JPEG", (320, 200), color="teal"))
    owner = _signed_in(browser, live_server.url, published["owner"], width)
    owner.goto(f"{live_server.url}/dashboard/listings/{published['pk']}/")
    owner.locator("form[action*='/upload/image/'] input[type=file]").set_input_files(str(tmp_path / "photo.jpg"))
    owner.locator("form[action*='/upload/image/'] [type=submit]").click()
    owner.wait_for_url(re.compile(r"#images$"))
    details = owner.locator("form.form", has=owner.locator("#id_title_zh"))
    details.locator("#id_title_zh").fill(NEW_TITLE)
    with owner.expect_navigation():  # back to the same page (with the upload's #images anchor)
        details.locator("button[type=submit]").click()
    pending = owner.locator("#pending-changes")
    assert pending.locator("ins").first.inner_text() == NEW_TITLE
    assert pending.locator("del").first.inner_text() == OLD_TITLE
    assert owner.locator("#id_title_zh").input_value() == NEW_TITLE, "the form keeps the pending proposal"
    _fits(owner)
    shot(owner, "owner-pending", width, "REVISIONS_SHOTS_DIR")

    assert _public_title(browser, live_server.url + published["path"], width) == OLD_TITLE

    operator = _signed_in(browser, live_server.url, published["operator"], width)
    operator.goto(f"{live_server.url}/admin/listing-moderation/")
    operator.locator("#revision-queue + p + table a").first.click()
    operator.wait_for_url(re.compile(r"/admin/listing-moderation/changes/\d+/$"))
    diff = operator.locator(".revision-diff")
    assert diff.locator("del").first.inner_text() == OLD_TITLE
    assert diff.locator("ins").first.inner_text() == NEW_TITLE
    assert diff.locator("ins").first.is_visible()
    new_image = diff.locator(".revision-diff-media .diff-new img")
    new_image.scroll_into_view_if_needed()
    assert new_image.evaluate("img => img.complete && img.naturalWidth") == 320, "operators see the new image"
    shot(operator, "operator-diff", width, "REVISIONS_SHOTS_DIR")
    operator.locator("form", has=operator.locator("input[value=approve]")).locator("button").click()
    operator.wait_for_url(re.compile(r"/admin/listing-moderation/$"))
    shot(operator, "operator-approved", width, "REVISIONS_SHOTS_DIR")

    assert _public_title(browser, live_server.url + published["path"], width) == NEW_TITLE
    operator.goto(live_server.url + published["path"])
    photo = operator.locator(".gallery img").first
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 320, "the approved image is public"
