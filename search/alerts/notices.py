"""Alert notifications as marketplace.notices kinds: the row keeps the listing and the demand or saved search
it matched, and is put into words in the reader's language whenever it is shown."""

from django.utils.translation import gettext as _

from cms.links import listing_url
from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import Demand, Listing
from search.matching.scoring import explain

from ..models import MatchProposal

MATCH_ALERT = "match_alert"
SAVED_SEARCH_ALERT = "saved_search_alert"


def demand_topic(demand_id: int) -> str:
    return f"demand:{demand_id}"


def saved_search_topic(saved_search_id: int) -> str:
    return f"saved_search:{saved_search_id}"


def match_alert_text(*, listing_id: int, demand_id: int) -> dict:
    listing = Listing.objects.get(pk=listing_id)
    demand = Demand.objects.get(pk=demand_id)
    title = bilingual_value(listing, "title")
    proposal = MatchProposal.objects.filter(demand=demand, listing=listing).only("factors").first()
    reasons = explain(proposal.factors) if proposal else []
    return {
        "headline": _("A new listing matches your demand “%(demand)s”: %(title)s") % {"demand": demand.title,
                                                                                     "title": title},
        "title": title, "reasons": reasons, "body": "\n".join(reasons), "path": listing_url(listing),
    }


def saved_search_alert_text(*, listing_id: int, saved_search_id: int, query: str) -> dict:
    listing = Listing.objects.get(pk=listing_id)
    title = bilingual_value(listing, "title")
    return {
        "headline": _("A new listing matches your saved search “%(query)s”: %(title)s") % {"query": query,
                                                                                          "title": title},
        "title": title, "reasons": [], "body": "", "path": listing_url(listing),
    }


NOTICE_KINDS = {MATCH_ALERT: match_alert_text, SAVED_SEARCH_ALERT: saved_search_alert_text}
