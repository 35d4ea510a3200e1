"""Writes to agreements: generating one from an accepted offer, signing it, voiding it.

The agreement's row is the lock every write takes first (then the deal's, through DEAL_WORKFLOW), so two
signatures, or a signature and a void, arriving together are ordered: exactly one of them completes or ends
the agreement, and the deal moves once.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Organisation
from marketplace.permissions import require
from marketplace.services.common import send_on_commit
from marketplace.workflow import lock_row, record_event

from . import services
from .agreement_document import agreement_render, agreement_snapshot
from .agreement_notifications import agreement_notify
from .models import REASON_MAX_LENGTH, Agreement, AgreementTemplate, DealMessage, Offer, Signature
from .selectors import deal_side_for_user
from .signals import agreement_signed, deal_changed
from .terms import DealKind

PARTY_SIDES = (DealMessage.Side.BUYER, DealMessage.Side.SELLER)
# `services` is imported as a module (DEAL_WORKFLOW read when called): accepting an offer calls
# agreement_generate, so deals.services may import this module while it is itself being imported.


def agreement_template_for(*, offer: Offer) -> AgreementTemplate:
    """The active template an accepted offer's agreement is made from: the assignment's for an assignment, the
    easy-access licence for an easy-access offer, else the standard licence."""
    if offer.terms.deal_kind == DealKind.ASSIGNMENT:
        kind = AgreementTemplate.Kind.ASSIGNMENT
    elif offer.easy_access:
        kind = AgreementTemplate.Kind.EASY_ACCESS
    else:
        kind = AgreementTemplate.Kind.LICENCE
    template = AgreementTemplate.objects.filter(kind=kind, active=True).order_by("-updated_at", "-pk").first()
    if template is None:
        raise ValidationError(_("There is no active agreement template for this kind of deal; the operation "
                                "centre has to activate one first."))
    return template


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def agreement_generate(*, offer: Offer, actor) -> Agreement:
    """The agreement of an accepted offer, with its HTML and PDF (a private file) and the PDF's SHA-256.

    Called inside the transaction that accepts the offer and moves the deal to AGREED."""
    deal = offer.deal
    template = agreement_template_for(offer=offer)
    centre = Organisation.objects.filter(kind=Organisation.Kind.OPERATION_CENTRE).order_by("pk").first()
    with transaction.atomic():
        agreement = Agreement.objects.create(
            deal=deal, offer=offer, terms_data=offer.terms_data, template=template,
            snapshot=agreement_snapshot(deal=deal, terms=offer.terms, template=template, centre=centre),
            commission_percent=settings.PLATFORM_COMMISSION_PERCENT,
        )
        html, pdf_bytes = agreement_render(agreement)
        agreement.html, agreement.pdf_sha256 = html, _sha256(pdf_bytes)
        # An unguessable name: the file is private (ipmarket.media lets only the deal's parties and operators
        # fetch it), and its name tells nothing either.
        name = f"{agreement.number}-{secrets.token_hex(8)}.pdf"
        agreement.pdf.save(name, ContentFile(pdf_bytes), save=False)
        agreement.save(update_fields=["html", "pdf", "pdf_sha256"])
        record_event(agreement, action="generate", to_state=agreement.status, actor=actor,
                     data={"offer_id": offer.pk, "template_id": template.pk,
                           "pdf_sha256": agreement.pdf_sha256})
    return agreement


def agreement_file_sha256(agreement: Agreement) -> str | None:
    """The SHA-256 of the stored PDF as it is now (None if the file is gone)."""
    try:
        with agreement.pdf.open("rb") as file:
            return _sha256(file.read())
    except (FileNotFoundError, ValueError):
        return None


def _party_side(agreement: Agreement, user, acting: Organisation | None, message: str) -> str:
    side = deal_side_for_user(deal=agreement.deal, user=user, acting=acting)
    require(side in PARTY_SIDES, message)
    return side


def _check_awaiting(agreement: Agreement) -> None:
    if agreement.status == Agreement.Status.SIGNED:
        raise ValidationError(_("This agreement is already signed by both parties."))
    if agreement.status == Agreement.Status.VOID:
        raise ValidationError(_("This agreement was voided; it can no longer be signed or voided."))


def agreement_sign(*, agreement: Agreement, user, password: str, ip: str | None,
                   acting: Organisation | None = None) -> Signature:
    """`user` signs for their party, confirming with their password. The second signature completes the
    agreement: it is SIGNED, the deal moves to SIGNED and `agreement_signed` is sent after the commit."""
    side = _party_side(agreement, user, acting, _("Only members of the two parties can sign this agreement."))
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("The password is not correct.")}, code="wrong_password")
    with transaction.atomic():
        agreement = lock_row(agreement)
        _check_awaiting(agreement)
        if agreement.signatures.filter(side=side).exists():
            raise ValidationError(_("Your party has already signed this agreement."))
        if agreement_file_sha256(agreement) != agreement.pdf_sha256:
            raise ValidationError(_("The document changed since it was generated; it cannot be signed. "
                                    "Please tell the operation centre."))
        deal = agreement.deal
        signature = Signature.objects.create(
            agreement=agreement, side=side, user=user, ip=ip or None, pdf_sha256=agreement.pdf_sha256,
            organisation_id=deal.buyer_id if side == DealMessage.Side.BUYER else deal.seller_id,
        )
        record_event(agreement, action="sign", actor=user,
                     data={"side": side, "pdf_sha256": agreement.pdf_sha256, "ip": ip or ""})
        completed = agreement.signatures.count() == len(PARTY_SIDES)
        if completed:
            agreement.status, agreement.signed_at = Agreement.Status.SIGNED, timezone.now()
            agreement.save(update_fields=["status", "signed_at"])
            record_event(agreement, action="complete", from_state=Agreement.Status.AWAITING_SIGNATURES,
                         to_state=agreement.status, actor=user)
            deal = services.DEAL_WORKFLOW.apply(deal, "sign", actor=user, data={"agreement_id": agreement.pk})
            send_on_commit(deal_changed, deal_id=deal.pk, action="sign", status=deal.status)
            send_on_commit(agreement_signed, deal_id=deal.pk, agreement_id=agreement.pk)
        agreement_notify(agreement=agreement, event="completed" if completed else "signed", side=side,
                         actor=user)
    return signature


def agreement_void(*, agreement: Agreement, actor, reason: str,
                   acting: Organisation | None = None) -> Agreement:
    """Either party calls the agreement off before both have signed: it is VOID, its offer no longer the
    accepted one, and the deal is open for offers again."""
    side = _party_side(agreement, actor, acting,
                       _("Only members of the two parties can void this agreement."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement is voided.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("At most %(n)d characters, please.") % {"n": REASON_MAX_LENGTH}})
    with transaction.atomic():
        agreement = lock_row(agreement)
        _check_awaiting(agreement)
        agreement.status, agreement.voided_at = Agreement.Status.VOID, timezone.now()
        agreement.save(update_fields=["status", "voided_at"])
        record_event(agreement, action="void", from_state=Agreement.Status.AWAITING_SIGNATURES,
                     to_state=agreement.status, actor=actor, reason=reason, data={"side": side})
        # One accepted offer per deal (offer_one_accepted_per_deal): the voided agreement's offer steps aside
        # so the next accepted offer can take its place.
        Offer.objects.filter(pk=agreement.offer_id).update(status=Offer.Status.SUPERSEDED)
        deal = services.DEAL_WORKFLOW.apply(agreement.deal, "reopen", actor=actor, reason=reason,
                                   data={"agreement_id": agreement.pk, "side": side})
        send_on_commit(deal_changed, deal_id=deal.pk, action="reopen", status=deal.status)
        agreement_notify(agreement=agreement, event="void", side=side, actor=actor, reason=reason)
    return agreement
