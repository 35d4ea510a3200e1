"""Reads: a search text's vector and the listings nearest it, for hybrid search and demand matching."""

import functools

import numpy as np
from django.conf import settings
from django.core.cache import cache

from ..backends.base import SearchQuery
from ..models import ListingEmbedding
from . import vector_index
from .embedders import get_embedder
from .services import listing_vectors, stored_vectors, vector_decode
from .texts import text_hash

NEIGHBOURS = 100
# Measured by bench/relevance.py's sweep (minimum cosine × the neighbours' share, mean P@10 of 24 labelled sets,
# bundled model): the best, 0.519, is at ≥ 0.15 and share 0.1; ≥ 0.2 and share 0.2 reach 0.518 while adding
# half as many weak neighbours to a search's matches (26% of the non-relevant top-100 neighbours reach 0.2,
# 57% reach 0.15). Above 0.25 the semantic side loses most relevant listings (38% of them reach 0.25) and P@10
# falls to 0.50 (0.3: 0.47); from a share of 0.6 up it falls too (0.49 at 0.6, 0.43 for meaning alone).
MIN_SIMILARITY = 0.2
SEMANTIC_WEIGHT = 0.2
MODES = ("hybrid", "lexical", "semantic")
QUERY_CACHE_SECONDS = 7 * 24 * 3600
MAX_QUERY_CHARS = 2000


def semantic_available() -> bool:
    """Semantic retrieval is on and the configured model's index holds vectors."""
    return settings.SEARCH_SEMANTIC and vector_index.vector_count(get_embedder().model_name) > 0


def query_vector(text: str) -> np.ndarray:
    """The embedding of a search text: kept per process (LRU) and in the shared cache, since the model is slow."""
    embedder = get_embedder()
    return vector_decode(_query_vector_bytes(embedder.model_name, text[:MAX_QUERY_CHARS]))


@functools.lru_cache(maxsize=2048)
def _query_vector_bytes(model_name: str, text: str) -> bytes:
    key = f"semantic:query:{model_name}:{text_hash(text)}"
    cached = cache.get(key)
    if cached is None:
        cached = get_embedder().embed([text])[0].astype("<f4").tobytes()
        cache.set(key, cached, QUERY_CACHE_SECONDS)
    return cached


def nearest_listings(vector: np.ndarray, *, count: int = NEIGHBOURS,
                     min_similarity: float = MIN_SIMILARITY) -> list[tuple[int, float]]:
    return vector_index.nearest(get_embedder().model_name, vector, count=count, min_similarity=min_similarity)


def with_semantics(query: SearchQuery, *, mode: str = "hybrid") -> SearchQuery:
    """The query with its vector and nearest listings when the mode asks for them and vectors exist; a query
    without text (browsing, facets) stays as it is."""
    if mode == "lexical" or not query.text.strip() or not semantic_available():
        return query
    vector = query_vector(query.text)
    query.vector = tuple(float(x) for x in vector)
    query.neighbours = tuple(nearest_listings(vector))
    query.semantic_weight = 1.0 if mode == "semantic" else SEMANTIC_WEIGHT
    return query


def closest_sentences(vector: np.ndarray, listing_ids: list[int]) -> dict[int, tuple[str, float]]:
    """For each listing, its sentence (title or abstract sentence) closest to `vector`, with the cosine."""
    model_name = get_embedder().model_name
    sentences = dict(ListingEmbedding.objects.filter(listing_id__in=listing_ids, model_name=model_name)
                     .values_list("listing_id", "sentences"))
    vectors = stored_vectors(model_name=model_name,
                             hashes={h for pairs in sentences.values() for _sentence, h in pairs})
    closest = {}
    for listing_id, pairs in sentences.items():
        scored = [(float(vectors[h] @ vector), sentence) for sentence, h in pairs if h in vectors]
        if scored:
            similarity, sentence = max(scored)
            closest[listing_id] = (sentence, round(similarity, 3))
    return closest


def meaning_only_reasons(query: SearchQuery, hits) -> dict[int, tuple[str, float]]:
    """For the hits a hybrid search found by meaning alone (no keyword of the query in them, e.g. an English
    patent for a Chinese query), the sentence of each closest to the query: the reason shown on its card."""
    listing_ids = [hit.listing_id for hit in hits if hit.similarity is not None and not hit.highlights]
    if not listing_ids or query.vector is None:
        return {}
    return closest_sentences(np.asarray(query.vector, dtype="<f4"), listing_ids)


def listing_similarities(vector: np.ndarray, listing_ids: list[int]) -> dict[int, float]:
    """Cosine of each listing's stored vector (those that have one) to `vector`."""
    return {pk: round(float(v @ vector), 4) for pk, v in listing_vectors(listing_ids, get_embedder().model_name).items()}


def demand_text(demand) -> str:
    return f"{demand.title}\n{demand.description}".strip()
