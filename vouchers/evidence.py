"""Files that come with vouchers (accreditation papers, deliverables, contracts, proofs of payment): PDF or
image, judged by content like every upload here, renamed to the extension their content has."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from marketplace.services.listing_media import MAX_PDF_BYTES, upload_check
from marketplace.uploads import image_extension, validate_pdf


def _pdf_or_image(upload: UploadedFile) -> None:
    upload.checked_extension = "pdf"
    try:
        validate_pdf(upload)
    except ValidationError:
        try:
            upload.checked_extension = image_extension(upload)
        except ValidationError:
            raise ValidationError(_("Upload a PDF or an image (JPEG, PNG, WebP).")) from None
        if upload.checked_extension == "gif":
            raise ValidationError(_("Upload a PDF or an image (JPEG, PNG, WebP).")) from None


def evidence_check(upload: UploadedFile | None, *, field: str) -> UploadedFile:
    """The upload, checked and named `<field>.<ext>` by its content; a ValidationError on `field` otherwise."""
    if not upload:
        raise ValidationError({field: _("Attach the file.")})
    upload_check(upload, limit=MAX_PDF_BYTES, validate=_pdf_or_image, field=field)
    upload.original_name = posixpath.basename(upload.name or "")[:200]
    upload.name = f"{field}.{upload.checked_extension}"
    return upload
