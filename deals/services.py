"""Writes to deals: an inquiry opens a deal room (or continues the live one), messages with their files, reading,
closing.

Status changes go through DEAL_WORKFLOW and every change is an audit event, messages included; the other side
is notified in-app at once and by e-mail after the commit (deals.receivers follows `deal_changed`).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Listing, Organisation
from marketplace.permissions import is_member, require
from marketplace.services.common import send_on_commit
from marketplace.workflow import Transition, Workflow, lock_row, record_event
from search.models import MatchProposal

from .attachment_services import attachments_check, attachments_store
from .models import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, Agreement, Deal, DealMessage, DealReadMark, Offer
from .notifications import deal_message_notify
from .selectors import deal_side_for_user
from .signals import deal_changed

S = Deal.Status
# Deal.ENDED lists the states after which the buyer may open a new deal on the listing.
DEAL_WORKFLOW = Workflow(
    "status",
    {
        "agree": Transition(frozenset({S.OPEN}), S.AGREED),  # an offer accepted; its agreement generated
        # Before both have signed, either side may call the agreement off and negotiate again.
        "reopen": Transition(frozenset({S.AGREED}), S.OPEN, needs_reason=True),
        "sign": Transition(frozenset({S.AGREED}), S.SIGNED),  # the second signature
        "license": Transition(frozenset({S.SIGNED}), S.LICENSED),  # the upfront fee paid, or none due
        "close": Transition(frozenset({S.OPEN, S.AGREED, S.SIGNED}), S.CLOSED, needs_reason=True),
    },
)


def _clean_text(text: str, *, field: str, max_length: int, missing: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)d characters, please (this has %(count)d).")
                               % {"n": max_length, "count": len(text)}})
    return text


def _clean_body(body: str) -> str:
    return _clean_text(body, field="body", max_length=MESSAGE_MAX_LENGTH, missing=_("Write a message."))


def deal_open_or_continue(*, listing: Listing, buyer: Organisation, author, body: str, files=()) -> Deal:
    """An inquiry: `author`, for `buyer`, writes to the owner of `listing` (with optional `files`). Opens a deal
    room, or posts into the buyer's live deal on the listing if there is one; either way the message is sent."""
    require(is_member(author, buyer), _("You can only send inquiries for your own organisation."))
    if buyer.pk == listing.owner_id:
        raise ValidationError(
            _("Your organisation owns this listing; inquiries come from other organisations.")
        )
    if buyer.kind == Organisation.Kind.OPERATION_CENTRE:
        raise ValidationError(
            _("The operation centre takes part in every deal; it does not open deals itself.")
        )
    body = _clean_body(body)
    checked = attachments_check(files)
    with transaction.atomic():
        if not Listing.objects.filter(pk=listing.pk, status=Listing.Status.PUBLISHED).exists():
            raise ValidationError(_("Only published listings take inquiries."))
        deal, opened = deal_lock_live_or_open(listing=listing, buyer=buyer, author=author)
        if opened:
            record_event(deal, action="open", to_state=deal.status, actor=author,
                         data={"listing_id": listing.pk})
            send_on_commit(deal_changed, deal_id=deal.pk, action="open", status=deal.status)
        _post(deal, author=author, side=DealMessage.Side.BUYER, body=body, checked=checked)
        # A real inquiry is what a match proposal to the buyer's demands led to (the match report counts it).
        MatchProposal.objects.filter(
            listing=listing, demand__organisation=buyer, inquired_at__isnull=True
        ).update(inquired_at=timezone.now())
    return deal


def deal_lock_live_or_open(*, listing: Listing, buyer: Organisation, author) -> tuple[Deal, bool]:
    live = (
        Deal.objects.select_for_update().filter(listing=listing, buyer=buyer).exclude(status__in=Deal.ENDED)
    )
    deal = live.first()
    if deal is not None:
        return deal, False
    try:
        with transaction.atomic():  # a savepoint: losing the race must not spoil the outer transaction
            deal = Deal.objects.create(
                listing=listing, buyer=buyer, seller_id=listing.owner_id, opened_by=author,
                last_message_at=timezone.now(),
            )
        return deal, True
    except IntegrityError:
        # An inquiry from the same buyer opened the deal at this very instant: the unique constraint made this
        # insert wait for that one to commit, so the deal is there to take now.
        return live.get(), False


