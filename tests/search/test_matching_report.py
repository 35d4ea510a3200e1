import pytest

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
