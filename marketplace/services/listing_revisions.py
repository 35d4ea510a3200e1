"""Changes to a published listing go through review: the owner's material edits (titles, descriptions, price,
deal types, images, documents) collect in one pending ListingRevision while the approved version stays public;
an operator approves it (applied to the listing at once) or rejects it with a reason.

Lock order, everywhere: the listing's row, then the revision's. An operator decides the version they reviewed:
a decision on a revision the owner changed since is refused, so nothing unseen is published.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    DealType,
    Listing,
    ListingAttachment,
    ListingImage,
    ListingRevision,
    RevisionAttachment,
    RevisionImage,
)
from ..notices import notice_send
from ..permissions import can_manage_listing, is_operator, require
from ..selectors.organisations import organisation_member_ids
from ..signals import listing_changed
from ..workflow import IllegalTransition, Transition, Workflow, auto_now_fields, lock_row, record_event
from .common import delete_file_on_commit, send_on_commit

R = ListingRevision.Status
REVISION_WORKFLOW = Workflow(
    "status",
    {
        "approve": Transition(frozenset({R.PENDING}), R.APPROVED),
        "reject": Transition(frozenset({R.PENDING}), R.REJECTED, needs_reason=True),
        "withdraw": Transition(frozenset({R.PENDING}), R.WITHDRAWN),
        # The listing left the catalogue (withdrawn, transacted, expired) before anyone decided.
        "make_stale": Transition(frozenset({R.PENDING}), R.STALE),
    },
)
# Fields whose change on a published listing waits for review; deal types, images and documents too.
MATERIAL_FIELDS = ("title_zh", "title_en", "description_zh", "description_en", "asking_price", "currency",
                   "price_negotiable")
DEAL_TYPES = "deal_types"
MEDIA = {"image": ("images", "removed_images", "added_images"),
         "attachment": ("attachments", "removed_attachments", "added_attachments")}


class RevisionStale(ValidationError):
    """The listing is no longer published, so its pending changes cannot be applied."""


def stale_message() -> str:
    return _("The listing was withdrawn or closed after these changes were proposed: they can no longer be "
             "applied.")


def listing_material_changes(*, listing: Listing, fields: dict, deal_types: list[DealType] | None) -> dict:
    """The proposed values (JSON-ready) of the material fields in `fields` that differ from `listing`."""
    changes = {}
    for name in MATERIAL_FIELDS:
        if name in fields and fields[name] != getattr(listing, name):
            value = fields[name]
            changes[name] = None if value is None else value if isinstance(value, bool) else str(value)
    if deal_types is not None:
        codes = sorted(deal_type.code for deal_type in deal_types)
        if codes != sorted(listing.deal_types.values_list("code", flat=True)):
            changes[DEAL_TYPES] = codes
    return changes


def _pending(listing: Listing, *, actor=None, create: bool) -> ListingRevision | None:
    """The listing's pending revision, its row locked (the listing's must be already); a new one if `create`."""
    revision = ListingRevision.objects.select_for_update().filter(listing=listing, status=R.PENDING).first()
    if revision is None and create:
        revision = ListingRevision.objects.create(
            listing=listing, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        record_event(revision, action="propose", to_state=R.PENDING, actor=actor)
    return revision


def _is_empty(revision: ListingRevision) -> bool:
    return not (revision.changes or revision.removed_images.exists() or revision.removed_attachments.exists()
                or revision.added_images.exists() or revision.added_attachments.exists())


def _changed(revision: ListingRevision, *, actor, data: dict) -> None:
    """Audit a change to the proposal and raise its version; one that no longer proposes anything is
    withdrawn."""
    revision.version += 1
    revision.save(update_fields=["changes", "version", *auto_now_fields(revision)])
    record_event(revision, action="edit", from_state=R.PENDING, to_state=R.PENDING, actor=actor,
                 data={**data, "version": revision.version})
    if _is_empty(revision):
        _close(revision, "withdraw", actor=actor, data={"nothing_left": True})


def listing_revision_propose(*, listing: Listing, actor, changes: dict) -> ListingRevision | None:
    """Make `changes` (from listing_material_changes) the listing's pending proposal. Called by listing_update
    with the published listing's row locked; the fields not in `changes` are back to the approved version."""
    revision = _pending(listing, actor=actor, create=bool(changes))
    if revision is None or revision.changes == changes:
        return revision
    revision.changes = changes
    _changed(revision, actor=actor, data={"fields": sorted(changes)})
    return revision


