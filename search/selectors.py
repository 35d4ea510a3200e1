"""Reads from the search index."""

from marketplace.models import Listing

from .backends import get_backend
from .backends.base import SearchQuery, SearchResults
from .semantic.selectors import with_semantics


def listing_search(*, query: SearchQuery, mode: str = "hybrid") -> SearchResults:
    """`mode`: "hybrid" fuses the keyword matches with the listings nearest in meaning (when listings have
    vectors), "semantic" ranks by meaning alone, "lexical" by keywords alone."""
    return get_backend().search(with_semantics(query, mode=mode))


def listing_facet_counts(*, fields: tuple[str, ...]) -> SearchResults:
    """Every published listing counted by `fields` exactly as the search page's facets count them (the home
    page's tiles link to those facets, so their figures must agree). Raises SearchUnavailable."""
    return get_backend().search(SearchQuery(facets=fields, per_page=1, highlight=False))


def listing_suggest(*, prefix: str, limit: int = 8) -> list[str]:
    return get_backend().suggest(prefix, limit)


def published_listing_count() -> int:
    return Listing.objects.filter(status=Listing.Status.PUBLISHED).count()
