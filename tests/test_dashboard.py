import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.models import AuditEvent, Demand, Listing, Patent

from .factories import DemandFactory, ListingFactory, MembershipFactory, OrganisationFactory, PatentFactory

pytestmark = pytest.mark.django_db

DETAILS = {"deal_types": ["assignment", "exclusive_licence"], "price_negotiable": "on", "currency": "CNY",
           "sector": "new_energy", "trl": "5"}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def member_client(client, university_member, site_pages):
    client.force_login(university_member)
    return client


def test_dashboard_needs_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_listing_for_existing_patent_then_submit(member_client, university):
    patent = PatentFactory(publication_number="CN1109268C", applicants=[university.name_zh])
    response = member_client.post("/dashboard/listings/new/",
                                  {"source": "existing", "publication_number": " cn1109268c ", **DETAILS})
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dashboard/listings/{listing.pk}/"
    assert listing.patent == patent and listing.owner == university and listing.status == Listing.Status.DRAFT
    assert sorted(listing.deal_types.values_list("code", flat=True)) == ["assignment", "exclusive_licence"]
    assert "submit" in member_client.get("/dashboard/").content.decode()
    member_client.post(f"/dashboard/listings/{listing.pk}/action/submit/")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="submit", object_id=str(listing.pk)).exists()


def test_unknown_patent_number_is_a_form_error_and_keeps_input(member_client):
    response = member_client.post("/dashboard/listings/new/",
                                  {"source": "existing", "publication_number": "CN0000000X", **DETAILS,
                                   "title_en": "kept title"})
    assert response.status_code == 200
    assert "publication_number" in response.context["source_form"].errors
    assert "kept title" in response.content.decode()
    assert not Listing.objects.exists()


def test_create_listing_with_a_new_patent_derives_its_facts(member_client, university):
    response = member_client.post("/dashboard/listings/new/", {
        "source": "new", "patent-publication_number": "CN105123456A", "patent-title_zh": "一种储氢合金",
        "patent-ipc_codes": "C22C19/00, H01M4/38", "patent-application_date": "2015-06-01", **DETAILS,
        "patent-applicants": f"某公司；{university.name_zh}",
    })
    assert response.status_code == 302
    patent = Patent.objects.get(publication_number="CN105123456A")
    assert (patent.patent_type, patent.legal_status, patent.ipc_class) == ("invention", "pending", "C22")
    assert str(patent.expiry_date) == "2035-06-01"
    assert Listing.objects.get().title_zh == "一种储氢合金"


def test_a_refused_listing_does_not_leave_a_new_patent_behind(member_client):
    response = member_client.post("/dashboard/listings/new/", {
        "source": "new", "patent-publication_number": "CN105123457A", "patent-title_zh": "一种储氢合金",
        "patent-ipc_codes": "not-an-ipc", "patent-applicants": "某公司", **DETAILS,
    })
    assert response.status_code == 200
    assert response.context["patent_form"].errors["ipc_codes"]
    assert not Patent.objects.exists()


def test_edit_listing_and_upload_image_and_pdf(member_client, university):
    listing = ListingFactory(owner=university)
    response = member_client.post(f"/dashboard/listings/{listing.pk}/", {
        **DETAILS, "title_zh": "新标题", "asking_price": "500000"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title_zh == "新标题" and listing.asking_price == 500000
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    assert member_client.post(f"/dashboard/listings/{listing.pk}/upload/image/",
                              {"image": image, "caption": "样品"}).status_code == 302
    pdf = SimpleUploadedFile("brochure.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert member_client.post(f"/dashboard/listings/{listing.pk}/upload/attachment/",
                              {"file": pdf, "title": "技术说明"}).status_code == 302
    assert listing.images.count() == 1 and listing.attachments.count() == 1


def test_bad_uploads_are_refused_with_clear_errors(member_client, university):
    listing = ListingFactory(owner=university)
    fake_png = SimpleUploadedFile("photo.png", b"not an image", content_type="image/png")
    response = member_client.post(f"/dashboard/listings/{listing.pk}/upload/image/", {"image": fake_png})
    assert response.status_code == 200 and response.context["image_form"].errors["image"]
    fake_pdf = SimpleUploadedFile("doc.pdf", b"hello", content_type="application/pdf")
    response = member_client.post(f"/dashboard/listings/{listing.pk}/upload/attachment/",
                                  {"file": fake_pdf, "title": "x"})
    assert response.status_code == 200 and response.context["attachment_form"].errors["file"]
    assert not listing.images.exists() and not listing.attachments.exists()


def test_another_organisations_user_cannot_see_or_change_a_listing(client, university, site_pages):
    listing = ListingFactory(owner=university)
    client.force_login(MembershipFactory().user)
    assert client.get(f"/dashboard/listings/{listing.pk}/").status_code == 404
    assert client.post(f"/dashboard/listings/{listing.pk}/action/submit/").status_code == 404
    assert client.post(f"/dashboard/listings/{listing.pk}/", DETAILS).status_code == 404
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_illegal_action_is_a_message_not_an_error(member_client, university):
    listing = ListingFactory(owner=university)
    response = member_client.post(f"/dashboard/listings/{listing.pk}/action/withdraw/", follow=True)
    assert response.status_code == 200
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.DRAFT
    assert list(response.context["messages"])


def test_user_with_several_organisations_picks_one(member_client, university_member):
    other = OrganisationFactory(name_zh="第二机构", slug="second")
    MembershipFactory(user=university_member, organisation=other)
    member_client.post("/dashboard/organisation/", {"organisation": "second"})
    assert member_client.get("/dashboard/").context["organisation"] == other
    member_client.post("/dashboard/listings/new/", {"source": "existing",
                                                   "publication_number": PatentFactory(applicants=["第二机构"]).publication_number,
                                                   **DETAILS})
    assert Listing.objects.get().owner == other


def test_post_and_close_a_demand(member_client, university):
    response = member_client.post("/dashboard/demands/new/", {
        "title": "寻找储能技术", "description": "需要低成本储能方案", "sector": "new_energy",
        "ipc_hints": "H01M, H02J", "deal_types": ["exclusive_licence"], "budget_min": "100000",
        "budget_max": "50000"})
    assert response.status_code == 200 and response.context["form"].errors["budget_max"]
    response = member_client.post("/dashboard/demands/new/", {
        "title": "寻找储能技术", "description": "需要低成本储能方案", "sector": "new_energy",
        "ipc_hints": "H01M, H02J", "deal_types": ["exclusive_licence"]})
    demand = Demand.objects.get()
    assert response.status_code == 302 and demand.ipc_hints == ["H01M", "H02J"]
    first_click = member_client.post(f"/dashboard/demands/{demand.pk}/close/")
    assert first_click.status_code == 200 and 'name="confirmed" value="yes"' in first_click.content.decode()
    demand.refresh_from_db()
    assert demand.status == Demand.Status.OPEN  # the first click only asks
    member_client.post(f"/dashboard/demands/{demand.pk}/close/", {"confirmed": "yes"})
    demand.refresh_from_db()
    assert demand.status == Demand.Status.CLOSED


def test_another_organisations_user_cannot_close_a_demand(client, site_pages):
    demand = DemandFactory()
    client.force_login(MembershipFactory().user)
    assert client.post(f"/dashboard/demands/{demand.pk}/close/").status_code == 404