def deal_message_post(*, deal: Deal, author, body: str, acting: Organisation | None = None, files=(),
                      confidential: bool = False) -> DealMessage:
    """A message in the deal room from one of the two organisations' members, or from an operator for the
    operation centre, with optional `files`. `acting` picks the side of someone who is a member of both
    organisations. Only the listing owner's side marks its files `confidential` (see deals.nda_services)."""
    body = _clean_body(body)
    checked = attachments_check(files)
    with transaction.atomic():
        deal = lock_row(deal)  # messages and a concurrent close are ordered on the deal's row
        side = deal_side_for_user(deal=deal, user=author, acting=acting)
        require(side is not None, _("Only the two organisations and the operation centre can write here."))
        if confidential and side != DealMessage.Side.SELLER:
            raise ValidationError({"confidential": _("Only the listing owner's side marks files confidential.")})
        return _post(deal, author=author, side=side, body=body, checked=checked, confidential=confidential)


def _post(deal: Deal, *, author, side: str, body: str, checked=(), confidential: bool = False) -> DealMessage:
    """Post into a locked deal with its checked files: audit, notify the other side (once per message, however
    many files), mark the author's reading."""
    if not deal.accepts_messages:
        raise ValidationError(_("This deal is closed; no more messages can be posted."))
    message = DealMessage.objects.create(deal=deal, author=author, side=side, body=body)
    attachments = attachments_store(message=message, checked=checked, author=author, confidential=confidential)
    Deal.objects.filter(pk=deal.pk).update(last_message_at=message.created_at, updated_at=message.created_at)
    deal.last_message_at = message.created_at
    data = {"message_id": message.pk, "side": side}
    if attachments:
        data["attachment_ids"] = [attachment.pk for attachment in attachments]
    record_event(deal, action="message", actor=author, data=data)
    recipient_ids = deal_message_notify(message=message)
    deal_mark_read(deal=deal, user=author, until=message.created_at)
    send_on_commit(deal_changed, deal_id=deal.pk, action="message", status=deal.status, message_id=message.pk,
                   recipient_ids=recipient_ids)
    return message


def deal_mark_read(*, deal: Deal, user, until: datetime | None = None) -> DealReadMark:
    """`user` has read the room up to `until` (now by default); reading marks never move back.

    Not an audit event: it records what one person has seen, not a change to the deal."""
    until = until or timezone.now()
    mark, created = DealReadMark.objects.get_or_create(deal=deal, user=user, defaults={"last_read_at": until})
    if not created and mark.last_read_at < until:
        DealReadMark.objects.filter(pk=mark.pk, last_read_at__lt=until).update(last_read_at=until)
        mark.last_read_at = until
    return mark


def deal_close(*, deal: Deal, actor, reason: str) -> Deal:
    """Either party (or the operation centre) ends the deal, saying why. What was still pending in it ends too:
    the live offer is withdrawn and an agreement awaiting signatures is void (the due instalments of a signed
    one are cancelled by licences.receivers)."""
    side = deal_side_for_user(deal=deal, user=actor)
    require(side is not None, _("Only the two organisations and the operation centre can close this deal."))
    reason = _clean_text(reason, field="reason", max_length=REASON_MAX_LENGTH,
                         missing=_("Say why the deal is closed."))
    with transaction.atomic():
        # Agreement rows first, then the deal's: the order deals.agreements takes them in, so a signature
        # arriving now either lands before the close or finds the agreement void.
        awaiting = list(Agreement.objects.select_for_update().filter(
            deal=deal, status=Agreement.Status.AWAITING_SIGNATURES))
        deal = DEAL_WORKFLOW.apply(deal, "close", actor=actor, reason=reason, data={"side": side},
                                   timestamps=("closed_at",))
        now = timezone.now()
        Offer.objects.filter(deal=deal, status=Offer.Status.LIVE).update(
            status=Offer.Status.WITHDRAWN, decided_at=now)
        for agreement in awaiting:
            agreement.status, agreement.voided_at = Agreement.Status.VOID, now
            agreement.save(update_fields=["status", "voided_at"])
            record_event(agreement, action="void", from_state=Agreement.Status.AWAITING_SIGNATURES,
                         to_state=agreement.status, actor=actor, reason=reason, data={"deal_closed": True})
    send_on_commit(deal_changed, deal_id=deal.pk, action="close", status=deal.status)
    return deal
