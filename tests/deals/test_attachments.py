"""Deal-room attachments: checked like listing uploads, stored under generated names with their message, shown
under it, and served only to the deal's two organisations and operators (404 for anyone else)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deals.models import DealAttachment
from deals.services import deal_message_post, deal_open_or_continue
from marketplace.models import Notification
from marketplace.services.listing_media import MAX_IMAGE_BYTES, MAX_PDF_BYTES
from marketplace.workflow import history

from ..factories import MembershipFactory, UserFactory
from ..uploads import PDF, SCRIPT, StreamedMultipart, image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def pdf(name="terms.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def deal(listing, buyer_org, buyer):
    return deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="想了解许可条件。")


def test_an_inquiry_carries_files_stored_under_generated_names(listing, buyer_org, buyer):
    png = SimpleUploadedFile("../../图 1.pdf", image_bytes("PNG"), content_type="application/pdf")
    deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="见附件",
                                 files=[pdf("需求说明.pdf"), png])
    first, second = deal.attachments.order_by("pk")
    assert (first.original_name, first.content_type, first.size, first.uploaded_by) == (
        "需求说明.pdf", "application/pdf", len(PDF), buyer)
    assert first.file.name.startswith("deals/attachments/") and first.file.name.endswith(".pdf")
    # An image is stored as what its content is, whatever its name and declared type say.
    assert (second.original_name, second.content_type) == ("图 1.pdf", "image/png")
    assert second.file.name.endswith(".png") and "图" not in second.file.name
    assert first.message == second.message == deal.messages.get() and not first.confidential


def test_one_audit_event_and_one_notification_per_message_however_many_files(deal, seller, buyer):
    notified = Notification.objects.filter(recipient=buyer).count()
    message = deal_message_post(deal=deal, author=seller, body="资料见附件",
                                files=[pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf")])
    event = history(deal).filter(action="message").last()
    assert event.data == {"message_id": message.pk, "side": "seller",
                          "attachment_ids": list(message.attachments.order_by("pk").values_list("pk", flat=True))}
    assert Notification.objects.filter(recipient=buyer).count() == notified + 1


@pytest.mark.parametrize("upload,expected", [
    (SimpleUploadedFile("empty.pdf", b""), "empty.pdf: The file is empty."),
    (SimpleUploadedFile("page.pdf", SCRIPT), "page.pdf: Attach PDF files or JPEG, PNG, WebP or GIF images."),
    (SimpleUploadedFile("notes.docx", b"PK\x03\x04 word"), "notes.docx: Attach PDF files or JPEG, PNG"),
    (SimpleUploadedFile("big.pdf", PDF + b"0" * MAX_PDF_BYTES), "big.pdf: The file is 20.0 MB; the limit is 20 MB."),
    (SimpleUploadedFile("big.png", image_bytes("PNG") + b"0" * MAX_IMAGE_BYTES),
     "big.png: The file is 5.0 MB; the limit is 5 MB."),
])
def test_bad_files_are_refused_with_their_name_and_nothing_is_posted(deal, seller, upload, expected):
    with pytest.raises(Exception) as caught:
        deal_message_post(deal=deal, author=seller, body="见附件", files=[pdf("fine.pdf"), upload])
    assert expected in " ".join(caught.value.message_dict["files"])
    assert deal.messages.count() == 1 and not DealAttachment.objects.exists()


def test_at_most_five_files_per_message(deal, seller):
    with pytest.raises(Exception) as caught:
        deal_message_post(deal=deal, author=seller, body="多个附件", files=[pdf(f"{n}.pdf") for n in range(6)])
    assert caught.value.message_dict["files"] == ["Attach at most 5 files to one message."]


def test_only_the_owners_side_marks_files_confidential(deal, buyer, operator, seller):
    for author in (buyer, operator):
        with pytest.raises(Exception) as caught:
            deal_message_post(deal=deal, author=author, body="机密", files=[pdf()], confidential=True)
        assert caught.value.message_dict["confidential"] == ["Only the listing owner's side marks files confidential."]
    message = deal_message_post(deal=deal, author=seller, body="机密资料", files=[pdf()], confidential=True)
    assert message.attachments.get().confidential


def test_files_are_shown_under_their_message_with_name_size_and_link(client, deal, seller, buyer):
    message = deal_message_post(deal=deal, author=seller, body="资料", files=[pdf("技术方案.pdf")])
    attachment = message.attachments.get()
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert f'href="{attachment.file.url}"' in page and "技术方案.pdf" in page and f"{len(PDF)}" in page
    assert client.get(attachment.file.url).status_code == 200


def test_files_are_served_to_both_parties_and_operators_only(client, deal, seller, buyer, operator, outsider):
    attachment = deal_message_post(deal=deal, author=seller, body="资料", files=[pdf()]).attachments.get()
    url = attachment.file.url
    for user in (seller, buyer, operator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf" and "private" in response["Cache-Control"]
    client.force_login(outsider)  # a member of another organisation
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404  # anonymous, guessing the URL
    assert client.get(url.replace(".pdf", ".png")).status_code == 404


def test_a_member_of_another_organisation_of_a_party_still_gets_404_once_removed(client, deal, seller, buyer_org):
    """Access follows current membership: whoever leaves the buyer no longer gets its files."""
    attachment = deal_message_post(deal=deal, author=seller, body="资料", files=[pdf()]).attachments.get()
    leaver = MembershipFactory(organisation=buyer_org, user=UserFactory(username="leaver"))
    client.force_login(leaver.user)
    assert client.get(attachment.file.url).status_code == 200
    leaver.delete()
    assert client.get(attachment.file.url).status_code == 404


def test_a_reply_with_files_through_the_room(client, deal, seller):
    client.force_login(seller)
    response = client.post(reverse("deals:room", args=[deal.pk]),
                           {"body": "请看附件", "files": [pdf("a.pdf"), pdf("b.pdf")], "confidential": "on"})
    assert response.status_code == 302
    message = deal.messages.last()
    assert sorted(message.attachments.values_list("original_name", "confidential")) == [("a.pdf", True),
                                                                                         ("b.pdf", True)]


def test_a_refused_file_keeps_the_typed_message_in_the_form(client, deal, seller):
    client.force_login(seller)
    response = client.post(reverse("deals:room", args=[deal.pk]),
                           {"body": "这段话很长，不能丢。", "files": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "x.exe: Attach PDF files or JPEG, PNG, WebP or GIF images." in page
    assert "这段话很长，不能丢。" in page and deal.messages.count() == 1


def test_an_oversized_upload_is_refused_clearly_by_the_room(client, deal, seller, settings, tmp_path):
    """Streamed past the cap: the handler stores no more than UPLOAD_MAX_BYTES, the form says why."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(seller)
    body = StreamedMultipart(field="files", file_name="huge.pdf", size=21 * 1024 * 1024,
                             fields={"body": "大文件，请查收"}, watched_dir=tmp_path)
    response = client.request(**body.environ(reverse("deals:room", args=[deal.pk])))
    page = response.content.decode()
    assert response.status_code == 400 and "huge.pdf: The file is 21.0 MB; the limit is 20 MB." in page
    assert "大文件，请查收" in page and body.most_stored <= settings.UPLOAD_MAX_BYTES
    assert deal.messages.count() == 1 and not DealAttachment.objects.exists()


def test_the_inquiry_form_takes_files(client, listing, buyer):
    client.force_login(buyer)
    response = client.post(reverse("deals:inquire", args=[listing.pk]),
                           {"body": "询价，附需求书", "files": [pdf("需求书.pdf")]})
    assert response.status_code == 302
    assert DealAttachment.objects.get().original_name == "需求书.pdf"


def test_the_confidential_box_is_offered_only_to_the_owners_side(client, deal, seller, buyer, operator):
    for user, shown in ((seller, True), (buyer, False), (operator, False)):
        client.force_login(user)
        page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
        assert ('name="confidential"' in page) == shown
