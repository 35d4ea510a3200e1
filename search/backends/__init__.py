"""`get_backend()`: the configured engine, one instance per process and configuration."""

import threading

from django.conf import settings
from django.utils.module_loading import import_string

from .base import SearchBackend

_backends: dict[tuple, SearchBackend] = {}
_lock = threading.Lock()


def get_backend() -> SearchBackend:
    key = (settings.SEARCH_BACKEND, settings.SEARCH_EMBEDDED_PATH, settings.MEILISEARCH_URL,
           settings.MEILISEARCH_INDEX_PREFIX)
    with _lock:
        if key not in _backends:
            _backends[key] = import_string(settings.SEARCH_BACKEND)()
        return _backends[key]
