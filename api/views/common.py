"""What every API view shares: the acting organisation, and the 404 for objects outside the caller's reach."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from marketplace.models import Organisation
from marketplace.permissions import user_organisations

ORGANISATION_PARAMETER = OpenApiParameter(
    "organisation", OpenApiTypes.INT, required=False,
    description="Id of one of your organisations to act for; the one you joined first when left out.")


def acting_organisation(request) -> Organisation:
    """The organisation named by `?organisation=` among the user's, else the one they joined first (as the
    site's dashboard does before a switch); 404 for an organisation that is not theirs."""
    organisations = user_organisations(request.user)
    raw = request.query_params.get("organisation", "")
    if raw:
        if not raw.isdigit():
            raise exceptions.ValidationError({"organisation": [_("Give the organisation's id, a whole number.")]})
        chosen = organisations.filter(pk=int(raw)).first()
        if chosen is None:
            raise exceptions.NotFound(_("You are not a member of this organisation."))
        return chosen
    chosen = organisations.order_by("memberships__created_at", "memberships__pk").first()
    if chosen is None:
        raise exceptions.PermissionDenied(_("You are not a member of any organisation."))
    return chosen


MAX_ID = 2**31 - 1  # PostgreSQL's integer


def int_pk(value: str) -> int:
    """A path id as a number; 404 (not 500) for one that is no number or too large for the database."""
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise exceptions.NotFound(_("Not found, or not yours to see."))
    return int(value)
