"""Dashboards by organisation kind: a service agency and a voucher authority land on their voucher pages and
cannot list patents or post demands (pages and services alike); an enterprise keeps the listing dashboard with a
link to its vouchers; the user menu links each of them to their voucher pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from marketplace.models import Demand, Listing, Organisation
from marketplace.services.demands import demand_create
from marketplace.services.listings import listing_create
from tests.factories import MembershipFactory, OrganisationFactory, PatentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_agency_dashboard_redirects_to_its_voucher_pages(client, agency_member):
    client.force_login(agency_member)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == "/vouchers/agency/"


def test_authority_dashboard_redirects_to_the_officers_pages(client, officer):
    client.force_login(officer)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == "/vouchers/officer/"


def test_enterprise_keeps_the_listing_dashboard_with_a_voucher_link(client, buyer, site_pages):
    client.force_login(buyer)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "New listing" in text and 'href="/vouchers/enterprise/"><strong>Service vouchers' in text


def test_university_sees_no_voucher_links(client, university_member, site_pages):
    client.force_login(university_member)
    text = client.get(reverse("dashboard")).content.decode()
    assert "/vouchers/" not in text


@pytest.mark.parametrize("fixture,path", [("buyer", "/vouchers/enterprise/"), ("agency_member", "/vouchers/agency/"),
                                          ("officer", "/vouchers/officer/")])
def test_user_menu_links_to_the_voucher_pages(client, request, fixture, path, voucher):
    client.force_login(request.getfixturevalue(fixture))
    text = client.get(reverse("vouchers:enterprise-home") if fixture == "buyer"
                      else reverse("vouchers:agency-home") if fixture == "agency_member"
                      else reverse("licences:list")).content.decode()
    assert f'<a href="{path}">Vouchers</a>' in text


def test_user_menu_follows_the_acting_organisation(client, buyer, agency, site_pages):
    MembershipFactory(organisation=agency, user=buyer)
    client.force_login(buyer)
    assert '<a href="/vouchers/enterprise/">Vouchers</a>' in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("dashboard_switch_organisation"), {"organisation": agency.slug})
    response = client.get(reverse("dashboard"))
    assert response["Location"] == "/vouchers/agency/"
    assert '<a href="/vouchers/agency/">Vouchers</a>' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("fixture", ["agency_member", "officer"])
def test_listing_and_demand_pages_refuse_voucher_only_kinds(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    PatentFactory(publication_number="CN1234567C")
    assert client.get(reverse("dashboard_listing_create")).status_code == 403
    response = client.post(reverse("dashboard_listing_create"), {
        "source": "existing", "publication_number": "CN1234567C", "title_zh": "一种电池", "currency": "CNY",
        "price_negotiable": "on", "sector": "new_energy", "deal_types": ["assignment"]})
    assert response.status_code == 403
    assert client.post(reverse("dashboard_demand_create"), {"title": "找技术", "description": "x"}).status_code == 403
    assert not Listing.objects.exists() and not Demand.objects.exists()


@pytest.mark.parametrize("kind", [Organisation.Kind.SERVICE_AGENCY, Organisation.Kind.VOUCHER_AUTHORITY])
def test_services_refuse_listings_and_demands_of_voucher_only_kinds(kind):
    organisation = OrganisationFactory(name_zh="服务机构", slug="svc", kind=kind)
    member = MembershipFactory(organisation=organisation, user=UserFactory(username="svc")).user
    with pytest.raises(PermissionDenied):
        listing_create(owner=organisation, patent=PatentFactory(), deal_types=["assignment"], actor=member)
    with pytest.raises(PermissionDenied):
        demand_create(organisation=organisation, actor=member, title="找技术", description="需要储能技术")
    assert not Listing.objects.exists() and not Demand.objects.exists()


@pytest.mark.parametrize("kind", list(Organisation.SUPPLY_KINDS))
def test_marketplace_kinds_still_list_and_post_demands(kind):
    organisation = OrganisationFactory(name_zh="市场参与者", slug="trader", kind=kind)
    member = MembershipFactory(organisation=organisation, user=UserFactory(username="trader")).user
    listing_create(owner=organisation, patent=PatentFactory(applicants=["市场参与者"]), deal_types=["assignment"],
                   actor=member)
    demand_create(organisation=organisation, actor=member, title="找技术", description="需要储能技术")
    assert Listing.objects.count() == 1 and Demand.objects.count() == 1
