"""Writes to the search index. The index follows the listings: published ones are in it, no others."""

from collections.abc import Callable, Iterator
from itertools import islice

from .backends import get_backend
from .documents import listing_documents, published_listings

REBUILD_BATCH = 500


def index_listing(*, listing_id: int) -> bool:
    """Index the listing if it is published, remove it otherwise. Returns whether it is now in the index."""
    return index_listings(listing_ids=[listing_id]) == 1


def index_listings(*, listing_ids: list[int]) -> int:
    """Index those of the listings that are published and remove the others; returns how many are indexed."""
    backend = get_backend()
    published = list(published_listings().filter(pk__in=listing_ids))
    gone = set(listing_ids) - {listing.pk for listing in published}
    if gone:
        backend.delete(sorted(gone))
    return backend.index(listing_documents(published)) if published else 0


def search_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every published listing again; `progress(n)` after each batch of n."""
    backend = get_backend()
    backend.configure()
    backend.clear()
    indexed = backend.index(_reporting(listing_documents(), progress))  # one commit: one writer, few segments
    backend.optimize()
    return indexed


def _reporting(documents: Iterator[dict], progress: Callable[[int], None] | None) -> Iterator[dict]:
    """The documents, calling `progress(n)` after each REBUILD_BATCH of them."""
    while batch := list(islice(documents, REBUILD_BATCH)):
        yield from batch
        if progress:
            progress(len(batch))
