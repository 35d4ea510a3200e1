"""What the enterprise's and the agency's order pages share: the organisation a page acts for, and a form's
write through a service with its refusals shown on the form."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cms.forms import add_service_errors
from cms.views.dashboard import acting_organisation
from marketplace.errors import error_text
from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition

from ..models import ServiceOrder


def acting_organisation_of_kind(request, kind: str, refusal: str) -> Organisation:
    """The acting organisation; PermissionDenied with `refusal` (what to switch to) when it is another kind."""
    organisation = acting_organisation(request)
    if organisation.kind != kind:
        raise PermissionDenied(refusal)
    return organisation


def order_form_write(form, order: ServiceOrder, call: Callable[[ServiceOrder, dict], object]) -> bool:
    """`call(order, cleaned data)` for a valid form; True when it went through, else the reason is on the form
    (the order moved on meanwhile, the service refused the input, or the user may not)."""
    if not form.is_valid():
        return False
    try:
        call(order, form.cleaned_data)
    except IllegalTransition:
        form.add_error(None, _("This order is now “%(status)s”: reload the page to see what changed.")
                       % {"status": ServiceOrder.objects.get(pk=order.pk).get_status_display()})
    except ValidationError as error:
        add_service_errors(error, form)
    except PermissionDenied as error:
        form.add_error(None, error_text(error))
    else:
        return True
    return False
