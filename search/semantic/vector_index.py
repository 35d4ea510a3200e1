"""The listings' vectors in a usearch HNSW index (cosine), one file per embedding model, keys = listing ids.

Readers memory-map the file (`Index.restore(view=True)`): every worker process of the site shares the same pages
instead of holding its own copy, and opening costs nothing. A writer never touches a mapped file: it loads a
private copy, changes it, saves it beside the old one and renames it over it, under an exclusive file lock so
that two writers cannot lose each other's changes. Readers see a new file by its inode (one `os.stat` per query)
and re-map it.
"""

import fcntl
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.conf import settings
from usearch.index import Index

# Half precision: half the memory and disk of float32, and a cosine error (< 0.001) far below what separates a
# relevant listing from another.
STORED_DTYPE = "f16"


def index_path(model_name: str) -> Path:
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in model_name)
    return Path(settings.SEARCH_VECTOR_INDEX_DIR) / f"{safe}.usearch"


def _new_index(dimensions: int) -> Index:
    return Index(ndim=dimensions, metric="cos", dtype=STORED_DTYPE)


class _View:
    def __init__(self, path: Path, signature: tuple, index: Index | None):
        self.path, self.signature, self.index = path, signature, index


_views: dict[Path, _View] = {}
_views_lock = threading.Lock()


def _signature(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _view(path: Path) -> Index | None:
    """The memory-mapped index at `path`, re-mapped when a writer has replaced the file; None if there is none."""
    signature = _signature(path)
    with _views_lock:
        view = _views.get(path)
        if view is None or view.signature != signature:
            index = Index.restore(str(path), view=True) if signature else None
            view = _views[path] = _View(path, signature, index)
        return view.index


def vector_count(model_name: str) -> int:
    index = _view(index_path(model_name))
    return len(index) if index is not None else 0


def nearest(model_name: str, vector: np.ndarray, *, count: int, min_similarity: float) -> list[tuple[int, float]]:
    """The listings nearest `vector`, best first, as (listing id, cosine similarity) at or above `min_similarity`."""
    index = _view(index_path(model_name))
    if index is None or not len(index):
        return []
    matches = index.search(np.asarray(vector, dtype=np.float32), min(count, len(index)))
    found = [(int(key), round(1.0 - float(distance), 4)) for key, distance in zip(matches.keys, matches.distances)]
    return [(key, similarity) for key, similarity in found if similarity >= min_similarity]


@contextmanager
def _writing(path: Path, dimensions: int, *, fresh: bool) -> Iterator[Index]:
    """A private copy of the index (empty if `fresh`) to change; saved over the file when the block ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        index = Index.restore(str(path)) if path.exists() and not fresh else None
        if index is None or index.ndim != dimensions:
            index = _new_index(dimensions)
        yield index
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        index.save(str(temporary))
        os.replace(temporary, path)


def vectors_update(model_name: str, dimensions: int, *, vectors: dict[int, np.ndarray],
                   removed: Iterable[int] = ()) -> None:
    """Put `vectors` in the index under their listing ids (replacing any there) and take `removed` out."""
    gone = [int(key) for key in set(removed) | set(vectors)]
    with _writing(index_path(model_name), dimensions, fresh=False) as index:
        present = [key for key in gone if key in index]
        if present:
            index.remove(present)
        if vectors:
            index.add(np.fromiter(vectors, dtype=np.uint64, count=len(vectors)),
                      np.stack([np.asarray(v, dtype=np.float32) for v in vectors.values()]))


def vectors_replace_all(model_name: str, dimensions: int, *, vectors: Iterable[tuple[int, np.ndarray]],
                        batch: int = 5000) -> int:
    """Build the index afresh from (listing id, vector) pairs; returns how many it holds."""
    with _writing(index_path(model_name), dimensions, fresh=True) as index:
        keys, rows = [], []
        for key, vector in vectors:
            keys.append(key)
            rows.append(vector)
            if len(keys) == batch:
                index.add(np.array(keys, dtype=np.uint64), np.stack(rows))
                keys, rows = [], []
        if keys:
            index.add(np.array(keys, dtype=np.uint64), np.stack(rows))
        return len(index)