def revision_media_count(listing: Listing, kind: str) -> int:
    """How many images (or documents) the listing will have once its pending revision, if any, is approved."""
    related, removed, added = MEDIA[kind]
    count = getattr(listing, related).count()
    revision = ListingRevision.objects.filter(listing=listing, status=R.PENDING).first()
    if revision is not None:
        count += getattr(revision, added).count() - getattr(revision, removed).count()
    return count


def revision_image_add(*, listing: Listing, actor, image: UploadedFile, caption: str) -> RevisionImage:
    """A new image for a published listing (its row locked by the caller): shown once the revision is approved."""
    revision = _pending(listing, actor=actor, create=True)
    added = RevisionImage.objects.create(revision=revision, image=image, caption=caption)
    _changed(revision, actor=actor, data={"image_add": added.pk})
    return added


def revision_attachment_add(*, listing: Listing, actor, file: UploadedFile, title: str) -> RevisionAttachment:
    revision = _pending(listing, actor=actor, create=True)
    added = RevisionAttachment.objects.create(revision=revision, file=file, title=title)
    _changed(revision, actor=actor, data={"attachment_add": added.pk})
    return added


def revision_media_remove(*, listing: Listing, item: ListingImage | ListingAttachment, kind: str, actor) -> None:
    """Propose removing a public image or document of a published listing (its row locked by the caller)."""
    revision = _pending(listing, actor=actor, create=True)
    removed = getattr(revision, MEDIA[kind][1])
    if removed.filter(pk=item.pk).exists():
        return
    removed.add(item)
    _changed(revision, actor=actor, data={f"{kind}_remove": item.pk})


def revision_media_discard(*, item: RevisionImage | RevisionAttachment, actor) -> None:
    """Drop a proposed new image or document before review (its file goes once that is committed)."""
    kind = "image" if isinstance(item, RevisionImage) else "attachment"
    require(can_manage_listing(actor, item.revision.listing), _("You cannot change this listing."))
    with transaction.atomic():
        lock_row(item.revision.listing)
        revision = lock_row(item.revision)
        if revision.status != R.PENDING:
            raise IllegalTransition(revision, "edit", revision.status)
        if not type(item).objects.filter(pk=item.pk).delete()[0]:
            return
        _delete_file_on_commit(item.image if kind == "image" else item.file)
        _changed(revision, actor=actor, data={f"{kind}_discard": item.pk})


def _delete_file_on_commit(file) -> None:
    delete_file_on_commit(file.storage, file.name)


def _close(revision: ListingRevision, action: str, *, actor, reason: str = "", data: dict | None = None
           ) -> ListingRevision:
    """End a revision without applying it: its proposed files are deleted."""
    revision = REVISION_WORKFLOW.apply(revision, action, actor=actor, reason=reason, data=data,
                                       timestamps=("decided_at",))
    for item in revision.added_images.all():
        _delete_file_on_commit(item.image)
    for item in revision.added_attachments.all():
        _delete_file_on_commit(item.file)
    revision.added_images.all().delete()
    revision.added_attachments.all().delete()
    return revision


def listing_revision_withdraw(*, revision: ListingRevision, actor) -> ListingRevision:
    """The owner takes back the proposed changes; the listing stays as approved."""
    require(can_manage_listing(actor, revision.listing), _("You cannot change this listing."))
    with transaction.atomic():
        lock_row(revision.listing)
        return _close(revision, "withdraw", actor=actor)


