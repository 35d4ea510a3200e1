from django import template

from ..agreement_selectors import agreement_list_for_deal
from ..models import Deal

register = template.Library()


@register.inclusion_tag("deals/includes/agreements_card.html")
def deal_agreements_card(deal: Deal):
    """The deal room's link to its agreements (the current one first; voided ones stay listed)."""
    return {"agreements": agreement_list_for_deal(deal=deal)}
