"""The embedded engine's own behaviour (tantivy): private in-memory indexes, typo ties, the one-writer lock,
reopening an index directory. What every engine must do is in test_backend_contract.py."""

import gc
import threading
import time

import pytest
import tantivy

from search.backends.base import SearchQuery, SearchUnavailable
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded import backend as embedded


def numbers(results) -> list[str]:
    return [hit.document["identifier"] for hit in results.hits]


def bare(document: dict, n: int, title: str) -> dict:
    """A document of `title` only (no abstract, classes or codes that could match too)."""
    return dict(document, id=800_000 + n, identifier=f"T{n}", title_en=title, title_zh="", abstract_zh="",
                abstract_en="", description_zh="", description_en="", patent_titles=[], ipc_titles_zh=[],
                ipc_titles_en=[], ipc_codes=[], ipc_class=[], publication_numbers=[])


def test_each_in_memory_backend_starts_empty(search_documents):
    first = EmbeddedBackend(":memory:")
    first.configure()
    first.index(search_documents)
    assert first.search(SearchQuery()).total == len(search_documents)
    del first
    gc.collect()
    for _ in range(3):
        fresh = EmbeddedBackend(":memory:")
        fresh.configure()
        assert fresh.search(SearchQuery()).total == 0


def test_typo_ties_go_to_the_most_common_word(search_documents):
    """batery (stem bateri) is one edit from bakeri, bateria, baterit and batteri: alphabetical order would keep
    the first three and miss battery, the word most documents have."""
    titles = ["Bakery oven", "Bateria case", "Baterit mineral", "Battery pack", "Battery charger", "Battery cell"]
    backend = EmbeddedBackend(":memory:")
    backend.index([bare(search_documents[0], n, title) for n, title in enumerate(titles)])
    found = numbers(backend.search(SearchQuery(text="batery")))
    assert {"T3", "T4", "T5"} <= set(found)


def test_a_reopened_index_directory_has_everything(tmp_path, search_documents):
    path = str(tmp_path / "index")
    writer = EmbeddedBackend(path)
    writer.index(search_documents)
    writer.optimize()
    reopened = EmbeddedBackend(path)
    assert reopened.search(SearchQuery()).total == len(search_documents)
    assert "US8626679" in numbers(reopened.search(SearchQuery(text="batteries", per_page=50)))


def test_a_write_waits_for_another_writer_then_gives_up(tmp_path, search_documents, monkeypatch):
    """Tantivy allows one writer per index: a write retries while another one (another process, as far as the
    lock file is concerned) holds it, and raises SearchUnavailable after WRITER_WAIT."""
    path = str(tmp_path / "index")
    backend = EmbeddedBackend(path)
    backend.configure()
    monkeypatch.setattr(embedded, "WRITER_WAIT", 0.3)
    other = tantivy.Index(embedded.SCHEMA, path=path).writer(embedded.WRITER_HEAP, 1)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="another process"):
        backend.index(search_documents[:1])
    assert time.monotonic() - started >= 0.3
    threading.Timer(0.1, other.wait_merging_threads).start()  # released while the next write waits
    monkeypatch.setattr(embedded, "WRITER_WAIT", 5.0)
    assert backend.index(search_documents) == len(search_documents)
    assert backend.search(SearchQuery()).total == len(search_documents)


def test_writes_of_one_process_are_serialised(tmp_path, search_documents):
    backend = EmbeddedBackend(str(tmp_path / "index"))
    threads = [threading.Thread(target=backend.index, args=([document],)) for document in search_documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert backend.search(SearchQuery()).total == len(search_documents)
