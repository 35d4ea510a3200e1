"""In Chromium at 1280 and 390 px: a university lists one of its own patents through the "already in the
database" option (the other option's fields hidden and not required), is refused a patent whose applicant is
someone else with the reason in view below the sticky header, submits its listing, and an operator finds it in
moderation; marking a listing transacted asks first, and its page then says it is no longer available."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from marketplace.models import Listing, Patent

from ..factories import (
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from .journey_helpers import shot
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OWN, FOREIGN = "CN1109268C", "CN1156923C"
SINOPEC = "中国石油化工股份有限公司石油化工科学研究院"


@pytest.fixture
def university():
    call_command("setup_site", verbosity=0)
    organisation = OrganisationFactory(name_zh="北京测试大学", name_en="Beijing Test University")
    MembershipFactory(organisation=organisation, user=UserFactory(username="tto"))
    PatentFactory(publication_number=OWN, applicants=["北京测试大学"], title_zh="一种钛硅分子筛的制备方法")
    PatentFactory(publication_number=FOREIGN, applicants=[SINOPEC])
    return organisation


def log_in(tab, base: str, username: str) -> None:
    tab.goto(base + "/accounts/login/")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill("pass-word-123")
    tab.locator("form [type=submit]").last.click()
    tab.wait_for_url(re.compile(r"/dashboard/|/admin/|/$"))


def below_the_header(tab, locator) -> bool:
    header = tab.locator(".site-header").bounding_box()
    return locator.bounding_box()["y"] >= header["y"] + header["height"] - 1


@pytest.mark.parametrize("width", [1280, 390])
def test_a_university_lists_its_own_patent_and_it_reaches_moderation(
        university, operator, live_server, page, width):  # noqa: F811 - page: the shared Chromium page
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "tto")
    page.goto(base + "/dashboard/listings/new/")
    existing = page.locator("[data-source=existing]")
    new = page.locator("[data-source=new]")
    expect(existing).to_be_visible()
    expect(new).to_be_hidden()  # only the chosen option's fields show
    page.locator("input[name=source][value=new]").check()
    expect(new).to_be_visible()
    expect(existing).to_be_hidden()
    page.locator("input[name=source][value=existing]").check()
    expect(new).to_be_hidden()

    # Someone else's patent: refused, with the reason in view and not under the sticky header.
    page.locator("input[name=publication_number]").fill(FOREIGN)
    page.locator("input[name=deal_types][value=assignment]").check()
    page.locator("form.listing-create [type=submit]").click()
    page.wait_for_load_state()
    error = page.locator(".patent-source .errorlist").first
    expect(error).to_contain_text(FOREIGN)
    expect(error).to_contain_text(SINOPEC)
    error.scroll_into_view_if_needed()
    assert below_the_header(page, error)
    shot(page, "listing-refused", width, "LISTING_SHOTS_DIR")
    assert not Listing.objects.exists()

    # Its own patent: the existing-patent option submits although the new-patent fields are empty.
    expect(page.locator("input[name=source][value=existing]")).to_be_checked()
    page.locator("input[name=publication_number]").fill(OWN)
    page.locator("input[name=deal_types][value=assignment]").check()
    page.locator("form.listing-create [type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/listings/\d+/$"))
    listing = Listing.objects.get()
    assert listing.owner == university and listing.patent.publication_number == OWN
    page.locator("button.action-submit").first.click()
    page.wait_for_url(re.compile(r"/dashboard/listings/\d+/$"))
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SUBMITTED
    shot(page, "listing-submitted", width, "LISTING_SHOTS_DIR")

    page.context.clear_cookies()
    log_in(page, base, "operator")
    page.goto(base + "/admin/listing-moderation/")
    page.locator(f"a[href$='/admin/listing-moderation/{listing.pk}/']").first.click()
    expect(page.locator("main")).to_contain_text(OWN)
    assert page.locator(".moderation-flag").count() == 0  # its own patent, listed once: nothing to flag
    shot(page, "listing-moderation", width, "LISTING_SHOTS_DIR")


@pytest.mark.parametrize("width", [1280, 390])
def test_marking_a_listing_transacted_is_confirmed_and_its_page_then_says_so(
        university, live_server, page, width):  # noqa: F811 - page: the shared Chromium page
    listing = PublishedListingFactory(owner=university, patent=Patent.objects.get(publication_number=OWN))
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "tto")
    page.goto(f"{base}/dashboard/listings/{listing.pk}/")
    page.locator("button.action-mark_transacted").first.click()
    confirm = page.locator(".confirm-card button[type=submit]")
    expect(confirm).to_be_visible()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED  # the first click only asks
    shot(page, "listing-confirm", width, "LISTING_SHOTS_DIR")
    confirm.click()
    page.wait_for_url(f"{base}/dashboard/listings/{listing.pk}/")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.TRANSACTED

    page.context.clear_cookies()
    response = page.goto(f"{base}/listings/{listing.pk}/")
    assert response.status == 410
    expect(page.locator(".page-header .status")).to_be_visible()
    shot(page, "listing-gone", width, "LISTING_SHOTS_DIR")
