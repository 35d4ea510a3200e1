from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .api import mode_from_params, query_from_params, results_payload
from .backends.base import SearchError, SearchUnavailable
from .selectors import listing_search, listing_suggest


@require_GET
def search_api(request):
    try:
        query = query_from_params(request.GET)
        results = listing_search(query=query, mode=mode_from_params(request.GET))
    except SearchError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except SearchUnavailable:
        return _unavailable()
    return JsonResponse(results_payload(query, results, request), json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest_api(request):
    try:
        suggestions = listing_suggest(prefix=(request.GET.get("q") or "")[:200])
    except SearchUnavailable:
        return _unavailable()
    return JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})


def _unavailable() -> JsonResponse:
    return JsonResponse(
        {"error": _("Search is temporarily unavailable. Please try again in a few minutes.")}, status=503
    )
