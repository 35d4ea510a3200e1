"""The deal room's offers panel and the listing page's easy-access card, as inclusion tags so the pages that
show them (deals/room.html, cms/listing_detail.html) need only one line each."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.permissions import can_manage_listing

from ..easy_access import easy_access_terms_build
from ..offer_selectors import (
    easy_access_get,
    offer_can_accept,
    offer_can_withdraw,
    offer_comparison,
    offer_list,
)
from ..selectors import deal_buyer_choices, deal_inquiry_refusal
from ..terms_display import terms_rows, terms_summary

register = template.Library()

# The terms the listing page's card sums up; the confirmation page shows all of them.
EASY_ACCESS_CARD_TERMS = ("deal_kind", "territory", "field_of_use", "upfront_fee", "royalty_rate")


@register.inclusion_tag("deals/includes/offers_panel.html", takes_context=True)
def deal_offers(context, deal, side):
    """The latest two offers side by side (changed terms marked), what the reader may do, and every offer."""
    offers = offer_list(deal=deal)
    latest = offers[0] if offers else None
    previous = offers[1] if len(offers) > 1 else None
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "deal": deal,
        "side": side,
        "latest": latest,
        "previous": previous,
        "comparison": offer_comparison(latest=latest, previous=previous, listing=deal.listing) if latest else [],
        "can_accept": latest is not None and offer_can_accept(offer=latest, side=side),
        "can_withdraw": latest is not None and offer_can_withdraw(offer=latest, side=side),
        "can_offer": deal.status == deal.Status.OPEN and side in ("buyer", "seller"),
        "history": [(offer, terms_summary(offer.terms)) for offer in offers],
    }


@register.inclusion_tag("deals/includes/easy_access_card.html", takes_context=True)
def easy_access_card(context, listing):
    """The listing page's offer of the easy-access licence, if the owner switched it on."""
    easy = easy_access_get(listing=listing, enabled_only=True) if listing.status == "published" else None
    user = context["request"].user
    refusal = None
    if easy is not None and user.is_authenticated:
        buyers = deal_buyer_choices(user=user, listing=listing)
        refusal = deal_inquiry_refusal(user=user, listing=listing, buyers=buyers)
    rows = terms_rows(easy_access_terms_build(easy=easy, start=timezone.localdate()), listing) if easy else []
    return {
        "listing": listing, "easy": easy, "refusal": refusal, "can_manage": can_manage_listing(user, listing),
        "rows": [row for row in rows if row[0] in EASY_ACCESS_CARD_TERMS] + ([(
            "duration", _("Licence term"),
            ngettext("%(n)d month from the day you accept", "%(n)d months from the day you accept",
                     easy.duration_months) % {"n": easy.duration_months},
        )] if easy else []),
    }
