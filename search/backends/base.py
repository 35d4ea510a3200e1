"""The search backend interface: one class per engine, chosen by settings.SEARCH_BACKEND.

Documents are flat dicts built by `search.documents.listing_document` (one per published listing, keyed by
`id` = the listing's primary key). Every engine must pass tests/search/test_backend_contract.py.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

# Fields that can be filtered on and counted as facets (a document holds a value or a list of values).
FACET_FIELDS = (
    "kind",  # "patent" | "pool"
    "ipc_section",
    "ipc_class",
    "deal_type",
    "owner_kind",
    "province",
    "city",
    "legal_status",
    "sector",
    "jurisdiction",
)
SORTS = ("relevance", "newest", "price_asc", "price_desc", "expiry")  # expiry: soonest first, unknown last
MAX_PER_PAGE = 100


class SearchError(Exception):
    """The query cannot be answered as asked (bad sort, bad page …): a 400 for the user."""


class SearchUnavailable(Exception):
    """The engine cannot be reached; the caller tells the user and the rest of the site keeps working."""


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # OR within a field, AND across fields
    price_min: float | None = None
    price_max: float | None = None
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    match_any: bool = False  # any term may match (ranked by how many do): used for matching long texts
    highlight: bool = True
    # Hybrid retrieval (filled by `search.semantic`, empty for a lexical search): the query text's embedding, and
    # the listings nearest it, best first, as (listing id, cosine similarity). An engine adds the neighbours that
    # pass the filters and price bounds to the matches (so totals and facets count them) and, sorted by relevance,
    # fuses the lexical and the neighbour ranking by reciprocal rank fusion, the neighbours' share being
    # `semantic_weight`. Meilisearch passes `vector` to its own hybrid search instead.
    vector: tuple[float, ...] | None = None
    neighbours: tuple[tuple[int, float], ...] = ()
    semantic_weight: float = 0.5


@dataclass
class SearchHit:
    listing_id: int
    score: float  # higher is better; comparable within one result set only
    document: dict
    highlights: dict[str, str] = field(default_factory=dict)  # field → HTML-escaped snippet with <mark>
    similarity: float | None = None  # cosine similarity to the query's embedding, when found as a neighbour


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class SearchBackend(ABC):
    # An engine that keeps the listings' vectors itself (Meilisearch's `_vectors`) is sent a listing again
    # whenever its vector changes; the others read the shared vector index (search.semantic.vector_index).
    stores_vectors = False

    def __init__(self, **options):
        self.options = options

    @abstractmethod
    def configure(self) -> None:
        """Create the index and apply its settings (idempotent)."""

    @abstractmethod
    def index(self, documents: Iterable[dict]) -> int:
        """Add or replace documents; returns how many were sent."""

    @abstractmethod
    def delete(self, listing_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None: ...

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Search-as-you-type: titles (or terms) that complete `prefix`."""

    def optimize(self) -> None:
        """Compact the index after a bulk load; engines that need nothing keep this no-op."""


def check_query(query: SearchQuery) -> None:
    """Reject what no engine can answer, with a message fit for the user."""
    if query.sort not in SORTS:
        raise SearchError(f"Unknown sort {query.sort!r}; use one of: {', '.join(SORTS)}.")
    if query.page < 1:
        raise SearchError("The page number starts at 1.")
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        raise SearchError(f"per_page must be between 1 and {MAX_PER_PAGE}.")
    unknown = sorted(set(query.filters) - set(FACET_FIELDS)) + sorted(set(query.facets) - set(FACET_FIELDS))
    if unknown:
        raise SearchError(f"Unknown facet {unknown[0]!r}; use one of: {', '.join(FACET_FIELDS)}.")
    for bound in (query.price_min, query.price_max):
        if bound is not None and not bound == bound:  # NaN
            raise SearchError("A price bound must be a number.")
    if not 0.0 <= query.semantic_weight <= 1.0:
        raise SearchError("semantic_weight must be between 0 and 1.")
    if query.price_min is not None and query.price_max is not None and query.price_min > query.price_max:
        raise SearchError("The minimum price is above the maximum price.")
