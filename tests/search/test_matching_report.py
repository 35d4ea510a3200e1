import pytest

from deals.models import Deal
from search.models import MatchProposal

from ..factories import UserFactory
from .matching_fixtures import battery_listing, sme_demand

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal():
    return MatchProposal.objects.create(
        demand=sme_demand(), listing=battery_listing(), score=77, factors={"score": 77, "parts": {}}
    )


def test_operators_see_the_matches_report_with_filters(client, proposal):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    page = client.get("/admin/reports/matches/").content.decode()
    assert proposal.demand.title in page and proposal.listing.identifier in page
    assert (
        proposal.listing.identifier
        not in client.get("/admin/reports/matches/?inquired=true").content.decode()
    )
    assert client.get("/admin/reports/matches/?export=csv").status_code == 200
    assert client.get("/django-admin/marketsearch/matchproposal/?inquired_at__isempty=1").status_code == 200


def test_the_report_is_for_operators_only(client, proposal):
    client.force_login(UserFactory(username="editor", is_staff=True))
    assert client.get("/admin/reports/matches/").status_code in (302, 403)


def test_the_report_counts_a_proposal_as_inquired_only_once_a_message_is_sent(client, admin_client, proposal):
    def reported(inquired: str) -> bool:
        page = admin_client.get("/admin/reports/matches/", {"inquired": inquired}).content.decode()
        return proposal.listing.identifier in page

    assert reported("false") and not reported("true")
    inquiry_url = f"/deals/new/{proposal.listing.pk}/?proposal={proposal.pk}"
    client.force_login(proposal.demand.created_by)
    assert client.get(inquiry_url).status_code == 200
    assert client.post(inquiry_url, {"body": ""}).status_code == 400  # no message, no inquiry
    assert client.post(f"/matches/{proposal.pk}/inquire/").status_code == 404  # the old shortcut is gone
    assert reported("false") and not reported("true")

    assert client.post(inquiry_url, {"body": "我们想获得该专利的独占许可。"}).status_code == 302
    assert Deal.objects.get().buyer == proposal.demand.organisation
    assert reported("true") and not reported("false")
