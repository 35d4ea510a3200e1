"""The embedded engine (the default): an in-memory inverted index and numpy columns over a SQLite store of its own.

`backend` holds the store and the searches, `inverted` the inverted index, `ranking` the relevance scoring and
`columns` the facet and sort columns.
"""

from .backend import EmbeddedBackend, fts_text

__all__ = ["EmbeddedBackend", "fts_text"]
