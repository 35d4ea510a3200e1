"""Writes to the search index. The index follows the listings: published ones are in it, no others."""

from collections.abc import Callable
from itertools import islice

from .backends import get_backend
from .documents import listing_document, listing_documents, published_listings

REBUILD_BATCH = 500


def index_listing(*, listing_id: int) -> bool:
    """Index the listing if it is published, remove it otherwise. Returns whether it is now in the index."""
    listing = published_listings().filter(pk=listing_id).first()
    backend = get_backend()
    if listing is None:
        backend.delete([listing_id])
        return False
    backend.index([listing_document(listing)])
    return True


def search_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every published listing again; `progress(n)` after each batch of n."""
    backend = get_backend()
    backend.configure()
    backend.clear()
    documents = listing_documents()
    indexed = 0
    while batch := list(islice(documents, REBUILD_BATCH)):
        indexed += backend.index(batch)
        if progress:
            progress(len(batch))
    backend.optimize()
    return indexed
