import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import ListingAttachment
from marketplace.services.listing_media import listing_attachment_add, listing_attachment_delete
from marketplace.workflow import history

from .factories import ListingFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
