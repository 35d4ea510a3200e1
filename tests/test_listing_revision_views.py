"""The owner's and the operator's pages for changes to a published listing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.links import listing_url
from marketplace.models import ListingRevision
from marketplace.services.listings import listing_withdraw

from .factories import PublishedListingFactory
from .uploads import PDF, image_bytes

pytestmark = pytest.mark.django_db
R = ListingRevision.Status


@pytest.fixture
def published(university):
    return PublishedListingFactory(owner=university, title_zh="锂电池正极材料", asking_price=Decimal(500000),
                                   price_negotiable=False)


def _form(listing, **changes) -> dict:
    data = {"title_zh": listing.title_zh, "title_en": listing.title_en, "description_zh": listing.description_zh,
            "description_en": listing.description_en, "asking_price": str(listing.asking_price or ""),
            "currency": listing.currency, "sector": listing.sector, "trl": "",
            "deal_types": list(listing.deal_types.values_list("code", flat=True))}
    if listing.price_negotiable:
        data["price_negotiable"] = "on"
    return {**data, **changes}


def _owner_proposes(client, member, listing, **changes):
    client.force_login(member)
    return client.post(f"/dashboard/listings/{listing.pk}/", _form(listing, **changes), follow=True)


def test_owner_edit_waits_for_review_and_public_page_keeps_old_title(client, university_member, published,
                                                                     site_pages):
    page = _owner_proposes(client, university_member, published, title_zh="全场一元", asking_price="1")
    html = page.content.decode()
    assert "等待审核的修改" in html
    assert "全场一元" in html, "the form and the diff show the pending proposal"
    assert "等待审核的修改" in client.get("/dashboard/").content.decode()
    client.logout()
    public = client.get(listing_url(published)).content.decode()
    assert "锂电池正极材料" in public and "全场一元" not in public


def test_owner_withdraws_pending_changes(client, university_member, published):
    _owner_proposes(client, university_member, published, title_zh="新标题")
    response = client.post(f"/dashboard/listings/{published.pk}/changes/withdraw/")
    assert response.status_code == 302
    assert ListingRevision.objects.get().status == R.WITHDRAWN
    again = client.post(f"/dashboard/listings/{published.pk}/changes/withdraw/", follow=True)
    assert again.status_code == 200 and ListingRevision.objects.count() == 1


def test_owner_uploads_an_image_that_stays_private_until_approved(client, university_member, published, buyer):
    client.force_login(university_member)
    client.post(f"/dashboard/listings/{published.pk}/upload/image/",
                {"image": SimpleUploadedFile("p.png", image_bytes(), content_type="image/png"), "caption": "样品"})
    revision = ListingRevision.objects.get()
    added = revision.added_images.get()
    assert not published.images.exists()
    assert client.get(f"/media/{added.image.name}").status_code == 200
    client.force_login(buyer)
    assert client.get(f"/media/{added.image.name}").status_code in (403, 404)
    client.force_login(university_member)
    assert client.post(f"/dashboard/listings/{published.pk}/changes/image/{added.pk}/discard/").status_code == 302
    revision.refresh_from_db()
    assert revision.status == R.WITHDRAWN, "nothing left to review"


def test_operator_sees_diff_and_approves(client, university_member, operator, published, site_pages):
    _owner_proposes(client, university_member, published, title_zh="锂电池正极材料（改进型）")
    client.post(f"/dashboard/listings/{published.pk}/upload/attachment/",
                {"file": SimpleUploadedFile("r.pdf", PDF), "title": "检测报告"})
    revision = ListingRevision.objects.get()
    attachment = revision.added_attachments.get()
    client.force_login(operator)
    queue = client.get("/admin/listing-moderation/").content.decode()
    assert f"/admin/listing-moderation/changes/{revision.pk}/" in queue
    page = client.get(f"/admin/listing-moderation/changes/{revision.pk}/").content.decode()
    assert "<del>锂电池正极材料</del>" in page and "<ins>锂电池正极材料（改进型）</ins>" in page
    assert attachment.file.url in page and "检测报告" in page
    response = client.post(f"/admin/listing-moderation/changes/{revision.pk}/",
                           {"decision": "approve", "version": revision.version})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料（改进型）"
    assert published.attachments.get().file.name == attachment.file.name


def test_operator_rejects_with_reason_only(client, university_member, operator, published):
    _owner_proposes(client, university_member, published, asking_price="1")
    revision = ListingRevision.objects.get()
    client.force_login(operator)
    url = f"/admin/listing-moderation/changes/{revision.pk}/"
    assert client.post(url, {"decision": "reject", "version": revision.version, "reason": " "}).status_code == 200
    client.post(url, {"decision": "reject", "version": revision.version, "reason": "价格不实"})
    revision.refresh_from_db()
    assert revision.status == R.REJECTED
    client.force_login(university_member)
    page = client.get(f"/dashboard/listings/{published.pk}/").content.decode()
    assert "价格不实" in page


def test_operator_approving_an_outdated_version_is_told_to_review_again(client, university_member, operator,
                                                                         published):
    _owner_proposes(client, university_member, published, title_zh="第一稿")
    revision = ListingRevision.objects.get()
    seen = revision.version
    _owner_proposes(client, university_member, published, title_zh="第二稿")
    client.force_login(operator)
    page = client.post(f"/admin/listing-moderation/changes/{revision.pk}/",
                       {"decision": "approve", "version": seen}, follow=True).content.decode()
    assert "第二稿" in page, "back on the review page, showing the new version"
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料"


def test_stale_revision_gets_a_clear_message(client, university_member, operator, published):
    _owner_proposes(client, university_member, published, title_zh="新标题")
    revision = ListingRevision.objects.get()
    listing_withdraw(listing=published, actor=university_member)
    client.force_login(operator)
    page = client.post(f"/admin/listing-moderation/changes/{revision.pk}/",
                       {"decision": "approve", "version": revision.version}, follow=True).content.decode()
    assert "这些修改无法再应用" in page
