"""In-memory embedded indexes (the tests' setting) are private to their backend."""

import gc

from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedBackend


def test_each_in_memory_backend_starts_empty(search_documents):
    first = EmbeddedBackend(":memory:")
    first.configure()
    first.index(search_documents)
    assert first.search(SearchQuery()).total == len(search_documents)
    del first
    gc.collect()  # a new backend may now get the old one's id(); it must not get its database
    for _ in range(3):
        fresh = EmbeddedBackend(":memory:")
        fresh.configure()
        assert fresh.search(SearchQuery()).total == 0
