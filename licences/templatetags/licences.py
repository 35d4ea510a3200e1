from django import template

from ..models import Instalment, Licence
from ..selectors import licence_list_for_user

register = template.Library()
SUMMARY_SIZE = 5


@register.inclusion_tag("licences/includes/dashboard_summary.html", takes_context=True)
def licence_summary(context, organisation):
    """The dashboard's licences section: the latest licences the acting organisation granted or holds."""
    licences = licence_list_for_user(user=context["request"].user, organisation=organisation)
    return {"organisation": organisation, "licences": licences[:SUMMARY_SIZE]}


@register.inclusion_tag("licences/includes/deal_money_card.html")
def deal_money_card(deal):
    """The deal room's link to what the signed agreement owes and to the licence, once there is either."""
    return {
        "deal": deal,
        "due": Instalment.objects.filter(agreement__deal=deal, status=Instalment.Status.DUE).count(),
        "has_instalments": Instalment.objects.filter(agreement__deal=deal).exists(),
        "licence": Licence.objects.filter(deal=deal).first(),
    }
