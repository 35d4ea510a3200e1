"""What an uploaded file really is, judged from its content, and the generated name it is stored under.

The client's file name and declared type are never trusted: an image is stored with the extension of the format
Pillow reads from its header, a PDF as `.pdf`, each under a random name in a dated folder. The media view serves
files by that extension (`ipmarket/media.py`), so a stored name is also the promise of what the file is.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

# Pillow's format name -> the extension the file is stored with. MPO is what Pillow calls many cameras' JPEGs.
# The type each stored file is served as, by the extension its generated name was given.
CONTENT_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
    ".pdf": "application/pdf",
}
IMAGE_EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Width × height read from the header; above it the image could be a decompression bomb (a few KB that decode
# to gigabytes), whoever decodes it later (a thumbnailer, a browser).
MAX_IMAGE_PIXELS = 40_000_000
PDF_MAGIC = b"%PDF-"
# Markup that a browser sniffing content could take for a page; a real PDF has none in its first kilobyte.
HTML_MARKERS = (b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<!doctype")
SNIFFED_BYTES = 1024


def image_extension(file) -> str:
    """The extension (jpg, png, webp, gif) of the image in `file`, from its header. The file is checked whole
    (Pillow's verify) but never decoded, and refused above MAX_IMAGE_PIXELS before anything else is read."""
    too_many_pixels = False
    image_format = None
    file.seek(0)
    try:
        with Image.open(file) as picture:
            too_many_pixels = picture.width * picture.height > MAX_IMAGE_PIXELS
            if not too_many_pixels:
                image_format = picture.format
                picture.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        too_many_pixels = True
    except Exception:  # noqa: BLE001 - a malformed file makes Pillow's parsers raise almost anything
        image_format = None
    finally:
        file.seek(0)
    if too_many_pixels:
        raise ValidationError(_("The image has more than %(limit)d megapixels; upload a smaller one.")
                              % {"limit": MAX_IMAGE_PIXELS // 1_000_000}, code="too_many_pixels")
    if image_format not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="not_an_image")
    return IMAGE_EXTENSIONS[image_format]


def validate_image(file) -> None:
    image_extension(file)


def validate_pdf(file) -> None:
    """A PDF starts with its magic bytes, and carries no HTML a browser could render as a page."""
    file.seek(0)
    head = file.read(SNIFFED_BYTES)
    file.seek(0)
    if not head.startswith(PDF_MAGIC) or any(marker in head.lower() for marker in HTML_MARKERS):
        raise ValidationError(_("Upload a PDF file."), code="not_a_pdf")


def listing_image_upload_to(instance, filename: str) -> str:
    return generated_name("listings/images", image_extension(instance.image.file))


def organisation_logo_upload_to(instance, filename: str) -> str:
    return generated_name("organisations/logos", image_extension(instance.logo.file))


def listing_attachment_upload_to(instance, filename: str) -> str:
    return generated_name("listings/attachments", "pdf")


def listing_mandate_upload_to(instance, filename: str) -> str:
    return generated_name("mandates", "pdf")


def generated_name(folder: str, extension: str) -> str:
    """A random name in this month's subfolder of `folder`; nothing of the client's file name survives."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
