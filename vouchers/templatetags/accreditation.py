"""The dashboard's way in to the accreditation queue and sanctions for the operation centre's operators (agencies
and officers have their own voucher homes and never see the dashboard)."""

from django import template

from marketplace.permissions import is_operator

register = template.Library()


@register.inclusion_tag("vouchers/includes/dashboard_accreditation.html", takes_context=True)
def accreditation_dashboard_links(context):
    return {"overseer": is_operator(context["request"].user)}
