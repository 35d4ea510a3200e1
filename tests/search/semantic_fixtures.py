"""Semantic retrieval switched on for a test, with the test embedder and a vector index of its own."""

import pytest

from search.semantic import vector_index
from search.semantic.embedders import get_embedder
from search.semantic.selectors import _query_vector_bytes


@pytest.fixture
def semantic(settings, tmp_path):
    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_EMBEDDER = "tests.search.embedder.ConceptEmbedder"
    settings.SEARCH_VECTOR_INDEX_DIR = tmp_path / "vectors"
    embedder = get_embedder()
    embedder.calls.clear()
    _query_vector_bytes.cache_clear()
    yield embedder
    vector_index._views.clear()


def embedded_texts(embedder) -> list[str]:
    return [text for call in embedder.calls for text in call]
