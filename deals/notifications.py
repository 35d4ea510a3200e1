"""Telling the other side of a deal about a new message or an offer made, withdrawn or accepted: an in-app
Notification per member at once, and one e-mail per member after the commit (deals.tasks), each in the
recipient's own language. What happened is stored (the message, the offer and its audit event); the sentences
are rendered from it in each reader's language. The owner's side is told in-app when the buyer accepts the NDA."""

from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.links import listing_url
from cms.templatetags.ipmarket import bilingual_value
from marketplace.emails import email_message
from marketplace.models import User
from marketplace.notices import notice_store
from marketplace.selectors.organisations import organisation_member_ids

from .models import Deal, DealMessage, NdaAcceptance, Offer
from .terms_display import terms_summary

NOTIFIED_ORGANISATIONS = {
    DealMessage.Side.BUYER: ("seller_id",),
    DealMessage.Side.SELLER: ("buyer_id",),
    DealMessage.Side.CENTRE: ("buyer_id", "seller_id"),  # the centre writes to both parties
}


def deal_message_recipient_ids(*, message: DealMessage) -> list[int]:
    """The active members of the other side (both parties for the centre's messages), never the author."""
    deal = message.deal
    organisation_ids = [getattr(deal, name) for name in NOTIFIED_ORGANISATIONS[message.side]]
    return organisation_member_ids(*organisation_ids, exclude=message.author)


def deal_message_notify(*, message: DealMessage) -> list[int]:
    """An in-app notification for each recipient of `message`; returns their ids (for the e-mails)."""
    return notice_store(kind="deal_message", params={"message_id": message.pk},
                        recipient_ids=deal_message_recipient_ids(message=message))


def _message_text(*, message_id: int) -> dict:
    message = DealMessage.objects.select_related(
        "deal__listing", "deal__buyer", "deal__seller", "author").get(pk=message_id)
    context = message_context(message)
    return {"headline": context["headline"], "body": message.body[:500], "path": context["room_path"]}


def message_context(message: DealMessage) -> dict:
    """What the notification and the e-mail say, in the active language."""
    deal = message.deal
    party = message.party
    sender = _("The operation centre") if party is None else bilingual_value(party, "name")
    listing_title = bilingual_value(deal.listing, "title")
    room_path = reverse("deals:room", args=[deal.pk]) + f"#message-{message.pk}"
    return {
        "headline": _("New message from %(sender)s about “%(listing)s”") % {"sender": sender,
                                                                           "listing": listing_title},
        "sender": sender,
        "author": str(message.author) if message.author else "",
        "listing_title": listing_title,
        "identifier": deal.listing.identifier,
        "body": message.body,
        "room_path": room_path,
        "room_url": urljoin(settings.SITE_URL, room_path),
        "listing_url": urljoin(settings.SITE_URL, listing_url(deal.listing)),
    }


def deal_message_email_send(*, message_id: int, recipient_id: int) -> bool:
    """E-mail one recipient about one message, in their language.

    No delivery row guards against sending twice: the task is acknowledged when received and sending is its
    last step, so it is retried only when sending failed."""
    message = DealMessage.objects.select_related(
        "deal__listing__patent", "deal__listing__pool", "deal__buyer", "deal__seller", "author"
    ).filter(pk=message_id).first()
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if message is None or recipient is None or not recipient.email:
        return False
    with translation.override(recipient.preferred_language):
        email = email_message(
            to=[recipient.email],
            context=message_context(message),
            subject_template="deals/email/message_subject.txt",
            text_template="deals/email/message.txt",
            html_template="deals/email/message.html",
        )
    email.send()
    return True


def nda_accepted_notify(*, acceptance: NdaAcceptance) -> list[int]:
    """An in-app notification for each active member of the owner's side: the buyer has accepted the NDA, so
    its members now see the confidential files. Returns the recipients' ids."""
    return notice_store(kind="deal_nda_accepted", params={"acceptance_id": acceptance.pk},
                        recipient_ids=organisation_member_ids(acceptance.deal.seller_id))


