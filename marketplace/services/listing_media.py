"""Images and PDF attachments of a listing: type and size are checked from the file's content, not its name,
which is not kept (the file is stored under a generated name, see marketplace/uploads.py)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Listing, ListingAttachment, ListingImage
from ..permissions import can_manage_listing, is_operator, require
from ..uploads import validate_image, validate_pdf
from ..workflow import lock_row, record_event

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
        listing = _locked_with_room(listing, "images", MAX_IMAGES, "image",
                                    _("A listing can have at most %(n)d images."))
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
        listing = _locked_with_room(listing, "attachments", MAX_ATTACHMENTS, "file",
                                    _("A listing can have at most %(n)d attachments."))
        added = ListingAttachment.objects.create(listing=listing, file=file, title=title.strip()[:200])
        record_event(listing, action="attachment_add", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={"attachment": added.pk})
    return added


def _locked_with_room(listing: Listing, related: str, limit: int, field: str, message: str) -> Listing:
    """The listing's row, locked so that uploads at the same instant cannot both take its last free place."""
    listing = lock_row(listing)
    if getattr(listing, related).count() >= limit:
        raise ValidationError({field: message % {"n": limit}})
    return listing


def listing_image_delete(*, image: ListingImage, actor) -> None:
    _media_delete(image, image.image, kind="image", actor=actor)


def listing_attachment_delete(*, attachment: ListingAttachment, actor) -> None:
    _media_delete(attachment, attachment.file, kind="attachment", actor=actor)


def _media_delete(item: ListingImage | ListingAttachment, file, *, kind: str, actor) -> None:
    _require_manager(actor, item.listing)
    with transaction.atomic():
        listing = lock_row(item.listing)
        # Under the lock: a second deletion of the same file at the same instant finds nothing to delete.
        if not type(item).objects.filter(pk=item.pk).delete()[0]:
            return
        record_event(listing, action=f"{kind}_delete", from_state=listing.status, to_state=listing.status,
                     actor=actor, data={kind: item.pk})
        delete_file_on_commit(file.storage, file.name)


def delete_file_on_commit(storage, name: str) -> None:
    """The stored file goes only once the change that dropped it is committed (an organisation's replaced
    logo too)."""
    transaction.on_commit(lambda: storage.delete(name))
