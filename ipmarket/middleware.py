"""Requests carrying control characters are refused with a 400 page (the open API's JSON error body under /api/)
before any view sees them.

PostgreSQL cannot hold NUL in text and raises on any query that contains one, and the other C0 controls
have no business in a URL or a form field either. Checking once here covers every view, form, filter and
admin page, present and future. Only the path, the query string and form fields are read: a JSON or other
raw body (the Stripe webhook) is left untouched for the view to read, and uploaded files are binary.
"""

import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from api.errors import error_body

# C0 control characters except tab, line feed and carriage return, which text areas legitimately send.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def request_has_control_characters(request: HttpRequest) -> bool:
    texts = [request.path]
    # Form fields are parsed for form posts only, as CsrfViewMiddleware parses them anyway.
    is_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
    for params in (request.GET, request.POST) if is_form else (request.GET,):
        for key, values in params.lists():
            texts.append(key)
            texts.extend(values)
    return any(CONTROL_CHARACTERS.search(text) for text in texts)


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_control_characters(request):
            message = _("The request contains control characters, which are not allowed in addresses or "
                        "form fields. Remove them and try again.")
            if request.path.startswith("/api/"):  # the open API's one error body (api/errors.py)
                return JsonResponse(error_body("invalid", message), status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
