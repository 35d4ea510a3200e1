"""The vector side of the search benchmark, through the site's own `search.semantic`: its embedder (the bundled
multilingual Universal Sentence Encoder), its usearch index file (memory-mapped by every process) and its
`with_semantics`, which gives a query its vector (cached by text) and nearest listings.

Embedding a million listings with the model would take hours on two cores, so only the first `real` listings
(by primary key: the real records before any copy) get the model's vectors; the others get random unit vectors,
which cost the vector index the same to store and search. The output says how many of each.
"""

import time
from collections.abc import Iterator

import numpy as np

BATCH = 5_000


def synthetic_unit_vectors(count: int, dimensions: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((count, dimensions), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def embed_listings(texts: dict[int, str]) -> dict[int, np.ndarray]:
    """The model's vectors of the given listing texts, in batches."""
    from search.semantic.embedders import get_embedder

    embedder, ids, vectors = get_embedder(), list(texts), {}
    for start in range(0, len(ids), 256):
        batch = ids[start:start + 256]
        vectors.update(zip(batch, embedder.embed([texts[pk] for pk in batch]), strict=True))
    return vectors


def build_vector_index(real: dict[int, np.ndarray], synthetic_ids: np.ndarray) -> tuple[float, str]:
    """Write the site's vector index afresh: the real vectors and one synthetic unit vector per other id.
    Returns the seconds it took and the file's path."""
    from search.semantic import vector_index
    from search.semantic.embedders import get_embedder

    embedder = get_embedder()
    rng = np.random.default_rng(5)

    def pairs() -> Iterator[tuple[int, np.ndarray]]:
        yield from real.items()
        for start in range(0, len(synthetic_ids), BATCH):  # generated batch by batch, never all in memory
            ids = synthetic_ids[start:start + BATCH]
            yield from zip(ids.tolist(), synthetic_unit_vectors(len(ids), embedder.dimensions, rng))

    started = time.perf_counter()
    vector_index.vectors_replace_all(embedder.model_name, embedder.dimensions, vectors=pairs())
    return time.perf_counter() - started, str(vector_index.index_path(embedder.model_name))


def hybrid_search(backend, text: str, filters: dict):
    """A search as the site runs it in hybrid mode: all facets, and for a query with words its vector (cached by
    text) and nearest listings."""
    from search.backends.base import FACET_FIELDS, SearchQuery
    from search.semantic.selectors import with_semantics

    return backend.search(with_semantics(SearchQuery(text=text, filters=filters, facets=FACET_FIELDS)))


def share_query_vectors(query_vectors: dict[str, bytes]) -> None:
    """Put the mix's query vectors in this process's cache, as another worker would have left them in the shared
    cache, then embed one text nobody searched before: the model loads as on a worker's first cache miss."""
    from django.core.cache import cache

    from search.semantic.embedders import get_embedder
    from search.semantic.selectors import QUERY_CACHE_SECONDS, query_vector
    from search.semantic.texts import text_hash

    model_name = get_embedder().model_name
    cache.set_many({f"semantic:query:{model_name}:{text_hash(text)}": vector for text, vector in query_vectors.items()},
                   QUERY_CACHE_SECONDS)
    query_vector("首次未缓存的查询 a query no cache holds")


def query_vector_bytes(texts) -> dict[str, bytes]:
    """The (cached) vectors of the texts with words, as the site's cache keeps them."""
    from search.semantic.selectors import query_vector

    return {text: query_vector(text).astype("<f4").tobytes() for text in texts if text}
