"""Disputes: who opens one and when, evidence checks and its private files, the centre's mediation, withdrawal,
notifications to both sides, the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from licences.disputes import (
    dispute_evidence_add, dispute_mediate, dispute_note_add, dispute_open, dispute_resolve, dispute_withdraw,
)
from licences.models import Dispute
from marketplace.models import Notification
from marketplace.workflow import IllegalTransition, history

from ..uploads import PDF, gif_with_script, image_bytes

pytestmark = pytest.mark.django_db


def _pdf(name="contract.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def dispute(licence, licensee_user):
    return dispute_open(deal=licence.deal, actor=licensee_user, reason="版税报告被拒绝", evidence=[(_pdf(), "合同")])


def test_a_party_opens_a_dispute_with_evidence_and_both_sides_are_notified(licensor_user, licensee_colleague,
                                                                            dispute):
    assert dispute.status == Dispute.Status.OPEN and dispute.opened_for == dispute.deal.buyer
    assert dispute.licence == dispute.deal.licence
    evidence = dispute.evidence.get()
    assert evidence.file.name.startswith("disputes/evidence/") and evidence.file.name.endswith(".pdf")
    assert [e.action for e in history(dispute)] == ["open", "evidence"]
    notified = set(Notification.objects.filter(kind="dispute").values_list("recipient__username", flat=True))
    assert notified == {"licensor", "licensee2"}  # both parties' members, not the opener


def test_a_dispute_needs_an_agreement_and_a_party(licence, licensee_user, outsider, operator):
    with pytest.raises(PermissionDenied):
        dispute_open(deal=licence.deal, actor=outsider, reason="x")
    with pytest.raises(PermissionDenied):
        dispute_open(deal=licence.deal, actor=operator, reason="x")
    with pytest.raises(ValidationError, match="Say what"):
        dispute_open(deal=licence.deal, actor=licensee_user, reason="  ")
    assert not Dispute.objects.exists()


def test_no_dispute_before_an_agreement(licensee_user, licence):
    from deals.models import Deal
    from django.utils import timezone

    from ..factories import PublishedListingFactory

    deal = Deal.objects.create(listing=PublishedListingFactory(owner=licence.licensor), buyer=licence.licensee,
                               seller=licence.licensor, last_message_at=timezone.now())
    with pytest.raises(ValidationError, match="once the deal has an agreement"):
        dispute_open(deal=deal, actor=licensee_user, reason="x")


def test_one_live_dispute_per_deal(dispute, licensor_user):
    with pytest.raises(ValidationError, match="already being handled"):
        dispute_open(deal=dispute.deal, actor=licensor_user, reason="我方也有异议")


@pytest.mark.parametrize("content", [b"not a file", gif_with_script()[:20], b"<html><script>x</script>"])
def test_evidence_must_be_a_pdf_or_an_image(dispute, licensor_user, content):
    with pytest.raises(ValidationError) as error:
        dispute_evidence_add(dispute=dispute, actor=licensor_user,
                             file=SimpleUploadedFile("x.pdf", content), title="x")
    assert "file" in error.value.message_dict
    assert dispute.evidence.count() == 1


def test_evidence_files_are_private(client, dispute, licensor_user, outsider, operator):
    image = dispute_evidence_add(dispute=dispute, actor=licensor_user,
                                 file=SimpleUploadedFile("p.png", image_bytes()), title="照片")
    assert image.file.name.endswith(".png") and image.submitted_for == dispute.deal.seller
    for item in dispute.evidence.all():
        url = f"/media/{item.file.name}"
        assert client.get(url).status_code == 404
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        for user in (licensor_user, operator):
            client.force_login(user)
            assert client.get(url).status_code == 200
        client.logout()


def test_the_centre_mediates_notes_and_resolves(dispute, operator, licensee_user):
    with pytest.raises(PermissionDenied):
        dispute_mediate(dispute=dispute, actor=licensee_user)
    dispute = dispute_mediate(dispute=dispute, actor=operator)
    assert dispute.status == Dispute.Status.MEDIATING
    with pytest.raises(PermissionDenied):
        dispute_note_add(dispute=dispute, actor=licensee_user, body="x")
    dispute_note_add(dispute=dispute, actor=operator, body="双方同意调解")
    with pytest.raises(ValidationError) as error:
        dispute_resolve(dispute=dispute, actor=operator, outcome="bogus", text="x")
    assert "outcome" in error.value.message_dict
    dispute = dispute_resolve(dispute=dispute, actor=operator, outcome="refund_agreed", text="退还50%入门费")
    assert (dispute.status, dispute.outcome, dispute.outcome_text) == ("resolved", "refund_agreed", "退还50%入门费")
    assert dispute.closed_at
    with pytest.raises(IllegalTransition):
        dispute_withdraw(dispute=dispute, actor=licensee_user)
    with pytest.raises(ValidationError, match="closed"):
        dispute_note_add(dispute=dispute, actor=operator, body="late")
    assert [e.action for e in history(dispute)] == ["open", "evidence", "mediate", "note", "resolve"]


def test_only_the_opener_withdraws(licensor_user, licensee_colleague, dispute):
    with pytest.raises(PermissionDenied):
        dispute_withdraw(dispute=dispute, actor=licensor_user)
    dispute = dispute_withdraw(dispute=dispute, actor=licensee_colleague)
    assert dispute.status == Dispute.Status.WITHDRAWN
    # A new dispute may be opened once the last one is closed.
    assert dispute_open(deal=dispute.deal, actor=licensor_user, reason="新的问题").status == "open"


def test_pages(client, licence, licensee_user, licensor_user, outsider, operator):
    client.force_login(licensee_user)
    room = client.get(reverse("deals:room", args=[licence.deal.pk]))
    assert reverse("royalties:dispute_open", args=[licence.deal.pk]) in room.content.decode()
    response = client.post(reverse("royalties:dispute_open", args=[licence.deal.pk]),
                           {"reason": "对方未按期交付技术资料", "file": _pdf(), "title": "交付清单"})
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("royalties:dispute", args=[dispute.pk])
    page = client.get(response["Location"]).content.decode()
    assert "对方未按期交付技术资料" in page and "交付清单" in page and "royalties:dispute_resolve" not in page
    client.force_login(outsider)
    assert client.get(reverse("royalties:dispute", args=[dispute.pk])).status_code == 404
    assert client.post(reverse("royalties:dispute_withdraw", args=[dispute.pk])).status_code == 404
    client.force_login(operator)
    page = client.get(reverse("royalties:dispute", args=[dispute.pk])).content.decode()
    assert reverse("royalties:dispute_resolve", args=[dispute.pk]) in page
    assert dispute.deal.listing.identifier in client.get(reverse("royalties:disputes")).content.decode()
    client.post(reverse("royalties:dispute_resolve", args=[dispute.pk]),
                {"outcome": "settled", "outcome_text": "已和解"})
    dispute.refresh_from_db()
    assert dispute.status == "resolved"
    client.force_login(licensor_user)
    assert "已和解" in client.get(reverse("royalties:dispute", args=[dispute.pk])).content.decode()


def test_bad_upload_on_the_open_form_keeps_the_reason(client, licence, licensee_user):
    client.force_login(licensee_user)
    response = client.post(reverse("royalties:dispute_open", args=[licence.deal.pk]),
                           {"reason": "理由", "file": SimpleUploadedFile("x.pdf", b"nope"), "title": "x"})
    assert response.status_code == 400 and "理由" in response.content.decode()
    assert not Dispute.objects.exists()


def test_evidence_without_a_file_is_refused_on_the_page(client, dispute, licensor_user):
    client.force_login(licensor_user)
    response = client.post(reverse("royalties:dispute_evidence", args=[dispute.pk]), {"title": "x"}, follow=True)
    assert "Choose a file." in response.content.decode()
    assert dispute.evidence.count() == 1
    response = client.post(reverse("royalties:dispute_evidence", args=[dispute.pk]),
                           {"file": SimpleUploadedFile("p.png", image_bytes()), "title": "照片"}, follow=True)
    assert "The evidence is added." in response.content.decode() and dispute.evidence.count() == 2
