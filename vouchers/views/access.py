"""Which organisation a voucher page acts for: the member's acting organisation, when it is of the page's kind."""

from django.core.exceptions import PermissionDenied

from cms.views.dashboard import acting_organisation
from marketplace.models import Organisation


def acting_organisation_of_kind(request, kind: str, refusal: str) -> Organisation:
    """The acting organisation; PermissionDenied with `refusal` (what to switch to) when it is another kind."""
    organisation = acting_organisation(request)
    if organisation.kind != kind:
        raise PermissionDenied(refusal)
    return organisation
