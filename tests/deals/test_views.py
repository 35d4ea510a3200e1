"""Deal pages: who sees a deal room (404 for everyone else), the inquiry form, replies, closing, the inbox."""

import pytest
from django.urls import reverse

from cms.views.dashboard import SESSION_KEY
from deals.models import Deal, DealMessage, DealReadMark
from deals.services import deal_close, deal_open_or_continue
from marketplace.models import Listing
from search.models import MatchProposal

from ..factories import DemandFactory, ListingFactory, MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def deal(listing, buyer_org, buyer):
    return deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="我们想了解许可条件。")


def test_anonymous_visitors_are_sent_to_log_in(client, deal, listing):
    for url in (reverse("deals:room", args=[deal.pk]), reverse("deals:inquire", args=[listing.pk]),
                reverse("deals:inbox")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_outsiders_get_404_for_existing_and_guessed_ids(client, deal, outsider):
    client.force_login(outsider)
    for pk in (deal.pk, deal.pk + 1, 999999):
        assert client.get(reverse("deals:room", args=[pk])).status_code == 404
        assert client.post(reverse("deals:room", args=[pk]), {"body": "hi"}).status_code == 404
        assert client.post(reverse("deals:close", args=[pk]), {"reason": "x"}).status_code == 404
    assert deal.messages.count() == 1 and Deal.objects.get().status == "open"


def test_both_parties_see_the_room_and_reading_marks_it_read(client, deal, buyer, seller):
    client.force_login(seller)
    response = client.get(reverse("deals:room", args=[deal.pk]))
    assert response.status_code == 200
    assert "我们想了解许可条件。" in response.content.decode()
    assert DealReadMark.objects.get(deal=deal, user=seller).last_read_at == deal.messages.get().created_at
    client.force_login(buyer)
    assert client.get(reverse("deals:room", args=[deal.pk])).status_code == 200


def test_a_reply_is_posted_and_shown(client, deal, seller):
    client.force_login(seller)
    response = client.post(reverse("deals:room", args=[deal.pk]), {"body": "欢迎来访"})
    message = deal.messages.last()
    assert response.status_code == 302 and response.url.endswith(f"#message-{message.pk}")
    assert (message.body, message.side) == ("欢迎来访", "seller")


def test_an_empty_reply_is_a_form_error(client, deal, seller):
    client.force_login(seller)
    response = client.post(reverse("deals:room", args=[deal.pk]), {"body": "  "})
    assert response.status_code == 400 and deal.messages.count() == 1


def test_operators_see_and_post_as_the_operation_centre(client, deal, operator):
    client.force_login(operator)
    assert client.get(reverse("deals:room", args=[deal.pk])).status_code == 200
    client.post(reverse("deals:room", args=[deal.pk]), {"body": "中心可以协助评估"})
    assert deal.messages.last().side == DealMessage.Side.CENTRE
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert "中心可以协助评估" in page
    inbox = client.get(reverse("deals:inbox"), {"status": "open"})
    assert list(inbox.context["page_obj"]) == [deal]
    assert list(client.get(reverse("deals:inbox"), {"status": "closed"}).context["page_obj"]) == []


def test_closing_from_the_room(client, deal, buyer):
    client.force_login(buyer)
    response = client.post(reverse("deals:close", args=[deal.pk]), {"reason": "预算调整"})
    assert response.status_code == 302
    assert Deal.objects.get().status == "closed"
    again = client.post(reverse("deals:close", args=[deal.pk]), {"reason": "again"}, follow=True)
    assert "already closed" in again.content.decode()


def test_closing_without_a_reason_changes_nothing(client, deal, buyer):
    client.force_login(buyer)
    response = client.post(reverse("deals:close", args=[deal.pk]), {"reason": ""}, follow=True)
    assert response.status_code == 200 and Deal.objects.get().status == "open"


def test_the_inquiry_form_opens_a_deal_and_redirects_to_the_room(client, listing, buyer, buyer_org):
    client.force_login(buyer)
    url = reverse("deals:inquire", args=[listing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"buyer": buyer_org.slug, "body": "请问是否可以独占许可？"})
    deal = Deal.objects.get()
    assert response.status_code == 302 and response.url == reverse("deals:room", args=[deal.pk])
    assert deal.buyer == buyer_org and deal.messages.get().body == "请问是否可以独占许可？"


def test_a_member_of_one_organisation_need_not_name_it(client, listing, buyer, buyer_org):
    client.force_login(buyer)
    client.post(reverse("deals:inquire", args=[listing.pk]), {"body": "hello", "buyer": "someone-else"})
    assert Deal.objects.get().buyer == buyer_org


def test_an_empty_inquiry_is_a_form_error(client, listing, buyer):
    client.force_login(buyer)
    response = client.post(reverse("deals:inquire", args=[listing.pk]), {"body": ""})
    assert response.status_code == 400 and not Deal.objects.exists()


def test_the_owner_is_told_it_cannot_inquire(client, listing, seller):
    client.force_login(seller)
    response = client.get(reverse("deals:inquire", args=[listing.pk]))
    assert "owns this listing" in response.content.decode()
    response = client.post(reverse("deals:inquire", args=[listing.pk]), {"body": "hi"})
    assert response.status_code == 400 and not Deal.objects.exists()


def test_unpublished_listings_say_they_take_no_inquiries(client, university, seller, buyer):
    withdrawn = ListingFactory(owner=university, status=Listing.Status.WITHDRAWN)
    client.force_login(buyer)
    assert client.get(reverse("deals:inquire", args=[withdrawn.pk])).status_code == 404  # not visible at all
    MembershipFactory(user=seller, organisation=OrganisationFactory(kind="enterprise"))
    client.force_login(seller)  # the owner's member sees its withdrawn listing, but nobody may inquire
    response = client.get(reverse("deals:inquire", args=[withdrawn.pk]))
    assert "Only published listings take inquiries." in response.content.decode()


def test_a_user_of_several_organisations_chooses_the_buyer(client, listing, buyer, buyer_org):
    other = OrganisationFactory(kind="enterprise")
    MembershipFactory(user=buyer, organisation=other)
    client.force_login(buyer)
    session = client.session
    session[SESSION_KEY] = other.pk
    session.save()
    url = reverse("deals:inquire", args=[listing.pk])
    assert client.get(url).context["form"].initial["buyer"] == other  # the dashboard's acting organisation
    client.post(url, {"buyer": buyer_org.slug, "body": "for the other one"})
    assert Deal.objects.get().buyer == buyer_org
    assert client.session[SESSION_KEY] == buyer_org.pk  # the inbox now shows that organisation's deals


def test_a_proposal_picks_the_demands_organisation(client, listing, buyer, buyer_org):
    other = OrganisationFactory(kind="enterprise")
    MembershipFactory(user=buyer, organisation=other)
    demand = DemandFactory(organisation=buyer_org)
    proposal = MatchProposal.objects.create(demand=demand, listing=listing, score=70)
    client.force_login(buyer)
    session = client.session
    session[SESSION_KEY] = other.pk
    session.save()
    response = client.get(reverse("deals:inquire", args=[listing.pk]), {"proposal": proposal.pk})
    assert response.context["form"].initial["buyer"] == buyer_org
    assert response.context["proposal"] == proposal
    for junk in ("abc", "999999"):
        response = client.get(reverse("deals:inquire", args=[listing.pk]), {"proposal": junk})
        assert response.context["proposal"] is None


def test_inbox_and_dashboard_show_the_acting_organisations_deals(client, deal, seller, buyer):
    client.force_login(seller)
    inbox = client.get(reverse("deals:inbox"))
    assert list(inbox.context["page_obj"]) == [deal]
    assert "Suzhou Test Battery Co." in inbox.content.decode()  # the buyer, in the page's language
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("deals:room", args=[deal.pk]) in dashboard
    assert 'id="my-deals"' in dashboard
    client.force_login(buyer)
    assert list(client.get(reverse("deals:inbox")).context["page_obj"]) == [deal]


def test_the_inbox_pages(client, listing, seller):
    for n in range(23):
        organisation = OrganisationFactory(kind="enterprise")
        deal_open_or_continue(listing=listing, buyer=organisation,
                              author=MembershipFactory(organisation=organisation).user, body=f"inquiry {n}")
    client.force_login(seller)
    first = client.get(reverse("deals:inbox"))
    assert len(first.context["page_obj"]) == 20
    assert len(client.get(reverse("deals:inbox"), {"page": 2}).context["page_obj"]) == 3
    newest = first.context["page_obj"][0]
    assert "inquiry 22" in client.get(reverse("deals:room", args=[newest.pk])).content.decode()


def test_the_listing_page_links_to_the_inquiry_form(client, site_pages, listing):
    from cms.links import listing_url

    page = client.get(listing_url(listing)).content.decode()
    assert reverse("deals:inquire", args=[listing.pk]) in page


def test_closed_deals_show_no_reply_form(client, deal, buyer):
    deal_close(deal=deal, actor=buyer, reason="done")
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert 'id="reply"' not in page and "done" in page
