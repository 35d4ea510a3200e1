"""One error body for every failure: {"error": {"code", "message", "fields"}}.

Services raise Django's ValidationError and PermissionDenied and models' DoesNotExist; they become 400, 403 and
404 here, so views call services without translating their errors one by one."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from marketplace.workflow import IllegalTransition
from search.backends.base import SearchError, SearchUnavailable

NON_FIELD = "non_field_errors"


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "unavailable"

    def __init__(self):
        super().__init__(_("Search is temporarily unavailable. Please try again in a few minutes."))


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list | tuple):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _fields(detail) -> dict[str, list[str]]:
    """Field name → its messages; nested and list errors flattened into strings."""
    if isinstance(detail, dict):
        return {str(name): _messages(value) for name, value in detail.items()}
    return {NON_FIELD: _messages(detail)}


def _translate(exc):
    """Django's and the domain's exceptions as DRF ones."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, ObjectDoesNotExist | Http404):
        return exceptions.NotFound(_("Not found, or not yours to see."))
    if isinstance(exc, IllegalTransition):
        return exceptions.ValidationError({NON_FIELD: [_("This action is not possible in the current state.")]})
    if isinstance(exc, SearchError):
        return exceptions.ValidationError({NON_FIELD: [str(exc)]})
    if isinstance(exc, SearchUnavailable):
        return ServiceUnavailable()
    return exc


def api_exception_handler(exc, context):
    exc = _translate(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling and logging take it
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    body = error_body(code if isinstance(code, str) else "invalid", "")["error"]
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = _fields(exc.detail)
        body["message"] = _("Some of the values sent are not valid.")
        if list(body["fields"]) == [NON_FIELD]:
            body["message"] = " ".join(body["fields"][NON_FIELD])
    else:
        body["message"] = " ".join(_messages(exc.detail))
    response.data = {"error": body}
    return response


def page_not_found(request, exception):
    """The project's 404 handler: an address under /api/ that no endpoint has gets the API's error body; every
    other address Django's 404 page (the site's 404.html)."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", _("No API endpoint at this address.")), status=404)
    return defaults.page_not_found(request, exception)


def error_body(code: str, message: str) -> dict:
    """The API's one error body; the exception handler fills in `fields` for invalid values."""
    return {"error": {"code": code, "message": message, "fields": {}}}
