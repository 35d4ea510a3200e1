"""Telling the other side of a deal that its agreement was signed or voided: an in-app Notification for each
active member, worded when read in the reader's language."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.notices import notice_store
from marketplace.selectors.organisations import organisation_member_ids

from .models import Agreement, Signature


def _headline(event: str, *, agreement: Agreement, party) -> str:
    names = {"party": bilingual_value(party, "name"), "number": agreement.number,
             "listing": bilingual_value(agreement.deal.listing, "title")}
    if event == "signed":
        return _("%(party)s signed agreement %(number)s on “%(listing)s”") % names
    if event == "completed":
        return _("Agreement %(number)s on “%(listing)s” is signed by both parties") % names
    return _("%(party)s voided agreement %(number)s on “%(listing)s”; the deal is open again") % names


def agreement_notify(*, agreement: Agreement, event: str, side: str, actor, reason: str = "") -> None:
    """`event` ("signed", "completed" or "void") done by `actor` for `side`: the other side's members are told
    (both sides' when the agreement is completed), never the actor."""
    deal = agreement.deal
    organisations = ([deal.buyer_id, deal.seller_id] if event == "completed"
                     else [deal.seller_id if side == Signature.Side.BUYER else deal.buyer_id])
    notice_store(kind=f"agreement_{event}",
                 params={"agreement_id": agreement.pk, "event": event, "side": side, "reason": reason[:500]},
                 recipient_ids=organisation_member_ids(*organisations, exclude=actor))


def _agreement_text(*, agreement_id: int, event: str, side: str, reason: str) -> dict:
    agreement = Agreement.objects.select_related("deal__buyer", "deal__seller", "deal__listing").get(
        pk=agreement_id)
    deal = agreement.deal
    party = deal.buyer if side == Signature.Side.BUYER else deal.seller
    return {"headline": _headline(event, agreement=agreement, party=party), "body": reason,
            "path": reverse("deals:agreement", args=[deal.pk, agreement.pk])}


NOTICE_KINDS = {f"agreement_{event}": _agreement_text for event in ("signed", "completed", "void")}
