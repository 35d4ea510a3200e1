"""Links that mail scanners and other sites can make a browser follow (GET) change nothing: unsubscribing
takes a POST, and a match proposal counts as inquired only once a member posts an inquiry message."""

import pytest
from django.core import mail
from django.urls import reverse

from deals.models import Deal
from marketplace.models import Notification
from search.models import DemandSubscription, MatchProposal

from ..factories import MembershipFactory
from .matching_fixtures import search_index, sme_demand
from .test_alerts import publish

pytestmark = pytest.mark.django_db
__all__ = ["publish", "search_index"]


@pytest.fixture
def subscription(search_index, publish):
    demand = sme_demand()
    publish()
    return DemandSubscription.objects.get(demand=demand)


def unsubscribe_url(subscription) -> str:
    return f"/alerts/unsubscribe/{subscription.unsubscribe_token}/"


def is_active(subscription) -> bool:
    subscription.refresh_from_db()
    return subscription.active


def test_opening_the_unsubscribe_link_only_asks_for_confirmation(client, subscription):
    for _scan in range(3):
        response = client.get(unsubscribe_url(subscription))
        assert response.status_code == 200
    assert client.head(unsubscribe_url(subscription)).status_code == 200
    assert is_active(subscription)
    assert 'class="unsubscribe-form"' in response.content.decode()


def test_the_confirmation_button_unsubscribes_without_login_any_number_of_times(subscription):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)  # no CSRF token in the form: the link's token authorises it
    for _attempt in range(2):
        assert browser.post(unsubscribe_url(subscription)).status_code == 200
        assert not is_active(subscription)
    confirm = browser.get(unsubscribe_url(subscription)).content.decode()
    assert 'class="unsubscribe-form"' not in confirm  # already stopped: nothing left to confirm


def test_one_click_unsubscribe_from_the_mail_client(subscription, search_index, publish):
    from django.test import Client

    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(url, "List-Unsubscribe=One-Click",
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and not is_active(subscription)

    publish(publication_number="CN2200001C")
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_an_unknown_token_is_404_whatever_the_method(client, db):
    assert client.get("/alerts/unsubscribe/no-such-token/").status_code == 404
    assert client.post("/alerts/unsubscribe/no-such-token/").status_code == 404
    assert client.put("/alerts/unsubscribe/no-such-token/").status_code == 405


@pytest.fixture
def proposal(search_index, publish):
    demand = sme_demand()
    listing = publish()
    return MatchProposal.objects.get(demand=demand, listing=listing)


def inquired(proposal) -> bool:
    proposal.refresh_from_db()
    return proposal.inquired_at is not None


def inquiry_url(proposal) -> str:
    return f"/deals/new/{proposal.listing_id}/?proposal={proposal.pk}"


def test_a_get_of_the_inquiry_form_counts_nothing(client, proposal):
    client.force_login(proposal.demand.created_by)
    for _visit in range(2):
        assert client.get(inquiry_url(proposal)).status_code == 200
    client.logout()
    response = client.get(inquiry_url(proposal))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not inquired(proposal) and not Deal.objects.exists()


def test_inquiring_takes_a_post_with_a_csrf_token_and_a_message(proposal, site_pages):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(proposal.demand.created_by)
    assert browser.post(inquiry_url(proposal), {"body": "hello"}).status_code == 403  # another site's form
    page = browser.get(f"/demands/{proposal.demand.pk}/matches/").content.decode()
    assert f'href="{inquiry_url(proposal)}"' in page
    browser.get(inquiry_url(proposal))
    token = browser.cookies["csrftoken"].value
    assert browser.post(inquiry_url(proposal), {"csrfmiddlewaretoken": token, "body": " "}).status_code == 400
    assert not inquired(proposal)
    response = browser.post(inquiry_url(proposal), {"csrfmiddlewaretoken": token, "body": "我们想了解许可条件。"})
    assert response.status_code == 302 and inquired(proposal)


def test_only_an_inquiry_for_the_demands_organisation_counts(client, proposal, operator, site_pages):
    client.force_login(operator)  # operators broker deals; they cannot inquire
    assert client.post(inquiry_url(proposal), {"body": "hi"}).status_code == 400
    page = client.get(f"/demands/{proposal.demand.pk}/matches/").content.decode()
    assert "/deals/new/" not in page and "#contact-heading" in page  # a plain link to each listing
    client.force_login(MembershipFactory().user)  # another organisation inquires for itself, not the demand
    assert client.post(inquiry_url(proposal), {"body": "hi"}).status_code == 302
    assert Deal.objects.get().buyer != proposal.demand.organisation
    assert not inquired(proposal)


def test_the_listing_pages_inquiry_button_is_a_link_to_the_form(client, proposal, site_pages):
    client.force_login(proposal.demand.created_by)
    page = client.get(f"/listings/{proposal.listing.pk}/").content.decode()
    assert f'href="{inquiry_url(proposal)}"' in page
    assert not inquired(proposal)
