from django import template
from django.utils.translation import gettext_lazy as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.permissions import is_operator

from ..models import Deal, DealMessage
from ..selectors import deal_list_for_organisation, deal_unread_count

register = template.Library()

EVENT_LABELS = {"open": _("Deal opened"), "close": _("Deal closed"), "nda_accept": _("NDA accepted"),
                "offer": _("Offer made"), "withdraw": _("Offer withdrawn"), "agree": _("Offer accepted: deal agreed"),
                "sign": _("Agreement signed by both parties"), "reopen": _("Agreement voided, deal reopened"),
                "license": _("Licence recorded")}
INBOX_SUMMARY_SIZE = 5


@register.filter
def deal_event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


@register.filter
def deal_sender(message: DealMessage) -> str:
    """For whom a message speaks, in the active language: a party's name, or the operation centre."""
    party = message.party
    return message.get_side_display() if party is None else bilingual_value(party, "name")


@register.filter
def deal_other_party(deal: Deal, organisation):
    """The organisation on the other side of `deal` from `organisation`."""
    return deal.seller if deal.buyer_id == organisation.pk else deal.buyer


@register.inclusion_tag("deals/includes/dashboard_summary.html", takes_context=True)
def deal_inbox_summary(context, organisation):
    """The dashboard's deals section: the latest few deals of the acting organisation and what is unread."""
    user = context["request"].user
    return {
        "organisation": organisation,
        "deals": deal_list_for_organisation(organisation=organisation, user=user)[:INBOX_SUMMARY_SIZE],
        "unread": deal_unread_count(user=user, organisation=organisation),
        "is_operator": is_operator(user),
    }


@register.filter
def confidential_count(message: DealMessage) -> int:
    """How many of a message's files are confidential (from its prefetched attachments)."""
    return sum(attachment.confidential for attachment in message.attachments.all())
