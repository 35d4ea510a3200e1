"""Does a listing's document satisfy a saved search? Answered in-process, with the engines' own analysis, so
an alert does not depend on whether the index has caught up with the listing yet."""

from functools import lru_cache

from search.backends.embedded import fts_text
from search.matching.profiles import contains, padded
from search.text import Clause, parse_query

from ..models import SavedSearch


@lru_cache(maxsize=10_000)
def _clauses(text: str) -> list[Clause]:
    return parse_query(text)


def _clause_matches(stream: str, clause: Clause) -> bool:
    return (
        any(contains(stream, phrase) for phrase in clause.phrases)
        or any(f" {prefix}" in stream for prefix in clause.prefixes)
        or any(all(contains(stream, part) for part in group) for group in clause.near)
    )


def document_stream(document: dict) -> str:
    return padded(" ".join(fts_text(document)))


def saved_search_satisfied(saved_search: SavedSearch, document: dict, *, stream: str) -> bool:
    """Every term of the query (AND, as the search page runs it), every filter field, and the price range."""
    for field, wanted in saved_search.filters.items():
        values = document.get(field)
        values = values if isinstance(values, list) else [values]
        if not set(map(str, values)) & set(wanted):
            return False
    price = document.get("price")
    if saved_search.price_min is not None and (price is None or price < saved_search.price_min):
        return False
    if saved_search.price_max is not None and (price is None or price > saved_search.price_max):
        return False
    return all(_clause_matches(stream, clause) for clause in _clauses(saved_search.query))
