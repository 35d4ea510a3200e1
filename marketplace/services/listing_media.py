"""Images and PDF attachments of a listing: type and size are checked from the file's content, not its name,
which is not kept (the file is stored under a generated name, see marketplace/uploads.py).

On a published listing, adding or removing one is a proposed change (listing_revisions): the public page keeps
its files until an operator approves."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Listing, ListingAttachment, ListingImage
from ..permissions import can_manage_listing, is_operator, require
from ..uploads import validate_image, validate_pdf
from ..workflow import lock_row, record_event
from .common import delete_file_on_commit
from .listing_revisions import (
    revision_attachment_add,
    revision_image_add,
    revision_media_count,
    revision_media_remove,
)

# Both within settings.UPLOAD_MAX_BYTES, past which the upload handler stops storing a file (ipmarket/uploads.py).
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_IMAGES = 10
MAX_ATTACHMENTS = 10


def _require_manager(actor, listing: Listing) -> None:
    require(can_manage_listing(actor, listing) or is_operator(actor), _("You cannot change this listing."))


def upload_check(upload: UploadedFile, *, limit: int, validate, field: str) -> None:
    """The size first (an upload refused by the handler has no content to look at), then the content; errors go
    under `field`. Deal-room attachments are checked the same way (deals.attachment_services)."""
    try:
        if upload.size > limit:
            raise ValidationError(_("The file is %(size).1f MB; the limit is %(limit)d MB.")
                                  % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024})
        validate(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def listing_image_add(*, listing: Listing, actor, image: UploadedFile, caption: str = "") -> ListingImage:
    _require_manager(actor, listing)
    upload_check(image, limit=MAX_IMAGE_BYTES, validate=validate_image, field="image")
    with transaction.atomic():
        listing = _locked_with_room(listing, "image", MAX_IMAGES, _("A listing can have at most %(n)d images."))
        if listing.status == Listing.Status.PUBLISHED:
            return revision_image_add(listing=listing, actor=actor, image=image, caption=caption.strip()[:200])
        added = ListingImage.objects.create(listing=listing, image=image, caption=caption.strip()[:200],
                                            position=listing.images.count())
        record_event(listing, action="image_add", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={"image": added.pk})
    return added


def listing_attachment_add(*, listing: Listing, actor, file: UploadedFile, title: str) -> ListingAttachment:
    _require_manager(actor, listing)
    upload_check(file, limit=MAX_PDF_BYTES, validate=validate_pdf, field="file")
    if not title.strip():
        raise ValidationError({"title": _("Give the attachment a title.")})
    with transaction.atomic():
        listing = _locked_with_room(listing, "attachment", MAX_ATTACHMENTS,
                                    _("A listing can have at most %(n)d attachments."))
        if listing.status == Listing.Status.PUBLISHED:
            return revision_attachment_add(listing=listing, actor=actor, file=file, title=title.strip()[:200])
        added = ListingAttachment.objects.create(listing=listing, file=file, title=title.strip()[:200])
        record_event(listing, action="attachment_add", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={"attachment": added.pk})
    return added


def _locked_with_room(listing: Listing, kind: str, limit: int, message: str) -> Listing:
    """The listing's row, locked so that uploads at the same instant cannot both take its last free place
    (counting the changes awaiting review)."""
    listing = lock_row(listing)
    if revision_media_count(listing, kind) >= limit:
        raise ValidationError({"image" if kind == "image" else "file": message % {"n": limit}})
    return listing


def listing_image_delete(*, image: ListingImage, actor) -> None:
    _media_delete(image, image.image, kind="image", actor=actor)


def listing_attachment_delete(*, attachment: ListingAttachment, actor) -> None:
    _media_delete(attachment, attachment.file, kind="attachment", actor=actor)


def _media_delete(item: ListingImage | ListingAttachment, file, *, kind: str, actor) -> None:
    _require_manager(actor, item.listing)
    with transaction.atomic():
        listing = lock_row(item.listing)
        if listing.status == Listing.Status.PUBLISHED:  # the public file stays until the removal is approved
            if type(item).objects.filter(pk=item.pk).exists():
                revision_media_remove(listing=listing, item=item, kind=kind, actor=actor)
            return
        # Under the lock: a second deletion of the same file at the same instant finds nothing to delete.
        if not type(item).objects.filter(pk=item.pk).delete()[0]:
            return
        record_event(listing, action=f"{kind}_delete", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={kind: item.pk})
        delete_file_on_commit(file.storage, file.name)

