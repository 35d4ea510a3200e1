"""Request parameters to a SearchQuery, and results to JSON: shared by the API and the search pages."""

import math

from django.http import QueryDict
from django.utils.translation import gettext as _

from cms.links import listing_url_for_pk

from .backends.base import FACET_FIELDS, MAX_PER_PAGE, SORTS, SearchError, SearchQuery, SearchResults
from .facet_values import filters_from_params, resolve_filters
from .semantic.selectors import MODES
from .text import normalise

MAX_QUERY_LENGTH = 10_000
TEN_THOUSAND = 10_000  # 万, the unit Chinese prices are often written in
DEFAULT_PER_PAGE = 20


def query_from_params(params: QueryDict) -> SearchQuery:
    """Raises SearchError with a message for the user when a parameter is unusable."""
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise SearchError(_("“%(sort)s” is not a sort order we offer; choose one from the “Sort by” list.")
                          % {"sort": sort})
    page = _integer(params, "page", 1, _("The page number"))
    if page < 1:
        raise SearchError(_("The page number starts at 1."))
    per_page = _integer(params, "per_page", DEFAULT_PER_PAGE, _("The number of results per page"))
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise SearchError(_("Show between 1 and %(max)d results per page.") % {"max": MAX_PER_PAGE})
    price_min = _price(params, "price_min", _("The minimum price"))
    price_max = _price(params, "price_max", _("The maximum price"))
    if price_min is not None and price_max is not None and price_min > price_max:
        raise SearchError(_("The minimum price (%(min)s) is above the maximum price (%(max)s): lower the minimum "
                            "or raise the maximum.") % {"min": params["price_min"], "max": params["price_max"]})
    return SearchQuery(
        text=(params.get("q") or "")[:MAX_QUERY_LENGTH],
        filters=resolve_filters(filters_from_params(params)),
        price_min=price_min,
        price_max=price_max,
        facets=FACET_FIELDS,
        sort=sort,
        page=page,
        per_page=per_page,
    )


def mode_from_params(params: QueryDict) -> str:
    """`mode`: hybrid (the default: keywords and meaning), lexical (keywords only) or semantic (meaning only)."""
    mode = params.get("mode") or "hybrid"
    if mode not in MODES:
        raise SearchError(_("“%(mode)s” is not a search mode; use hybrid, lexical or semantic.") % {"mode": mode})
    return mode


def _integer(params: QueryDict, name: str, default: int, what: str) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise SearchError(_("%(what)s must be a whole number.") % {"what": what}) from None


def _price(params: QueryDict, name: str, what: str) -> float | None:
    """Yuan as typed: digits with or without thousands separators, or with 万 (10,000) as the unit."""
    raw = normalise(params.get(name) or "").strip().replace(",", "").replace(" ", "")
    if not raw:
        return None
    unit = TEN_THOUSAND if raw.endswith("万") else 1
    try:
        value = float(raw.removesuffix("万")) * unit
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise SearchError(_("%(what)s must be an amount in yuan, such as 500000 or 50万.") % {"what": what})
    return value


RESULT_FIELDS = (
    "kind", "identifier", "publication_number", "title_zh", "title_en", "owner_name", "owner_kind",
    "province", "city", "ipc_main", "ipc_class", "deal_type", "price", "currency", "legal_status",
    "expiry_date", "published_at", "sector",
)


def results_payload(query: SearchQuery, results: SearchResults, request=None) -> dict:
    return {
        "query": query.text,
        "semantic": query.vector is not None,  # whether listings nearest in meaning were fused in
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "sort": query.sort,
        "results": [
            {
                "id": hit.listing_id,
                "score": hit.score,
                "title": hit.document.get("title_zh") or hit.document.get("title_en"),
                **{field: hit.document.get(field) for field in RESULT_FIELDS},
                "url": listing_url_for_pk(hit.listing_id, request),
                "highlights": hit.highlights,
                "similarity": hit.similarity,
            }
            for hit in results.hits
        ],
        "facets": results.facets,
    }
