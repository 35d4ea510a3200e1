"""Sections other pages include: the deal room's disputes, a licence's royalty periods, the dashboard's links."""

from django import template
from django.utils.translation import gettext_lazy as _

from deals.models import DealMessage
from deals.selectors import deal_side_for_user

from ..disputes_selectors import disputes_of_deal
from ..models import Dispute
from ..royalties_selectors import licence_period_rows, period_rows_to_show

register = template.Library()

EVENT_LABELS = {
    "open": _("Dispute opened"), "mediate": _("Taken into mediation"), "resolve": _("Resolved"),
    "withdraw": _("Withdrawn"), "note": _("Note added"), "evidence": _("Evidence added"),
}


@register.filter
def dispute_event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


@register.inclusion_tag("licences/includes/deal_disputes.html", takes_context=True)
def deal_disputes(context, deal):
    """The deal room's disputes card; a party may open one once the deal has an agreement."""
    disputes = list(disputes_of_deal(deal=deal))
    side = deal_side_for_user(deal=deal, user=context["request"].user)
    return {
        "deal": deal, "disputes": disputes,
        "can_open": side in (DealMessage.Side.BUYER, DealMessage.Side.SELLER) and deal.agreements.exists()
        and not any(d.status in Dispute.LIVE for d in disputes),
    }


@register.inclusion_tag("licences/includes/royalties.html")
def licence_royalties_summary(licence):
    """A licence page's running-royalty section: its periods and their state, linking to the report form."""
    rows, later_periods = period_rows_to_show(licence_period_rows(licence=licence))
    return {"licence": licence, "rows": rows, "later_periods": later_periods}


@register.inclusion_tag("licences/includes/dashboard_links.html")
def royalty_dashboard_links():
    return {}
