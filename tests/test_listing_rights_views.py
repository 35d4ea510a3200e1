"""The pages around listing a patent: the new-listing form's two options, the agency's mandate, moderation's
flags and files, the confirmation of irreversible actions, and a listing that is no longer available."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.models import Demand, Listing, ListingAttachment, ListingImage, Organisation
from marketplace.services import listings as svc

from .factories import (
    DemandFactory,
    ListingFactory,
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from .uploads import PDF, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in their English source text, in the services and on the pages."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

DETAILS = {"deal_types": ["assignment"], "price_negotiable": "on", "currency": "CNY", "sector": "new_energy"}
NEW_PATENT_FIELDS = ("publication_number", "applicants", "title_zh")


@pytest.fixture
def member_client(client, university_member, site_pages):
    client.force_login(university_member)
    return client


def tag(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_the_form_requires_no_field_of_the_option_not_chosen(member_client):
    page = member_client.get("/dashboard/listings/new/").content.decode()
    assert 'data-source="existing"' in page and 'data-source="new"' in page
    for name in ("publication_number", *(f"patent-{field}" for field in NEW_PATENT_FIELDS)):
        assert "required" not in tag(page, name), name
    assert 'name="mandate"' not in page  # a university lists its own patents only


def test_a_new_patent_option_left_empty_does_not_block_the_existing_patent(member_client, university):
    patent = PatentFactory(publication_number="CN1109268C", applicants=[university.name_zh])
    response = member_client.post("/dashboard/listings/new/", {
        "source": "existing", "publication_number": "CN1109268C", **DETAILS,
        **{f"patent-{field}": "" for field in NEW_PATENT_FIELDS}})
    assert response.status_code == 302 and Listing.objects.get().patent == patent


def test_the_new_patent_option_is_validated_only_when_chosen(member_client):
    response = member_client.post("/dashboard/listings/new/", {"source": "new", **DETAILS})
    errors = response.context["patent_form"].errors
    assert response.status_code == 200 and {"publication_number", "applicants"} <= set(errors)
    assert not response.context["source_form"].errors
    assert "The listing was not created" in response.content.decode()


def test_someone_elses_patent_is_refused_with_a_clear_message(member_client):
    PatentFactory(publication_number="CN1156923C", applicants=["中国石油化工股份有限公司"])
    response = member_client.post("/dashboard/listings/new/",
                                  {"source": "existing", "publication_number": "CN1156923C", **DETAILS})
    page = response.content.decode()
    assert response.status_code == 200 and not Listing.objects.exists()
    assert "is not an applicant of CN1156923C" in page and "中国石油化工股份有限公司" in page


def test_listing_a_patent_twice_is_refused_with_a_clear_message(member_client, university):
    patent = PatentFactory(publication_number="CN1109268C", applicants=[university.name_zh])
    ListingFactory(owner=university, patent=patent, title_zh="已有的挂牌")
    response = member_client.post("/dashboard/listings/new/",
                                  {"source": "existing", "publication_number": "CN1109268C", **DETAILS})
    assert response.status_code == 200 and Listing.objects.count() == 1
    assert "already has a listing of CN1109268C" in response.content.decode()


def test_an_agency_attaches_the_mandate_on_the_form(client, site_pages):
    agency = OrganisationFactory(name_zh="某运营公司", kind=Organisation.Kind.OPERATING_AGENCY)
    client.force_login(MembershipFactory(organisation=agency, user=UserFactory(username="agent")).user)
    PatentFactory(publication_number="CN1109268C", applicants=["北京测试大学"])
    assert 'name="mandate"' in client.get("/dashboard/listings/new/").content.decode()
    form = {"source": "existing", "publication_number": "CN1109268C", **DETAILS}
    refused = client.post("/dashboard/listings/new/", form)
    assert refused.context["mandate_form"].errors["mandate"] and not Listing.objects.exists()
    mandate = SimpleUploadedFile("委托书.pdf", PDF, content_type="application/pdf")
    created = client.post("/dashboard/listings/new/", {**form, "mandate": mandate})
    listing = Listing.objects.get()
    assert created.status_code == 302 and listing.mandate.file.read() == PDF
    assert listing.mandate.file.url in client.get(created["Location"]).content.decode()


def test_moderation_shows_flags_images_attachments_and_the_mandate(client, operator, university, site_pages):
    patent = PatentFactory(applicants=["别的大学"])
    listing = ListingFactory(owner=university, patent=patent, status=Listing.Status.SUBMITTED)
    PublishedListingFactory(owner=OrganisationFactory(name_en="Another Institute"), patent=patent)
    ListingImage.objects.create(listing=listing, caption="样品照片",
                                image=SimpleUploadedFile("a.png", image_bytes(), content_type="image/png"))
    ListingAttachment.objects.create(listing=listing, title="技术说明书",
                                     file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"))
    client.force_login(operator)
    page = client.get(f"/admin/listing-moderation/{listing.pk}/").content.decode()
    assert "flag-applicant_mismatch" in page and "别的大学" in page
    assert "flag-several_organisations" in page and "Another Institute" in page
    assert listing.images.get().image.url in page and "技术说明书" in page
    queue = client.get("/admin/listing-moderation/").content.decode()
    assert "flag-applicant_mismatch" in queue and "flag-several_organisations" in queue


@pytest.mark.parametrize("action, ended", [("withdraw", Listing.Status.WITHDRAWN),
                                           ("mark_transacted", Listing.Status.TRANSACTED)])
def test_an_irreversible_action_changes_nothing_until_confirmed(member_client, university, action, ended):
    listing = PublishedListingFactory(owner=university)
    first_click = member_client.post(f"/dashboard/listings/{listing.pk}/action/{action}/", {"next": "edit"})
    page = first_click.content.decode()
    assert first_click.status_code == 200 and 'name="confirmed" value="yes"' in page
    assert 'name="next" value="edit"' in page
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED
    confirmed = member_client.post(f"/dashboard/listings/{listing.pk}/action/{action}/",
                                   {"next": "edit", "confirmed": "yes"})
    assert confirmed.status_code == 302 and confirmed["Location"] == f"/dashboard/listings/{listing.pk}/"
    listing.refresh_from_db()
    assert listing.status == ended


def test_closing_a_demand_is_confirmed_first(member_client, university):
    demand = DemandFactory(organisation=university)
    assert member_client.post(f"/dashboard/demands/{demand.pk}/close/").status_code == 200
    assert Demand.objects.get(pk=demand.pk).status == Demand.Status.OPEN


@pytest.mark.parametrize("status", [Listing.Status.WITHDRAWN, Listing.Status.TRANSACTED, Listing.Status.EXPIRED])
def test_an_ended_listing_says_it_is_no_longer_available_and_offers_similar_ones(client, site_pages, status):
    gone = PublishedListingFactory(status=status, title_en="A patent no longer offered")
    similar = PublishedListingFactory(title_en="A similar patent")
    response = client.get(f"/listings/{gone.pk}/")
    page = response.content.decode()
    assert response.status_code == 410 and "No longer available" in page and "A patent no longer offered" in page
    assert "A similar patent" in page and f"/listings/{similar.pk}/" in page


def test_a_listing_never_published_stays_private_once_withdrawn(client, university, university_member,
                                                                 site_pages):
    listing = ListingFactory(owner=university, status=Listing.Status.SUBMITTED, title_zh="未公开的专利")
    svc.listing_withdraw(listing=listing, actor=university_member)
    assert client.get(f"/listings/{listing.pk}/").status_code == 404
    client.force_login(university_member)
    assert client.get(f"/listings/{listing.pk}/").status_code == 200  # its owner still sees it
