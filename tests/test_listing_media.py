import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.models import ListingAttachment
from marketplace.services.listing_media import listing_attachment_add, listing_attachment_delete, listing_image_add
from marketplace.workflow import history

from .factories import ListingFactory, UserFactory
from .uploads import PDF, SCRIPT, StreamedMultipart, bomb_png, gif_with_script, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_attachment_is_added_then_deleted_with_its_file_and_audited(university, university_member,
                                                                     django_capture_on_commit_callbacks):
    listing = ListingFactory(owner=university)
    attachment = listing_attachment_add(listing=listing, actor=university_member, title="技术说明",
                                        file=SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf"))
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with pytest.raises(PermissionDenied):
        listing_attachment_delete(attachment=attachment, actor=UserFactory(username="stranger"))
    with django_capture_on_commit_callbacks(execute=True):
        listing_attachment_delete(attachment=attachment, actor=university_member)
    assert not ListingAttachment.objects.exists() and not storage.exists(name)
    assert [e.action for e in history(listing)] == ["attachment_add", "attachment_delete"]


# Stored names: generated, with the extension of the detected type, never the client's.

GENERATED_NAME = r"listings/{folder}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}"


def test_gif_with_a_script_named_html_is_stored_as_gif_under_a_generated_name(university, university_member):
    listing = ListingFactory(owner=university)
    added = listing_image_add(listing=listing, actor=university_member,
                              image=SimpleUploadedFile("evil.html", gif_with_script(), content_type="text/html"))
    assert re.fullmatch(GENERATED_NAME.format(folder="images", extension="gif"), added.image.name)
    assert added.image.read() == gif_with_script()


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"),
                                                     ("GIF", "gif")])
def test_images_take_the_extension_of_their_format_whatever_they_are_called(university, university_member,
                                                                           image_format, extension):
    listing = ListingFactory(owner=university)
    added = listing_image_add(listing=listing, actor=university_member,
                              image=SimpleUploadedFile("photo.png.exe", image_bytes(image_format)))
    assert re.fullmatch(GENERATED_NAME.format(folder="images", extension=extension), added.image.name)


def test_attachment_is_stored_as_pdf_under_a_generated_name(university, university_member):
    listing = ListingFactory(owner=university)
    added = listing_attachment_add(listing=listing, actor=university_member, title="说明",
                                   file=SimpleUploadedFile("技术说明", PDF, content_type="text/html"))
    assert re.fullmatch(GENERATED_NAME.format(folder="attachments", extension="pdf"), added.file.name)


@pytest.mark.parametrize("content", [b"%PDF-1.4\n" + SCRIPT, b"%PDF-1.7\n<!DOCTYPE html><body>hi</body>",
                                     SCRIPT + PDF, b"PDF-1.4"])
def test_html_dressed_as_a_pdf_is_refused(university, university_member, content):
    listing = ListingFactory(owner=university)
    with pytest.raises(ValidationError) as refused:
        listing_attachment_add(listing=listing, actor=university_member, title="说明",
                               file=SimpleUploadedFile("spec.pdf", content, content_type="application/pdf"))
    assert refused.value.message_dict == {"file": ["Upload a PDF file."]}
    assert not listing.attachments.exists()


def test_an_image_above_the_pixel_cap_is_refused_before_pillow_would_warn(university, university_member):
    """48 megapixels: under Pillow's own bomb threshold, above the site's cap."""
    listing = ListingFactory(owner=university)
    with pytest.raises(ValidationError) as refused:
        listing_image_add(listing=listing, actor=university_member,
                          image=SimpleUploadedFile("big.png", bomb_png((8000, 6000))))
    assert refused.value.message_dict == {"image": ["The image has more than 40 megapixels; upload a smaller one."]}
    assert not listing.images.exists()


# Through the dashboard: hostile uploads get a form error, never a 500.

@pytest.fixture
def member_client(client, university_member, site_pages):
    client.force_login(university_member)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_decompression_bomb_gets_a_form_error(member_client, university):
    listing = ListingFactory(owner=university)
    response = member_client.post(f"/dashboard/listings/{listing.pk}/upload/image/",
                                  {"image": SimpleUploadedFile("bomb.png", bomb_png()), "caption": "炸弹"})
    assert response.status_code == 200
    assert response.context["image_form"].errors["image"] == [
        "The image has more than 40 megapixels; upload a smaller one."]
    assert not listing.images.exists()


@pytest.mark.parametrize("kind, field, size, message", [
    ("image", "image", 200 * 1024 * 1024, "The file is 200.0 MB; the limit is 5 MB."),
    ("attachment", "file", 21 * 1024 * 1024, "The file is 21.0 MB; the limit is 20 MB."),
])
def test_oversized_upload_is_refused_clearly_without_being_stored(member_client, university, settings, tmp_path,
                                                                  kind, field, size, message):
    """The body is streamed to the server; no more than UPLOAD_MAX_BYTES of it is ever written anywhere."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    listing = ListingFactory(owner=university)
    body = StreamedMultipart(field=field, file_name="huge.png", size=size, fields={"title": "大文件"},
                             watched_dir=tmp_path)
    response = member_client.request(**body.environ(f"/dashboard/listings/{listing.pk}/upload/{kind}/"))
    assert body.position == body.length  # read to its end, so the browser gets the answer
    assert response.status_code == 200
    assert response.context[f"{kind}_form"].errors[field] == [message]
    assert body.most_stored <= settings.UPLOAD_MAX_BYTES
    assert not listing.images.exists() and not listing.attachments.exists()
    assert not list(tmp_path.iterdir())


def test_a_file_declaring_a_size_over_the_cap_is_refused_without_storing_it(member_client, university, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # as for any upload over 2.5 MB: the capped handler takes it
    listing = ListingFactory(owner=university)
    body = (b'--B\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n'
            b"Content-Type: image/png\r\nContent-Length: 209715200\r\n\r\n" + image_bytes() + b"\r\n--B--\r\n")
    response = member_client.generic("POST", f"/dashboard/listings/{listing.pk}/upload/image/", body,
                                     content_type="multipart/form-data; boundary=B")
    assert response.context["image_form"].errors["image"] == ["The file is 200.0 MB; the limit is 5 MB."]
    assert not listing.images.exists()
