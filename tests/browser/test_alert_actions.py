"""In a browser at desktop and phone widths: the unsubscribe link asks first and its button unsubscribes; a
demand's member goes from its matches page ("Contact the owner") through the inquiry form to the deal room."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from search.models import DemandSubscription

from ..search.matching_fixtures import battery_listing, search_index, sme_demand
from .test_smoke import page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
__all__ = ["page", "search_index"]
WIDTHS = [1280, 390]


@pytest.fixture
def member_with_a_match(search_index):
    """A demand's member (logged in: the session cookie), its alert subscription and a matching listing."""
    call_command("setup_site", stdout=io.StringIO())
    demand = sme_demand()
    search_index(battery_listing())
    subscription = DemandSubscription.objects.create(demand=demand, user=demand.created_by)
    client = Client()
    client.force_login(demand.created_by)
    return {"demand": demand.pk, "title": demand.title, "token": subscription.unsubscribe_token,
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.mark.parametrize("width", WIDTHS)
def test_unsubscribe_asks_then_stops(live_server, member_with_a_match, page, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 800})
    url = f"{live_server.url}/alerts/unsubscribe/{member_with_a_match['token']}/"
    assert page.goto(url).ok
    button = page.locator(".unsubscribe-form button")
    assert button.is_visible()
    page.screenshot(path=tmp_path / f"unsubscribe-confirm-{width}.png", full_page=True)
    button.click()
    page.wait_for_load_state()
    page.screenshot(path=tmp_path / f"unsubscribed-{width}.png", full_page=True)
    assert page.goto(url).ok and page.locator(".unsubscribe-form").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_contact_the_owner_leads_through_the_inquiry_form_to_the_deal_room(
    live_server, member_with_a_match, page, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 800})
    session = {"name": settings.SESSION_COOKIE_NAME, "value": member_with_a_match["session"]}
    page.context.add_cookies([{**session, "url": live_server.url}])
    assert page.goto(f"{live_server.url}/demands/{member_with_a_match['demand']}/matches/").ok
    contact = page.locator(".match-list a[href*='/deals/new/']").first
    assert contact.is_visible()
    page.screenshot(path=tmp_path / f"matches-{width}.png", full_page=True)
    contact.click()
    page.wait_for_url(re.compile(r"/deals/new/\d+/\?proposal=\d+$"))
    assert page.locator("p.message", has_text=member_with_a_match["title"]).is_visible()  # the proposal's note
    page.screenshot(path=tmp_path / f"inquiry-form-{width}.png", full_page=True)
    page.fill("#id_body", "您好，我们想了解该专利的许可条件。")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/deals/\d+/$"))
    assert "许可条件" in page.locator(".deal-thread").inner_text()
    page.screenshot(path=tmp_path / f"deal-room-{width}.png", full_page=True)
