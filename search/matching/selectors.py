"""Reads: the listings that could serve a demand, and the open demands a listing could serve."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from marketplace.models import Demand, Listing
from marketplace.permissions import user_organisations
from marketplace.selectors.demands import demand_list_open
from search.backends import get_backend
from search.backends.base import MAX_PER_PAGE, SearchQuery
from search.documents import listing_document, listing_documents, published_listings
from search.semantic.selectors import (
    closest_sentences,
    demand_text,
    listing_similarities,
    nearest_listings,
    semantic_available,
)
from search.semantic.embedders import get_embedder
from search.semantic.services import listing_vectors, text_vectors

from ..models import MatchProposal
from .profiles import demand_profile, is_servable, listing_profile
from .scoring import explain, has_evidence, score, with_wording

CANDIDATES = 60  # the scorer re-ranks these; more costs time and rarely changes the top 20


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
    """Published, unexpired listings for `demand`, best first: the engine (and, when listings have vectors,
    the nearest in meaning) finds, the scorer ranks."""
    profile = demand_profile(demand)
    today = timezone.localdate()
    vector = text_vectors(texts=[demand_text(demand)])[0] if semantic_available() else None
    offers = [
        listing_profile(doc)
        for doc in _candidates(profile.query_text, limit, vector)
        if is_servable(doc, today=today)
    ]
    similarities = listing_similarities(vector, [offer.document["id"] for offer in offers]) if offers and (
        vector is not None) else {}
    scored = sorted(
        (pair for pair in ((score(profile, offer, similarity=similarities.get(offer.document["id"])), offer)
                           for offer in offers) if has_evidence(pair[0])),
        key=lambda pair: (-pair[0]["score"], pair[1].document["id"]),
    )[:limit]
    if vector is not None:
        _closest_sentences(vector, [factors for factors, _offer in scored], [offer.document["id"] for _f, offer in scored])
    return [Match(demand, offer.document, with_wording(factors, offer)) for factors, offer in scored]


def _candidates(text: str, limit: int, vector=None) -> list[dict]:
    """Listings sharing any of the strongest key terms, those sharing most of them first, and those nearest the
    demand in meaning (`vector`), which a Chinese demand's English counterparts are found by."""
    wanted = min(MAX_PER_PAGE, max(CANDIDATES, limit * 3))
    documents = []
    if text:
        query = SearchQuery(text=text, match_any=True, per_page=wanted, highlight=False)
        documents = [hit.document for hit in get_backend().search(query).hits]
    if vector is not None:
        found = {doc["id"] for doc in documents}
        nearest = [pk for pk, _similarity in nearest_listings(vector, count=wanted) if pk not in found]
        documents += listing_documents(published_listings().filter(pk__in=nearest))
    published = published_ids([doc["id"] for doc in documents])
    return [doc for doc in documents if doc["id"] in published]


def _closest_sentences(vector, factors_list: list[dict], listing_ids: list[int]) -> None:
    """Name, in each semantic match's reason, the listing's sentence closest to the demand."""
    semantic = [(factors, pk) for factors, pk in zip(factors_list, listing_ids, strict=True)
                if "semantic" in factors["parts"]["text"]]
    closest = closest_sentences(vector, [pk for _factors, pk in semantic]) if semantic else {}
    for factors, pk in semantic:
        if pk in closest:
            factors["parts"]["text"]["semantic"]["sentence"] = closest[pk][0]


def published_ids(ids: list[int]) -> set[int]:
    """The index follows the database after commit: a listing withdrawn or deleted since is not offered."""
    return set(Listing.objects.filter(pk__in=ids, status=Listing.Status.PUBLISHED).values_list("pk", flat=True))


def match_listing(*, listing: Listing, limit: int = 20, min_score: int = 0) -> list[Match]:
    """Open demands `listing` could serve, best first, scored exactly as `match_demand` scores listings."""
    document = listing_document(listing)
    today = timezone.localdate()
    if listing.status != Listing.Status.PUBLISHED or not is_servable(document, today=today):
        return []
    offer = listing_profile(document)
    demands = list(demand_list_open().filter(Q(deadline__isnull=True) | Q(deadline__gte=today)))
    vectors = _demand_vectors(listing, demands)
    similarities = {demand.pk: float(vectors[demand.pk] @ vectors[None]) for demand in demands} if vectors else {}
    scored = [(score(demand_profile(demand), offer, similarity=similarities.get(demand.pk)), demand)
              for demand in demands]
    scored = sorted(
        (pair for pair in scored if pair[0]["score"] >= min_score and has_evidence(pair[0])),
        key=lambda pair: (-pair[0]["score"], -pair[1].pk),
    )[:limit]
    for factors, demand in scored:
        if vectors:
            _closest_sentences(vectors[demand.pk], [factors], [listing.pk])
    return [Match(demand, document, with_wording(factors, offer)) for factors, demand in scored]


def _demand_vectors(listing: Listing, demands: list[Demand]) -> dict:
    """The demands' vectors by pk and the listing's under None; empty when the listing has none (yet)."""
    if not demands or not semantic_available():
        return {}
    own = listing_vectors([listing.pk], get_embedder().model_name).get(listing.pk)
    if own is None:
        return {}
    vectors = text_vectors(texts=[demand_text(demand) for demand in demands])
    return {None: own, **{demand.pk: vector for demand, vector in zip(demands, vectors, strict=True)}}


def match_proposal_list() -> QuerySet:
    """Every proposal the platform made, newest first, for the operators' report."""
    return MatchProposal.objects.select_related(
        "demand__organisation", "listing__owner", "listing__patent", "listing__pool"
    ).order_by("-created_at", "-pk")


def match_proposal_to_inquire(*, listing: Listing, user) -> MatchProposal | None:
    """The best proposal of `listing` to an open demand of the user's organisations not yet followed up, so
    the listing page's inquiry link names it (`?proposal=`) and inquires for that demand's organisation, like
    the demand's matches page does."""
    return (
        MatchProposal.objects.filter(
            listing=listing,
            demand__organisation__in=user_organisations(user),
            demand__status=Demand.Status.OPEN,
            inquired_at__isnull=True,
        )
        .order_by("-score", "-pk")
        .first()
    )
