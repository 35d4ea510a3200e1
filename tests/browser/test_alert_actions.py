"""In a browser at desktop and phone widths: the unsubscribe link asks first and its button unsubscribes; the
listing page's inquiry button (a form now) counts the inquiry and lands on the contact card."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from search.models import DemandSubscription, MatchProposal

from ..factories import DemandFactory, MembershipFactory, OrganisationFactory, PublishedListingFactory
from .test_smoke import page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
__all__ = ["page"]
WIDTHS = [1280, 390]


@pytest.fixture
def member_with_a_proposal():
    """A demand's member (logged in: the session cookie), its alert subscription and a proposed listing."""
    call_command("setup_site", stdout=io.StringIO())
    demand = DemandFactory(organisation=OrganisationFactory(name_zh="深圳某电池公司", kind="enterprise"))
    member = MembershipFactory(organisation=demand.organisation).user
    listing = PublishedListingFactory()
    proposal = MatchProposal.objects.create(demand=demand, listing=listing, score=80, factors={"score": 80})
    subscription = DemandSubscription.objects.create(demand=demand, user=member)
    client = Client()
    client.force_login(member)
    return {"proposal": proposal, "listing": listing, "token": subscription.unsubscribe_token,
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.mark.parametrize("width", WIDTHS)
def test_unsubscribe_asks_then_stops(live_server, member_with_a_proposal, page, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 800})
    url = f"{live_server.url}/alerts/unsubscribe/{member_with_a_proposal['token']}/"
    assert page.goto(url).ok
    button = page.locator(".unsubscribe-form button")
    assert button.is_visible()
    page.screenshot(path=tmp_path / f"unsubscribe-confirm-{width}.png", full_page=True)
    button.click()
    page.wait_for_load_state()
    page.screenshot(path=tmp_path / f"unsubscribed-{width}.png", full_page=True)
    assert page.goto(url).ok and page.locator(".unsubscribe-form").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_listing_pages_inquiry_button_counts_and_shows_the_contact_card(
    live_server, member_with_a_proposal, page, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 800})
    session = {"name": settings.SESSION_COOKIE_NAME, "value": member_with_a_proposal["session"]}
    page.context.add_cookies([{**session, "url": live_server.url}])
    listing_url = f"{live_server.url}/listings/{member_with_a_proposal['listing'].pk}/"
    assert page.goto(listing_url).ok
    inquire = page.locator(f"form[action='/matches/{member_with_a_proposal['proposal'].pk}/inquire/'] button")
    inquire.scroll_into_view_if_needed()
    assert inquire.is_visible()
    page.screenshot(path=tmp_path / f"listing-inquire-{width}.png", full_page=True)
    inquire.click()
    page.wait_for_url(re.compile(r"/listings/\d+/#contact-heading$"))
    assert page.locator("form[action*='/inquire/']").count() == 0  # counted: the proposal is followed up
