"""The notice an SME gets when an organisation offers what its demand on the demand board asks for."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import DemandResponse

DEMAND_RESPONSE = "demand_response"


def demand_response_text(*, response_id: int) -> dict:
    from cms.templatetags.ipmarket import bilingual_value  # cms imports marketplace: imported when first used

    response = DemandResponse.objects.select_related("demand", "organisation", "listing").get(pk=response_id)
    body = response.message
    if response.listing_id:
        body += "\n" + _("Offered listing: %(title)s") % {"title": bilingual_value(response.listing, "title")}
    return {
        "headline": _("%(organisation)s can offer what your demand “%(demand)s” asks for") % {
            "organisation": bilingual_value(response.organisation, "name"), "demand": response.demand.title},
        "body": body,
        "path": reverse("demand_board_detail", args=[response.demand_id]),
    }


NOTICE_KINDS = {DEMAND_RESPONSE: demand_response_text}