def listing_revisions_make_stale(*, listing: Listing, listing_action: str) -> None:
    """The listing left the catalogue by `listing_action` (called under its row lock): its pending changes can
    never apply."""
    revision = _pending(listing, create=False)
    if revision is not None:
        _close(revision, "make_stale", actor=None, data={"listing_action": listing_action})


def _locked_for_decision(revision: ListingRevision, action: str, version: int) -> tuple[Listing, ListingRevision]:
    listing = lock_row(revision.listing)
    revision = lock_row(revision)
    if revision.status == R.STALE or (revision.status == R.PENDING and listing.status != Listing.Status.PUBLISHED):
        raise RevisionStale(stale_message())
    if revision.status != R.PENDING:
        raise IllegalTransition(revision, action, revision.status)
    if revision.version != version:
        raise ValidationError(_("The owner changed these proposals while you were reviewing them: review them "
                                "again."))
    return listing, revision


def listing_revision_approve(*, revision: ListingRevision, actor, version: int, note: str = "") -> ListingRevision:
    """Apply the reviewed version of the proposal to the listing, in one transaction, and re-index it."""
    require(is_operator(actor), _("Only the operation centre can approve changes."))
    with transaction.atomic():
        listing, revision = _locked_for_decision(revision, "approve", version)
        revision = REVISION_WORKFLOW.apply(revision, "approve", actor=actor, reason=note,
                                           data={"version": version}, timestamps=("decided_at",))
        fields = _apply(revision, listing)
        record_event(listing, action="revision_approve", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={"revision": revision.pk, "fields": fields})
        send_on_commit(listing_changed, listing_ids=[listing.pk], action="edit")
        _notify_owner(revision, "listing_revision_approved")
    return revision


def _apply(revision: ListingRevision, listing: Listing) -> list[str]:
    """Write the proposal onto the locked listing; the names of what changed."""
    changes = dict(revision.changes)
    codes = changes.pop(DEAL_TYPES, None)
    for name, value in changes.items():
        setattr(listing, name, Listing._meta.get_field(name).to_python(value))
    listing.save(update_fields=[*changes, *auto_now_fields(listing)])
    if codes is not None:
        listing.deal_types.set(DealType.objects.filter(code__in=codes))
    fields = sorted([*changes, *([DEAL_TYPES] if codes is not None else [])])
    for kind, (related, removed, added) in MEDIA.items():
        for item in getattr(revision, removed).all():
            _delete_file_on_commit(item.image if kind == "image" else item.file)
        removed_count = getattr(listing, related).filter(pk__in=getattr(revision, removed).all()).delete()[0]
        new_items = list(getattr(revision, added).all())
        position = getattr(listing, related).count()  # new images go last
        for offset, item in enumerate(new_items):
            if kind == "image":
                ListingImage.objects.create(listing=listing, image=item.image.name, caption=item.caption,
                                            position=position + offset)
            else:
                ListingAttachment.objects.create(listing=listing, file=item.file.name, title=item.title)
        getattr(revision, added).all().delete()  # the rows only: their files now belong to the listing
        if removed_count or new_items:
            fields.append(related)
    return fields


def listing_revision_reject(*, revision: ListingRevision, actor, version: int, reason: str) -> ListingRevision:
    """Refuse the proposal; the owner is told why, in their language, and the listing stays as approved."""
    require(is_operator(actor), _("Only the operation centre can reject changes."))
    with transaction.atomic():
        revision = _locked_for_decision(revision, "reject", version)[1]
        revision = _close(revision, "reject", actor=actor, reason=reason)
        ListingRevision.objects.filter(pk=revision.pk).update(moderation_note=reason)
        revision.moderation_note = reason
        _notify_owner(revision, "listing_revision_rejected")
    return revision


def _notify_owner(revision: ListingRevision, kind: str) -> None:
    notice_send(kind=kind, params={"revision_id": revision.pk},
                recipient_ids=organisation_member_ids(revision.listing.owner_id))
