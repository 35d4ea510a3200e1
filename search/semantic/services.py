"""Writes: texts embedded once per model (by hash), listings linked to their text's vector, the vector index.

The model is slow (10–20 abstracts a second per core), so listings are embedded by a Celery task after they
change (search.receivers), by `manage.py embed_listings`, and hourly for any left over; never inside a request
that publishes many listings at once.
"""

from collections.abc import Callable, Iterable
from itertools import islice

import numpy as np
from django.db import transaction

from marketplace.models import Listing

from ..backends import get_backend
from ..documents import listing_documents, published_listings
from ..models import ListingEmbedding, TextEmbedding
from ..services import index_listings
from . import vector_index
from .embedders import Embedder, get_embedder
from .texts import listing_sentences, listing_text, text_hash

EMBED_BATCH = 32  # texts per model call: large enough to amortise the weights, small enough to report progress
LINK_ATTEMPTS = 3


def text_vectors(*, texts: list[str], embedder: Embedder | None = None) -> np.ndarray:
    """The vectors of `texts` (rows, in order), embedding only those never embedded by this model before."""
    embedder = embedder or get_embedder()
    hashes = [text_hash(text) for text in texts]
    known = stored_vectors(model_name=embedder.model_name, hashes=hashes)
    missing = {h: text for h, text in zip(hashes, texts, strict=True) if h not in known}
    pending = list(missing.items())
    for start in range(0, len(pending), EMBED_BATCH):
        chunk = pending[start:start + EMBED_BATCH]
        vectors = embedder.embed([text for _hash, text in chunk])
        known |= text_embeddings_store(model_name=embedder.model_name,
                                       vectors={h: v for (h, _text), v in zip(chunk, vectors, strict=True)})
    return np.stack([known[h] for h in hashes]) if hashes else np.zeros((0, embedder.dimensions), np.float32)


def text_embeddings_store(*, model_name: str, vectors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Keep vectors by text hash (a hash already stored, by a concurrent worker, keeps its row); returns them."""
    TextEmbedding.objects.bulk_create(
        [TextEmbedding(model_name=model_name, text_hash=h, vector=np.asarray(v, dtype="<f4").tobytes())
         for h, v in vectors.items()],
        ignore_conflicts=True,
    )
    return {h: np.asarray(v, dtype=np.float32) for h, v in vectors.items()}


def stored_vectors(*, model_name: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
    """The model's stored vectors of these text hashes (those it has)."""
    rows = TextEmbedding.objects.filter(model_name=model_name, text_hash__in=set(hashes)).values_list(
        "text_hash", "vector")
    return {h: vector_decode(vector) for h, vector in rows}


def vector_decode(stored: bytes | memoryview) -> np.ndarray:
    """A vector as `TextEmbedding.vector` stores it: little-endian float32."""
    return np.frombuffer(bytes(stored), dtype="<f4")


def listings_embed(*, listing_ids: list[int] | None = None, embedder: Embedder | None = None,
                   progress: Callable[[int], None] | None = None, batch_size: int = 200) -> int:
    """Embed the published listings among `listing_ids` (every published listing by default) whose current
    text has no vector yet, link each to its vector and update the vector index; listings among `listing_ids`
    no longer published leave the index. Returns how many listings were linked."""
    embedder = embedder or get_embedder()
    if listing_ids is None:
        ids = iter(published_listings().prefetch_related(None).values_list("pk", flat=True).iterator())
    else:
        ids = iter(sorted(set(listing_ids)))
    linked = 0
    while batch := list(islice(ids, batch_size)):
        done = _embed_and_link(batch, embedder)
        _index_sync(batch, embedder)
        linked += done
        if progress:
            progress(len(batch))
    return linked


def _embed_and_link(listing_ids: list[int], embedder: Embedder) -> int:
    """Embed outside any transaction (it is slow), then link under the listings' row locks, and only if their
    text is still the one embedded: a worker that embedded an older text never overwrites a newer one (it
    embeds the new text and tries again)."""
    pending, linked = listing_ids, 0
    for _attempt in range(LINK_ATTEMPTS):
        texts = _texts(pending)
        if not texts:
            break
        text_vectors(texts=[t for text, sentences in texts.values() for t in (text, *sentences)], embedder=embedder)
        with transaction.atomic():
            list(Listing.objects.select_for_update().filter(pk__in=list(texts)).order_by("pk").values_list("pk"))
            current = _texts(list(texts))
            settled = {pk: value for pk, value in current.items() if value == texts[pk]}
            linked += _link(settled, embedder.model_name)
        pending = sorted(set(current) - set(settled))
        if not pending:
            break
    return linked


def _texts(listing_ids: list[int]) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Each published listing's embedded text and sentences, as they are now."""
    listings = published_listings().filter(pk__in=listing_ids)
    return {doc["id"]: (listing_text(doc), tuple(listing_sentences(doc))) for doc in listing_documents(listings)}


def _link(texts: dict[int, tuple[str, tuple[str, ...]]], model_name: str) -> int:
    hashes = {pk: text_hash(text) for pk, (text, _sentences) in texts.items()}
    embedding_ids = dict(TextEmbedding.objects.filter(model_name=model_name, text_hash__in=hashes.values())
                         .values_list("text_hash", "pk"))
    ListingEmbedding.objects.bulk_create(
        [ListingEmbedding(listing_id=pk, model_name=model_name, embedding_id=embedding_ids[hashes[pk]],
                          sentences=[[sentence, text_hash(sentence)] for sentence in texts[pk][1]])
         for pk in texts],
        update_conflicts=True, unique_fields=["listing", "model_name"],
        update_fields=["embedding", "sentences", "updated_at"],
    )
    return len(texts)


def listing_vectors(listing_ids: Iterable[int], model_name: str) -> dict[int, np.ndarray]:
    """The vectors the published listings among `listing_ids` are linked to."""
    rows = (ListingEmbedding.objects.filter(listing_id__in=list(listing_ids), model_name=model_name,
                                            listing__status=Listing.Status.PUBLISHED)
            .values_list("listing_id", "embedding__vector"))
    return {pk: vector_decode(vector) for pk, vector in rows}


def _index_sync(listing_ids: list[int], embedder: Embedder) -> None:
    """Make the index hold exactly the committed vectors of these listings (none for the unpublished)."""
    vectors = listing_vectors(listing_ids, embedder.model_name)
    vector_index.vectors_update(embedder.model_name, embedder.dimensions, vectors=vectors,
                                removed=set(listing_ids) - set(vectors))
    if get_backend().stores_vectors:
        index_listings(listing_ids=listing_ids)


def vector_index_rebuild(*, embedder: Embedder | None = None) -> int:
    """The index afresh from every published listing's stored vector; returns how many it holds."""
    embedder = embedder or get_embedder()
    rows = (ListingEmbedding.objects.filter(model_name=embedder.model_name, listing__status=Listing.Status.PUBLISHED)
            .order_by("listing_id").values_list("listing_id", "embedding__vector").iterator(chunk_size=2000))
    return vector_index.vectors_replace_all(
        embedder.model_name, embedder.dimensions,
        vectors=((pk, vector_decode(vector)) for pk, vector in rows))


def listings_without_vectors(*, model_name: str) -> list[int]:
    """Published listings never embedded by this model (bulk imports leave them to the background)."""
    return list(published_listings().exclude(embeddings__model_name=model_name).values_list("pk", flat=True))
