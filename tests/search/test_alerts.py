import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from marketplace.models import Notification
from marketplace.services import listings as listing_services
from search.alerts.tasks import alerts_for_listings_task
from search.models import AlertDelivery, DemandSubscription, MatchProposal, SavedSearch

from ..factories import PatentFactory, UserFactory
from .matching_fixtures import search_index, sme_demand

pytestmark = pytest.mark.django_db
__all__ = ["search_index"]


@pytest.fixture
def publish(university, university_member, operator, django_capture_on_commit_callbacks):
    """Create, submit and publish a listing through the services, running the on-commit side effects."""

    def run(listing=None, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            if listing is None:
                listing = listing_services.listing_create(
                    owner=university,
                    patent=PatentFactory(**fields),
                    deal_types=["exclusive_licence"],
                    actor=university_member,
                )
                listing = listing_services.listing_submit(listing=listing, actor=university_member)
            listing = listing_services.listing_publish(listing=listing, actor=operator)
        return listing

    return run


def republish(listing, university_member, operator, publish):
    listing = listing_services.listing_withdraw(listing=listing, actor=university_member)
    listing = listing_services.listing_revise(listing=listing, actor=university_member)
    listing = listing_services.listing_submit(listing=listing, actor=university_member)
    return publish(listing)


def test_publish_alerts_the_demand_members_once(search_index, publish, university_member, operator):
    demand = sme_demand(ipc_hints=["H01M"])
    subscriber = demand.created_by
    listing = publish()

    notification = Notification.objects.get(recipient=subscriber)
    assert notification.kind == "match_alert" and demand.title in notification.title
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [subscriber.email]
    token = DemandSubscription.objects.get(demand=demand, user=subscriber).unsubscribe_token
    assert f"/alerts/unsubscribe/{token}/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].endswith(f"/alerts/unsubscribe/{token}/>")
    proposal = MatchProposal.objects.get(demand=demand, listing=listing)
    assert proposal.score >= 50 and proposal.factors["parts"]["ipc"]["value"] == 1.0

    republish(listing, university_member, operator, publish)
    alerts_for_listings_task.delay([listing.pk])  # a retried task
    assert Notification.objects.filter(recipient=subscriber).count() == 1
    assert len(mail.outbox) == 1
    assert AlertDelivery.objects.filter(listing=listing, user=subscriber).count() == 1


def test_a_failed_email_is_retried_and_sent_once(search_index, publish, monkeypatch):
    sme_demand()
    real_send, calls = EmailMultiAlternatives.send, []

    def flaky_send(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 1:
            raise ConnectionError("SMTP server went away")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    publish()
    assert len(calls) == 2 and len(mail.outbox) == 1
    assert AlertDelivery.objects.get().emailed_at is not None


def test_unsubscribe_works_without_login_is_idempotent_and_stops_alerts(client, search_index, publish):
    demand = sme_demand()
    publish()
    token = DemandSubscription.objects.get(demand=demand).unsubscribe_token
    for _attempt in range(2):
        response = client.post(f"/alerts/unsubscribe/{token}/")
        assert response.status_code == 200
    assert not DemandSubscription.objects.get(demand=demand).active
    assert client.post("/alerts/unsubscribe/no-such-token/").status_code == 404

    publish(publication_number="CN2200001C")
    assert len(mail.outbox) == 1 and Notification.objects.count() == 1


def test_saved_search_alerts_and_respects_its_filters(client, search_index, publish):
    fan = UserFactory(username="fan")
    client.force_login(fan)
    response = client.post("/alerts/save/", {"q": "正极材料", "deal_type": "exclusive_licence"})
    assert response.status_code == 302
    picky = SavedSearch.objects.create(
        user=UserFactory(username="picky"), query="正极材料", filters={"deal_type": ["assignment"]}
    )
    SavedSearch.objects.create(user=UserFactory(username="other"), query="茶叶")

    listing = publish()
    alerted = set(AlertDelivery.objects.filter(listing=listing).values_list("user__username", flat=True))
    assert alerted == {"fan"}
    assert Notification.objects.get(recipient=fan).kind == "saved_search_alert"
    assert mail.outbox[0].to == [fan.email]
    assert picky.active


def test_saving_an_empty_or_bad_search_says_why(client, db):
    client.force_login(UserFactory(username="fan"))
    response = client.post("/alerts/save/", {"q": ""}, follow=True)
    assert "Type some words" in response.content.decode() or SavedSearch.objects.count() == 0
    response = client.post("/alerts/save/", {"q": "电池", "price_min": "cheap"}, follow=True)
    assert response.status_code == 200 and SavedSearch.objects.count() == 0


def test_alerts_page_lists_notifications_and_saved_searches(client, search_index, publish):
    demand = sme_demand()
    publish()
    client.force_login(demand.created_by)
    SavedSearch.objects.create(user=demand.created_by, query="储能")
    page = client.get("/alerts/").content.decode()
    assert demand.title in page and "储能" in page


def test_demand_matches_page_leads_members_to_the_inquiry_form_and_counts_sent_inquiries(
    client, search_index, publish, operator
):
    demand = sme_demand()
    listing = publish()
    url = f"/demands/{demand.pk}/matches/"
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 403
    client.force_login(demand.created_by)
    response = client.get(url)
    assert response.status_code == 200 and listing.identifier in response.content.decode()
    proposal = MatchProposal.objects.get(demand=demand, listing=listing)
    inquiry_url = f"/deals/new/{listing.pk}/?proposal={proposal.pk}"
    assert f'href="{inquiry_url}"' in response.content.decode()  # "Contact the owner" opens the inquiry form
    form = client.get(inquiry_url)
    assert form.status_code == 200 and form.context["proposal"] == proposal
    proposal.refresh_from_db()
    assert proposal.inquired_at is None  # seeing the matches and opening the form is no inquiry
    response = client.post(inquiry_url, {"body": "请问许可费用？"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.inquired_at is not None  # the message was sent
    client.force_login(operator)
    page = client.get(url).content.decode()
    assert "/deals/new/" not in page and "#contact-heading" in page  # operators look, they do not inquire


def test_listings_published_before_the_demand_or_search_are_news_to_nobody(search_index, publish, university,
                                                                          university_member, operator):
    """The demo loads its catalogue, then its demands: none of its listings may alert anyone. A listing
    published afterwards does."""
    earlier = publish()
    demand = sme_demand(ipc_hints=["H01M"])
    searcher = UserFactory()
    SavedSearch.objects.create(user=searcher, query="电池")
    alerts_for_listings_task.delay([earlier.pk])
    assert not Notification.objects.exists() and not mail.outbox

    publish()
    assert Notification.objects.filter(recipient=demand.created_by, kind="match_alert").count() == 1
    assert Notification.objects.filter(recipient=searcher, kind="saved_search_alert").count() == 1
