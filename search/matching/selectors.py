"""Reads: the listings that could serve a demand, and the open demands a listing could serve."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from marketplace.models import Demand, Listing
from marketplace.selectors.demands import demand_list_open
from search.backends import get_backend
from search.backends.base import SearchQuery
from search.documents import listing_document

from .profiles import demand_profile, is_servable, listing_profile
from .scoring import explain, score

CANDIDATES_PER_QUERY = 60


@dataclass
class Match:
    demand: Demand
    document: dict  # the listing's search document
    factors: dict = field(repr=False)

    @property
    def score(self) -> int:
        return self.factors["score"]

    @property
    def listing_id(self) -> int:
        return self.document["id"]

    @property
    def identifier(self) -> str:
        return self.document["identifier"]

    @property
    def title(self) -> str:
        english = not (get_language() or "zh").startswith("zh")
        first, second = ("title_en", "title_zh") if english else ("title_zh", "title_en")
        return self.document[first] or self.document[second]

    @property
    def reasons(self) -> list[str]:
        return explain(self.factors)


def match_demand(*, demand: Demand, limit: int = 20) -> list[Match]:
    """Published, unexpired listings for `demand`, best first: the engine finds candidates, the scorer ranks."""
    profile = demand_profile(demand)
    today = timezone.localdate()
    documents = {doc["id"]: doc for doc in _candidates(profile.query_text, profile.ipc_hints, max(limit, 20))}
    matches = [Match(demand, doc, score(profile, listing_profile(doc)))
               for doc in documents.values() if is_servable(doc, today=today)]
    matches.sort(key=lambda match: (-match.score, match.listing_id))
    return matches[:limit]


def _candidates(text: str, ipc_hints: list[str], limit: int) -> list[dict]:
    """Any key term may match; with IPC hints a second query looks inside the hinted classes, so a listing
    in the right field is not crowded out by the many that merely share a common word."""
    if not text:
        return []
    per_page = max(CANDIDATES_PER_QUERY, limit * 3)
    backend = get_backend()
    queries = [SearchQuery(text=text, match_any=True, per_page=per_page, highlight=False)]
    classes = sorted({hint[:3] for hint in ipc_hints if len(hint) >= 3})
    if classes:
        queries.append(SearchQuery(text=text, match_any=True, per_page=per_page, highlight=False,
                                   filters={"ipc_class": classes}))
    return [hit.document for query in queries for hit in backend.search(query).hits]


def match_listing(*, listing: Listing, limit: int = 20, min_score: int = 0) -> list[Match]:
    """Open demands `listing` could serve, best first, scored exactly as `match_demand` scores listings."""
    document = listing_document(listing)
    today = timezone.localdate()
    if listing.status != Listing.Status.PUBLISHED or not is_servable(document, today=today):
        return []
    offer = listing_profile(document)
    demands = demand_list_open().filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    matches = [Match(demand, document, score(demand_profile(demand), offer)) for demand in demands]
    matches = [match for match in matches if match.score >= min_score]
    matches.sort(key=lambda match: (-match.score, -match.demand.pk))
    return matches[:limit]
