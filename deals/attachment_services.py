"""Files posted with deal-room messages: checked like listing uploads (size first, then the type read from the
content; never the client's name or declared type), stored under generated names with the message that carries
them (deals.services._post)."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from marketplace.services.listing_media import MAX_IMAGE_BYTES, MAX_PDF_BYTES, upload_check
from marketplace.uploads import CONTENT_TYPES, image_extension, validate_pdf

from .models import DealAttachment, DealMessage
from .models.attachments import ORIGINAL_NAME_MAX_LENGTH

MAX_FILES_PER_MESSAGE = 5
PDF = "application/pdf"
FIELD = "files"


def _pdf_or_image(file) -> None:
    try:
        validate_pdf(file)
    except ValidationError:
        try:
            image_extension(file)
        except ValidationError as error:
            if error.code == "too_many_pixels":
                raise
            raise ValidationError(_("Attach PDF files or JPEG, PNG, WebP or GIF images.")) from None


def _content_type(upload: UploadedFile) -> str:
    """What the file is, from its content, within the size cap of its kind (the PDF cap is the larger one, so
    an upload the handler refused for its size is refused here before its missing content is read)."""
    upload_check(upload, limit=MAX_PDF_BYTES, validate=_pdf_or_image, field=FIELD)
    try:
        validate_pdf(upload)
        return PDF
    except ValidationError:
        upload_check(upload, limit=MAX_IMAGE_BYTES, validate=image_extension, field=FIELD)
        return CONTENT_TYPES["." + image_extension(upload)]


def _original_name(upload: UploadedFile) -> str:
    name = posixpath.basename((upload.name or "").replace("\\", "/")).strip()
    return (name or _("file"))[-ORIGINAL_NAME_MAX_LENGTH:]


def attachments_check(files) -> list[tuple[UploadedFile, str]]:
    """Each upload with its detected content type; a ValidationError on `files` naming every file refused, so
    the sender knows which to fix (the message itself is kept by the form)."""
    files = list(files)
    if len(files) > MAX_FILES_PER_MESSAGE:
        raise ValidationError({FIELD: _("Attach at most %(n)d files to one message.") % {"n": MAX_FILES_PER_MESSAGE}})
    checked, errors = [], []
    for upload in files:
        try:
            if not upload.size:
                raise ValidationError({FIELD: _("The file is empty.")})
            checked.append((upload, _content_type(upload)))
        except ValidationError as error:
            errors += [f"{_original_name(upload)}: {message}" for message in error.messages]
    if errors:
        raise ValidationError({FIELD: errors})
    return checked


def attachments_store(*, message: DealMessage, checked: list[tuple[UploadedFile, str]], author,
                      confidential: bool) -> list[DealAttachment]:
    """Store checked uploads with `message` (inside its transaction: a refused message keeps no file rows)."""
    return [
        DealAttachment.objects.create(
            deal=message.deal, message=message, file=upload, original_name=_original_name(upload),
            size=upload.size, content_type=content_type, confidential=confidential, uploaded_by=author,
        )
        for upload, content_type in checked
    ]
