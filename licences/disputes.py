"""Writes to disputes: a party of a deal opens one (once an agreement exists) with evidence; the operation centre
mediates, notes and resolves it; the opener may withdraw it. Every change is audited and both parties (and, for
the parties' own changes, the centre's operators through their dispute list) are notified."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from deals.models import Deal, DealMessage
from deals.selectors import deal_side_for_user
from marketplace.models import Organisation
from marketplace.notices import notice_send
from marketplace.permissions import is_member, is_operator, require
from marketplace.selectors.organisations import organisation_member_ids
from marketplace.uploads import validate_image, validate_pdf
from marketplace.workflow import Transition, Workflow, lock_row, record_event

from .models import Dispute, DisputeEvidence, DisputeNote
from .models.disputes import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024  # within settings.UPLOAD_MAX_BYTES, like listing attachments
MAX_EVIDENCE_FILES = 20

S = Dispute.Status
DISPUTE_WORKFLOW = Workflow(
    "status",
    {
        "mediate": Transition(frozenset({S.OPEN}), S.MEDIATING),
        "resolve": Transition(frozenset({S.OPEN, S.MEDIATING}), S.RESOLVED),
        "withdraw": Transition(frozenset({S.OPEN, S.MEDIATING}), S.WITHDRAWN),
    },
)


def _text(value: str, *, field: str, limit: int, missing: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: missing})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)d characters, please.") % {"n": limit}})
    return value


def _notify(dispute: Dispute, action: str, actor) -> None:
    deal = dispute.deal
    notice_send(kind="dispute", params={"dispute_id": dispute.pk, "action": action},
                recipient_ids=organisation_member_ids(deal.buyer_id, deal.seller_id, exclude=actor))


def dispute_evidence_check(upload: UploadedFile) -> None:
    """Evidence is a PDF or an image, judged from its content, like a listing's uploads."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                               % {"size": upload.size / 1024 / 1024, "limit": MAX_EVIDENCE_BYTES // 1024 // 1024}})
    try:
        validate_pdf(upload)
    except ValidationError:
        try:
            validate_image(upload)
        except ValidationError:
            raise ValidationError({"file": _("Upload a PDF or an image (JPEG, PNG, WebP or GIF).")}) from None


def _party(deal: Deal, actor, acting: Organisation | None = None) -> Organisation:
    side = deal_side_for_user(deal=deal, user=actor, acting=acting)
    require(side in (DealMessage.Side.BUYER, DealMessage.Side.SELLER),
            _("Only the two parties of the deal can do this."))
    return deal.buyer if side == DealMessage.Side.BUYER else deal.seller


def dispute_open(*, deal: Deal, actor, reason: str, evidence: list[tuple[UploadedFile, str]] = (),
                 acting: Organisation | None = None) -> Dispute:
    """A party complains about the deal's agreement or licence; `evidence`: (file, title) pairs."""
    party = _party(deal, actor, acting)
    reason = _text(reason, field="reason", limit=REASON_MAX_LENGTH, missing=_("Say what the dispute is about."))
    for upload, _title in evidence:
        dispute_evidence_check(upload)
    with transaction.atomic():
        deal = lock_row(deal)  # a dispute and the deal's other changes are ordered on the deal's row
        if not deal.agreements.exists():
            raise ValidationError(_("A dispute can be opened once the deal has an agreement."))
        if Dispute.objects.filter(deal=deal, status__in=Dispute.LIVE).exists():
            raise ValidationError(_("A dispute about this deal is already being handled; add your evidence "
                                    "to it."))
        try:
            with transaction.atomic():
                dispute = Dispute.objects.create(
                    deal=deal, licence=getattr(deal, "licence", None), opened_for=party, opened_by=actor,
                    reason=reason)
        except IntegrityError:  # the other party opened one at the same instant (without the deal lock)
            raise ValidationError(_("A dispute about this deal is already being handled; add your evidence "
                                    "to it.")) from None
        record_event(dispute, action="open", to_state=dispute.status, actor=actor,
                     data={"organisation": party.pk})
        for upload, title in evidence:
            _add_evidence(dispute, upload=upload, title=title, actor=actor, organisation=party)
        _notify(dispute, "open", actor)
    return dispute


