"""Reads from the search index."""

from marketplace.models import Listing

from .backends import get_backend
from .backends.base import SearchQuery, SearchResults


def listing_search(*, query: SearchQuery) -> SearchResults:
    return get_backend().search(query)


def listing_facet_counts(*, fields: tuple[str, ...]) -> SearchResults:
    """Every published listing counted by `fields` exactly as the search page's facets count them (the home
    page's tiles link to those facets, so their figures must agree). Raises SearchUnavailable."""
    return get_backend().search(SearchQuery(facets=fields, per_page=1, highlight=False))


def listing_suggest(*, prefix: str, limit: int = 8) -> list[str]:
    return get_backend().suggest(prefix, limit)


def published_listing_count() -> int:
    return Listing.objects.filter(status=Listing.Status.PUBLISHED).count()
