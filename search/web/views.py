"""The search page: the same parameters as GET /api/search/, rendered with facets and result cards."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from marketplace.models.listings import Sector

from ..api import MAX_QUERY_LENGTH, mode_from_params, query_from_params
from ..backends.base import FACET_FIELDS, SearchError, SearchQuery, SearchResults, SearchUnavailable
from ..facet_values import without_unknown_values
from ..selectors import listing_facet_counts, listing_search
from ..semantic.selectors import meaning_only_reasons
from .cards import result_cards
from .facets import clear_filters_url, facet_labeller, facet_lists, filter_chips, query_string
from .spelling import corrected_query

SORT_LABELS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
    "expiry": _("Expiring soonest"),
}
PAGE_WINDOW = 2  # page links either side of the current one
POPULAR_SECTORS = 6


@require_GET
def search_page(request):
    params, left_out = without_unknown_values(request.GET)
    form = _form_values(params)
    try:
        query = query_from_params(params)
        mode = mode_from_params(params)
    except SearchError as error:
        return _render(request, {"form": form, "error": str(error)}, status=400)
    try:
        results = listing_search(query=query, mode=mode)
    except SearchUnavailable:
        return _render(request, {"form": form, "unavailable": True}, status=503)
    form["filters"] = [(field, value) for field, values in query.filters.items() for value in values]
    return _render(request, {"form": form, "left_out": left_out, **_results_context(request, query, results)})


def _results_context(request, query: SearchQuery, results: SearchResults) -> dict:
    label = facet_labeller(query, results.facets)
    chips = filter_chips(query, label)
    context = {
        "query": query,
        "results": results,
        "cards": result_cards(results.hits, request, reasons=meaning_only_reasons(query, results.hits)),
        "facets": facet_lists(query, results.facets, label),
        "chips": chips,
        "clear_url": clear_filters_url(query) if chips else "",
        "pages": _page_links(results.page, results.pages),
        "beyond_end": not results.hits and results.total > 0,
        "correction": corrected_query(query.text, results.hits),
    }
    if context["correction"]:
        context["correction_url"] = query_string(query, q=context["correction"])
    if not results.total:
        context["popular_sectors"] = _popular_sectors()
    return context


def _form_values(params) -> dict:
    """What the user typed, echoed into the form even when it could not be used."""
    sort = params.get("sort") if params.get("sort") in SORT_LABELS else "relevance"
    return {
        "text": (params.get("q") or "")[:MAX_QUERY_LENGTH],
        "filters": [(field, value) for field in FACET_FIELDS for value in params.getlist(field)],
        "price_min": params.get("price_min", ""),
        "price_max": params.get("price_max", ""),
        "sort": sort,  # kept by a new search when chosen
        # Without words, relevance lists the newest first: the sort menu says so.
        "sort_shown": "newest" if sort == "relevance" and not params.get("q") else sort,
    }


def _page_links(current: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 (None is a gap)."""
    current = min(current, pages)
    shown = sorted({1, pages, *range(max(1, current - PAGE_WINDOW), min(pages, current + PAGE_WINDOW) + 1)})
    links: list[int | None] = []
    for number in shown:
        if links and number - links[-1] > 1:
            links.append(None)
        links.append(number)
    return links


def _popular_sectors() -> list[tuple[str, str, int]]:
    counts = listing_facet_counts(fields=("sector",)).facets["sector"]
    labels = dict(Sector.choices)
    ranked = sorted(((n, value) for value, n in counts.items() if value in labels), reverse=True)
    return [(value, labels[value], n) for n, value in ranked[:POPULAR_SECTORS]]


def _render(request, context: dict, *, status: int = 200):
    return render(request, "search/search_page.html", {"sort_labels": SORT_LABELS, **context}, status=status)