def _add_evidence(dispute: Dispute, *, upload: UploadedFile, title: str, actor,
                  organisation: Organisation | None) -> DisputeEvidence:
    title = (title.strip() or _("Evidence"))[:200]
    added = DisputeEvidence.objects.create(dispute=dispute, file=upload, title=title,
                                           submitted_for=organisation, submitted_by=actor)
    record_event(dispute, action="evidence", from_state=dispute.status, to_state=dispute.status, actor=actor,
                 data={"evidence": added.pk})
    return added


def dispute_evidence_add(*, dispute: Dispute, actor, file: UploadedFile, title: str = "",
                         acting: Organisation | None = None) -> DisputeEvidence:
    """A party (or the centre) adds evidence while the dispute is live."""
    side = deal_side_for_user(deal=dispute.deal, user=actor, acting=acting)
    require(side is not None, _("Only the two parties and the operation centre can add evidence."))
    dispute_evidence_check(file)
    organisation = None if side == DealMessage.Side.CENTRE else _party(dispute.deal, actor, acting)
    with transaction.atomic():
        dispute = lock_row(dispute)
        if not dispute.is_live:
            raise ValidationError(_("This dispute is closed."))
        if dispute.evidence.count() >= MAX_EVIDENCE_FILES:
            raise ValidationError({"file": _("A dispute can have at most %(n)d files.") % {"n": MAX_EVIDENCE_FILES}})
        added = _add_evidence(dispute, upload=file, title=title, actor=actor, organisation=organisation)
        _notify(dispute, "evidence", actor)
    return added


def dispute_note_add(*, dispute: Dispute, actor, body: str) -> DisputeNote:
    require(is_operator(actor), _("Only the operation centre writes mediation notes."))
    body = _text(body, field="body", limit=NOTE_MAX_LENGTH, missing=_("Write a note."))
    with transaction.atomic():
        dispute = lock_row(dispute)
        if not dispute.is_live:
            raise ValidationError(_("This dispute is closed."))
        note = DisputeNote.objects.create(dispute=dispute, author=actor, body=body)
        record_event(dispute, action="note", from_state=dispute.status, to_state=dispute.status, actor=actor,
                     data={"note": note.pk})
        _notify(dispute, "note", actor)
    return note


def dispute_mediate(*, dispute: Dispute, actor) -> Dispute:
    require(is_operator(actor), _("Only the operation centre mediates disputes."))
    with transaction.atomic():
        dispute = DISPUTE_WORKFLOW.apply(dispute, "mediate", actor=actor)
        _notify(dispute, "mediate", actor)
    return dispute


def dispute_resolve(*, dispute: Dispute, actor, outcome: str, text: str) -> Dispute:
    """The centre records the outcome (settled, refund agreed, referred to arbitration, dismissed)."""
    require(is_operator(actor), _("Only the operation centre resolves disputes."))
    if outcome not in Dispute.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    text = _text(text, field="outcome_text", limit=NOTE_MAX_LENGTH, missing=_("Describe the outcome."))
    with transaction.atomic():
        dispute = DISPUTE_WORKFLOW.apply(dispute, "resolve", actor=actor, reason=text,
                                         data={"outcome": outcome}, timestamps=("closed_at",))
        dispute.outcome, dispute.outcome_text = outcome, text
        dispute.save(update_fields=["outcome", "outcome_text"])
        _notify(dispute, "resolve", actor)
    return dispute


def dispute_withdraw(*, dispute: Dispute, actor) -> Dispute:
    """The opening party's members withdraw it, while the centre has not resolved it."""
    require(is_member(actor, dispute.opened_for), _("Only the party that opened the dispute can withdraw it."))
    with transaction.atomic():
        dispute = DISPUTE_WORKFLOW.apply(dispute, "withdraw", actor=actor, timestamps=("closed_at",))
        _notify(dispute, "withdraw", actor)
    return dispute

