"""Edits of a published listing: material ones wait in one pending revision, reviewed by an operator."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.models import ListingImage, ListingRevision, Notification, RevisionImage
from marketplace.selectors.listing_revisions import (
    revision_diff,
    revision_get_pending,
    revision_proposed_values,
)
from marketplace.selectors.listings import listing_file_visible
from marketplace.services import listing_media, listings
from marketplace.services.listing_revisions import (
    RevisionStale,
    listing_revision_approve,
    listing_revision_reject,
    listing_revision_withdraw,
    revision_media_discard,
)
from marketplace.workflow import IllegalTransition, history

from .factories import ListingFactory, PublishedListingFactory, UserFactory
from .notices import read_notice
from .uploads import PDF, image_bytes

pytestmark = pytest.mark.django_db
R = ListingRevision.Status


def _png(name="photo.png"):
    return SimpleUploadedFile(name, image_bytes(), content_type="image/png")


@pytest.fixture
def published(university):
    return PublishedListingFactory(owner=university, title_zh="锂电池正极材料", asking_price=Decimal(500000))


def _edit(listing, member, **fields):
    return listings.listing_update(listing=listing, actor=member, **fields)


def test_material_edit_of_published_listing_waits_for_review(published, university_member,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _edit(published, university_member, title_zh="全场一元！加微信", asking_price=Decimal(1))
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料" and published.asking_price == Decimal(500000)
    assert not callbacks, "nothing public changed, so nothing is re-indexed"
    revision = revision_get_pending(listing=published)
    assert revision.changes == {"title_zh": "全场一元！加微信", "asking_price": "1"}
    assert list(history(revision).values_list("action", flat=True)) == ["propose", "edit"]


def test_non_material_edit_is_saved_at_once_and_material_part_is_held(published, university_member):
    _edit(published, university_member, trl=6, sector="new_energy", title_en="Cathode material")
    published.refresh_from_db()
    assert (published.trl, published.sector) == (6, "new_energy")
    assert published.title_en != "Cathode material"
    assert revision_get_pending(listing=published).changes == {"title_en": "Cathode material"}
    assert history(published).filter(action="edit").get().data == {"fields": ["sector", "trl"]}


def test_non_material_edit_alone_makes_no_revision(published, university_member):
    _edit(published, university_member, trl=4, title_zh=published.title_zh)
    assert not ListingRevision.objects.exists()


def test_edits_of_drafts_stay_direct(university, university_member):
    draft = ListingFactory(owner=university)
    _edit(draft, university_member, title_zh="新标题", asking_price=Decimal(1), deal_types=["assignment"])
    draft.refresh_from_db()
    assert draft.title_zh == "新标题" and list(draft.deal_types.values_list("code", flat=True)) == ["assignment"]
    assert not ListingRevision.objects.exists()


def test_keeps_one_revision_and_later_edits_replace_its_proposal(published, university_member):
    _edit(published, university_member, title_zh="第一稿", deal_types=["assignment"])
    _edit(published, university_member, title_zh="第二稿", deal_types=["non_exclusive_licence"])
    revision = ListingRevision.objects.get()
    assert revision.changes == {"title_zh": "第二稿"}, "deal types back to the approved ones drop out"
    assert revision.version == 3
    values = revision_proposed_values(listing=published, revision=revision, names=["title_zh", "asking_price"])
    assert values["title_zh"] == "第二稿" and values["asking_price"] == Decimal(500000)


def test_reverting_every_change_withdraws_the_revision(published, university_member):
    _edit(published, university_member, title_zh="第一稿")
    _edit(published, university_member, title_zh=published.title_zh)
    assert ListingRevision.objects.get().status == R.WITHDRAWN


def test_invalid_proposal_is_refused_and_nothing_kept(published, university_member):
    with pytest.raises(ValidationError) as error:
        _edit(published, university_member, asking_price=None, price_negotiable=False)
    assert "asking_price" in error.value.message_dict
    assert not ListingRevision.objects.exists()


def test_approve_applies_changes_and_media_atomically(published, university_member, operator,
                                                      django_capture_on_commit_callbacks):
    kept = ListingImage.objects.create(listing=published, image=_png())
    dropped = ListingImage.objects.create(listing=published, image=_png(), position=1)
    _edit(published, university_member, title_zh="新标题", price_negotiable=False, deal_types=["assignment"])
    listing_media.listing_image_add(listing=published, actor=university_member, image=_png(), caption="样品")
    listing_media.listing_attachment_add(listing=published, actor=university_member,
                                         file=SimpleUploadedFile("a.pdf", PDF), title="检测报告")
    listing_media.listing_image_delete(image=dropped, actor=university_member)
    assert set(published.images.all()) == {kept, dropped} and not published.attachments.exists()
    revision = revision_get_pending(listing=published)
    new_name = revision.added_images.get().image.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        listing_revision_approve(revision=revision, actor=operator, version=revision.version)
    assert callbacks, "re-indexing waits for the commit"
    published.refresh_from_db()
    assert published.title_zh == "新标题" and published.price_negotiable is False
    assert list(published.deal_types.values_list("code", flat=True)) == ["assignment"]
    assert [i.image.name for i in published.images.all()] == [kept.image.name, new_name]
    assert published.images.get(image=new_name).caption == "样品"
    assert published.attachments.get().title == "检测报告"
    assert not dropped.image.storage.exists(dropped.image.name)
    assert not RevisionImage.objects.exists()
    revision.refresh_from_db()
    assert revision.status == R.APPROVED and revision.decided_at
    event = history(published).get(action="revision_approve")
    assert event.actor == operator and set(event.data["fields"]) >= {"title_zh", "images", "attachments"}
    assert Notification.objects.filter(recipient=university_member, kind="listing_revision_approved").exists()


def test_proposed_files_are_private_until_approved(published, university_member, operator, buyer):
    added = listing_media.listing_image_add(listing=published, actor=university_member, image=_png())
    assert isinstance(added, RevisionImage)
    assert not listing_file_visible(name=added.image.name, user=buyer)
    assert listing_file_visible(name=added.image.name, user=university_member)
    assert listing_file_visible(name=added.image.name, user=operator)
    revision = revision_get_pending(listing=published)
    listing_revision_approve(revision=revision, actor=operator, version=revision.version)
    assert listing_file_visible(name=added.image.name, user=buyer)


def test_image_limit_counts_the_pending_changes(published, university_member):
    for _ in range(listing_media.MAX_IMAGES):
        listing_media.listing_image_add(listing=published, actor=university_member, image=_png())
    with pytest.raises(ValidationError):
        listing_media.listing_image_add(listing=published, actor=university_member, image=_png())


def test_reject_keeps_listing_and_tells_owner_in_their_language(published, university_member, operator,
                                                                  django_capture_on_commit_callbacks):
    university_member.preferred_language = "en"
    university_member.save()
    _edit(published, university_member, title_zh="广告")
    added = listing_media.listing_image_add(listing=published, actor=university_member, image=_png())
    revision = revision_get_pending(listing=published)
    with pytest.raises(ValueError):
        listing_revision_reject(revision=revision, actor=operator, version=revision.version, reason=" ")
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        listing_revision_reject(revision=revision, actor=operator, version=revision.version, reason="标题含广告")
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料"
    revision.refresh_from_db()
    assert revision.status == R.REJECTED and revision.moderation_note == "标题含广告"
    assert not added.image.storage.exists(added.image.name), "the proposed file is deleted"
    notice = Notification.objects.get(recipient=university_member, kind="listing_revision_rejected")
    text = read_notice(notice, "en")
    assert text["headline"].startswith("Changes not approved") and "标题含广告" in text["body"]
    assert history(revision).filter(action="reject", actor=operator, reason="标题含广告").exists()


def test_only_operators_decide_and_only_members_propose(published, university_member, buyer):
    _edit(published, university_member, title_zh="新标题")
    revision = revision_get_pending(listing=published)
    with pytest.raises(PermissionDenied):
        listing_revision_approve(revision=revision, actor=university_member, version=revision.version)
    with pytest.raises(PermissionDenied):
        listing_revision_withdraw(revision=revision, actor=buyer)
    with pytest.raises(PermissionDenied):
        _edit(published, buyer, title_zh="别人的")


def test_decision_on_an_older_version_is_refused(published, university_member, operator):
    _edit(published, university_member, title_zh="第一稿")
    revision = revision_get_pending(listing=published)
    reviewed = revision.version
    _edit(published, university_member, title_zh="第二稿（未审）")
    with pytest.raises(ValidationError):
        listing_revision_approve(revision=revision, actor=operator, version=reviewed)
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料"


def test_withdrawn_listing_makes_revision_stale_and_it_cannot_be_applied(published, university_member, operator):
    _edit(published, university_member, title_zh="新标题")
    revision = revision_get_pending(listing=published)
    listings.listing_withdraw(listing=published, actor=university_member)
    revision.refresh_from_db()
    assert revision.status == R.STALE
    with pytest.raises(RevisionStale) as error, translation.override("en"):
        listing_revision_approve(revision=revision, actor=operator, version=revision.version)
    assert "can no longer be applied" in error.value.messages[0]
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料"


def test_transacted_listing_makes_revision_stale(published, university_member, operator):
    _edit(published, university_member, asking_price=Decimal(1))
    listings.listing_mark_transacted(listing=published, actor=operator)
    revision = ListingRevision.objects.get()
    assert revision.status == R.STALE
    with pytest.raises(RevisionStale):
        listing_revision_reject(revision=revision, actor=operator, version=revision.version, reason="x")


def test_decided_revision_cannot_be_decided_again(published, university_member, operator):
    _edit(published, university_member, title_zh="新标题")
    revision = revision_get_pending(listing=published)
    listing_revision_approve(revision=revision, actor=operator, version=revision.version)
    with pytest.raises(IllegalTransition):
        listing_revision_reject(revision=revision, actor=operator, version=revision.version, reason="晚了")
    with pytest.raises(IllegalTransition):
        listing_revision_withdraw(revision=revision, actor=university_member)


def test_owner_withdraws_and_discards(published, university_member, django_capture_on_commit_callbacks):
    added = listing_media.listing_image_add(listing=published, actor=university_member, image=_png())
    _edit(published, university_member, title_zh="新标题")
    with django_capture_on_commit_callbacks(execute=True):
        revision_media_discard(item=added, actor=university_member)
    assert not added.image.storage.exists(added.image.name)
    revision = revision_get_pending(listing=published)
    assert revision.changes == {"title_zh": "新标题"}
    listing_revision_withdraw(revision=revision, actor=university_member)
    assert revision_get_pending(listing=published) is None
    published.refresh_from_db()
    assert published.title_zh == "锂电池正极材料"


def test_diff_shows_old_and_new_values(published, university_member):
    ListingImage.objects.create(listing=published, image=_png())
    _edit(published, university_member, title_zh="新标题", price_negotiable=False, deal_types=["assignment"])
    listing_media.listing_image_delete(image=published.images.get(), actor=university_member)
    with translation.override("en"):
        diff = revision_diff(revision=revision_get_pending(listing=published))
    rows = {change.label: (change.old, change.new) for change in diff.fields}
    assert rows["Title (chinese)"] == ("锂电池正极材料", "新标题")
    assert rows["Price negotiable"] == ("yes", "no")
    assert rows["Deal types"][1] == "Assignment"
    assert len(diff.images_removed) == 1 and diff.media_changed


def test_someone_else_cannot_see_anothers_proposed_file(published, university_member):
    added = listing_media.listing_image_add(listing=published, actor=university_member, image=_png())
    assert not listing_file_visible(name=added.image.name, user=UserFactory())
