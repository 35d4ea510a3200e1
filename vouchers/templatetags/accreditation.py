"""The dashboard's way in to accreditation: a service agency's own pages, and the officers' queue."""

from django import template

from marketplace.models import Organisation
from marketplace.permissions import is_operator

from ..permissions import officer_authorities

register = template.Library()


@register.inclusion_tag("vouchers/includes/dashboard_accreditation.html", takes_context=True)
def accreditation_dashboard_links(context, organisation):
    user = context["request"].user
    return {
        "agency": organisation.kind == Organisation.Kind.SERVICE_AGENCY,
        "overseer": officer_authorities(user).exists() or is_operator(user),
    }
