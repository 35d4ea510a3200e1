"""Images and PDF attachments of a listing: type and size are checked from the file's content, not its name."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ..models import Listing, ListingAttachment, ListingImage
from ..permissions import can_manage_listing, is_operator, require
from ..workflow import record_event

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGES = 10
MAX_ATTACHMENTS = 10


def _require_manager(actor, listing: Listing) -> None:
    require(can_manage_listing(actor, listing) or is_operator(actor), _("You cannot change this listing."))


def _check_size(upload: UploadedFile, limit: int, field: str) -> None:
    if upload.size > limit:
        raise ValidationError({field: _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                               % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}})


def listing_image_add(*, listing: Listing, actor, image: UploadedFile, caption: str = "") -> ListingImage:
    _require_manager(actor, listing)
    if listing.images.count() >= MAX_IMAGES:
        raise ValidationError({"image": _("A listing can have at most %(n)d images.") % {"n": MAX_IMAGES}})
    _check_size(image, MAX_IMAGE_BYTES, "image")
    try:
        with Image.open(image) as picture:
            picture_format = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        picture_format = None
    if picture_format not in IMAGE_FORMATS:
        raise ValidationError({"image": _("Upload a JPEG, PNG, WebP or GIF image.")})
    image.seek(0)
    added = ListingImage.objects.create(listing=listing, image=image, caption=caption.strip()[:200],
                                        position=listing.images.count())
    record_event(listing, action="image_add", from_state=listing.status, to_state=listing.status, actor=actor,
                 data={"image": added.pk})
    return added


def listing_attachment_add(*, listing: Listing, actor, file: UploadedFile, title: str) -> ListingAttachment:
    _require_manager(actor, listing)
    if listing.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("A listing can have at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}})
    _check_size(file, MAX_PDF_BYTES, "file")
    if not file.name.lower().endswith(".pdf") or file.read(5) != b"%PDF-":
        raise ValidationError({"file": _("Upload a PDF file.")})
    file.seek(0)
    if not title.strip():
        raise ValidationError({"title": _("Give the attachment a title.")})
    added = ListingAttachment.objects.create(listing=listing, file=file, title=title.strip()[:200])
    record_event(listing, action="attachment_add", from_state=listing.status, to_state=listing.status,
                 actor=actor, data={"attachment": added.pk})
    return added


def listing_image_delete(*, image: ListingImage, actor) -> None:
    _media_delete(image, image.image, kind="image", actor=actor)


def listing_attachment_delete(*, attachment: ListingAttachment, actor) -> None:
    _media_delete(attachment, attachment.file, kind="attachment", actor=actor)


def _media_delete(item: ListingImage | ListingAttachment, file, *, kind: str, actor) -> None:
    listing = item.listing
    _require_manager(actor, listing)
    record_event(listing, action=f"{kind}_delete", from_state=listing.status, to_state=listing.status,
                 actor=actor, data={kind: item.pk})
    _delete_file_on_commit(file)
    item.delete()


def _delete_file_on_commit(field_file) -> None:
    """The stored file goes only once the row's deletion is committed."""
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))
