"""Control characters in a request's path, query string or form fields get the site's 400 page, never a 500.

On PostgreSQL a NUL reaching a query raised an error (500) on every page below; the middleware refuses such
requests once, before any view runs, while file contents, JSON bodies, tabs and newlines pass.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.models import Demand, Listing
from search.models import SavedSearch

from .factories import DemandFactory, ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "The request contains control characters"


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def member_client(client, university_member, site_pages):
    client.force_login(university_member)
    return client


def assert_refused(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page and 'class="site-header"' in page


@pytest.mark.parametrize("url", [
    "/search/?ipc_section=a%00b",
    "/search/?q=%01",
    "/search/?a%00=1",
    "/alerts/unsubscribe/a%00b/",
    "/listings/?q=%00",
    "/nowhere%00/",
])
def test_control_characters_in_urls_are_refused(client, site_pages, url):
    assert_refused(client.get(url))


@pytest.mark.parametrize("url", ["/api/search/?q=%1f", "/api/v1/listings/?sector=a%00b"])
def test_control_characters_in_api_urls_are_refused_with_the_apis_error_body(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.json()["error"]["message"].startswith(MESSAGE)


def test_saving_a_search_with_nul_is_refused(member_client):
    assert_refused(member_client.post("/alerts/save/", {"q": "锂电池\x00", "next": "/search/"}))


def test_closing_a_demand_with_nul_in_the_reason_is_refused_and_changes_nothing(member_client, university):
    demand = DemandFactory(organisation=university)
    assert_refused(member_client.post(f"/dashboard/demands/{demand.pk}/close/", {"reason": "done\x00"}))
    demand.refresh_from_db()
    assert demand.status == Demand.Status.OPEN


def test_rejecting_a_listing_with_nul_in_the_reason_is_refused(client, operator, university, site_pages):
    listing = ListingFactory(owner=university, status=Listing.Status.SUBMITTED)
    client.force_login(operator)
    response = client.post(f"/admin/listing-moderation/{listing.pk}/", {"decision": "reject", "reason": "no\x00"})
    assert_refused(response)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SUBMITTED


@pytest.mark.parametrize("url", [
    "/admin/reports/matches/?demand__organisation__province=%00",
    "/admin/reports/matches/results/?score=%00",
    "/django-admin/marketsearch/matchproposal/?q=%00",
    "/django-admin/marketsearch/matchproposal/?demand__organisation__province=%00",
    "/django-admin/payments/payment/?q=%00",
])
def test_admin_filters_and_searches_with_nul_are_refused(client, site_pages, url):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    assert_refused(client.get(url))


def test_binary_file_contents_tabs_and_newlines_pass(member_client, university):
    listing = ListingFactory(owner=university)
    pdf = SimpleUploadedFile("brochure.pdf", b"%PDF-1.4\n\x00\x01\x02 binary\x1f", content_type="application/pdf")
    response = member_client.post(f"/dashboard/listings/{listing.pk}/upload/attachment/",
                                  {"file": pdf, "title": "说明\t第一行\r\n第二行"})
    assert response.status_code == 302
    assert listing.attachments.get().title == "说明\t第一行\r\n第二行"


def test_json_bodies_are_left_to_the_view(client, settings):
    """The webhook reads its raw body itself (here refused for its missing signature, not by the middleware)."""
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    response = client.post("/payments/webhooks/stripe/", b'{"id": "evt\\u0000"}', content_type="application/json")
    assert response.status_code == 400 and "signature" in response.json()["error"]


def test_a_saved_search_without_words_shows_in_the_django_admin(client, university_member):
    """Found by the fuzz: its __str__ returned a lazy translation, a TypeError (500) in the changelist."""
    SavedSearch.objects.create(user=university_member, query="")
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    response = client.get("/django-admin/marketsearch/savedsearch/")
    assert response.status_code == 200 and "(all listings)" in response.content.decode()


def test_an_impossible_year_in_the_payments_date_hierarchy_is_a_bad_lookup(client):
    """Found by the fuzz: Django's date hierarchy let an OverflowError through (500)."""
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    response = client.get("/django-admin/payments/payment/?created_at__year=2147483648")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