def _nda_accepted_text(*, acceptance_id: int) -> dict:
    acceptance = NdaAcceptance.objects.select_related(
        "deal__buyer", "deal__listing", "version", "user").get(pk=acceptance_id)
    deal = acceptance.deal
    return {
        "headline": _("%(buyer)s accepted the NDA for “%(listing)s”") % {
            "buyer": bilingual_value(deal.buyer, "name"), "listing": bilingual_value(deal.listing, "title")},
        "body": _("Version %(number)d, accepted by %(user)s. The buyer's members now see the files you "
                  "marked confidential.") % {"number": acceptance.version.number, "user": acceptance.user},
        "path": reverse("deals:room", args=[deal.pk]),
    }


OFFER_ACTIONS = ("offer", "withdraw", "agree")
OFFER_HEADLINES = {
    "offer": gettext_lazy("%(sender)s made an offer on “%(listing)s”"),
    "counter": gettext_lazy("%(sender)s made a counter-offer on “%(listing)s”"),
    "withdraw": gettext_lazy("%(sender)s withdrew its offer on “%(listing)s”"),
    "agree": gettext_lazy("%(sender)s accepted your offer on “%(listing)s”"),
}
OTHER_SIDE = {DealMessage.Side.BUYER: DealMessage.Side.SELLER, DealMessage.Side.SELLER: DealMessage.Side.BUYER}


def _party(deal: Deal, side: str):
    return deal.buyer if side == DealMessage.Side.BUYER else deal.seller


def _acting_side(offer: Offer, action: str) -> str:
    """Who acted: the offer's side made or withdrew it; the other side accepted it."""
    return OTHER_SIDE[offer.side] if action == "agree" else offer.side


def deal_offer_notify(*, offer: Offer, action: str, actor) -> list[int]:
    """An in-app notification for each active member of the side that did not act; returns their ids."""
    organisation = _party(offer.deal, OTHER_SIDE[_acting_side(offer, action)])
    return notice_store(kind=f"deal_{action}", params={"offer_id": offer.pk, "action": action},
                        recipient_ids=sorted(organisation_member_ids(organisation.pk, exclude=actor)))


def _offer_text(*, offer_id: int, action: str) -> dict:
    offer = Offer.objects.select_related(
        "supersedes", "deal__listing", "deal__buyer", "deal__seller").get(pk=offer_id)
    context = offer_context(offer, action)
    return {"headline": context["headline"], "body": context["summary"][:500], "path": context["room_path"]}


def offer_context(offer: Offer, action: str) -> dict:
    """What the notification and the e-mail about an offer say, in the active language."""
    deal = offer.deal
    counter = offer.supersedes_id is not None and offer.supersedes.side != offer.side
    headline = OFFER_HEADLINES["counter" if action == "offer" and counter else action]
    sender = bilingual_value(_party(deal, _acting_side(offer, action)), "name")
    listing_title = bilingual_value(deal.listing, "title")
    room_path = reverse("deals:room", args=[deal.pk]) + "#offers"
    return {
        "headline": str(headline) % {"sender": sender, "listing": listing_title},
        "sender": sender,
        "summary": terms_summary(offer.terms),
        "note": offer.note if action == "offer" else "",
        "listing_title": listing_title,
        "identifier": deal.listing.identifier,
        "room_path": room_path,
        "room_url": urljoin(settings.SITE_URL, room_path),
        "listing_url": urljoin(settings.SITE_URL, listing_url(deal.listing)),
    }


def deal_offer_email_send(*, offer_id: int, action: str, recipient_id: int) -> bool:
    """E-mail one recipient about one offer action, in their language (retried only if sending failed, as
    for messages)."""
    offer = Offer.objects.select_related(
        "supersedes", "deal__listing__patent", "deal__listing__pool", "deal__buyer", "deal__seller"
    ).filter(pk=offer_id).first()
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if offer is None or recipient is None or not recipient.email or action not in OFFER_ACTIONS:
        return False
    with translation.override(recipient.preferred_language):
        email = email_message(
            to=[recipient.email],
            context=offer_context(offer, action),
            subject_template="deals/email/offer_subject.txt",
            text_template="deals/email/offer.txt",
            html_template="deals/email/offer.html",
        )
    email.send()
    return True


# In-app notifications store what happened (kind and ids); they are worded when read, in the reader's language.
NOTICE_KINDS = {"deal_message": _message_text, "deal_nda_accepted": _nda_accepted_text,
                **{f"deal_{action}": _offer_text for action in OFFER_ACTIONS}}
