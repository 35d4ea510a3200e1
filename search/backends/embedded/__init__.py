"""The embedded engine (the default): a tantivy index fed with the project's own text analysis.

`backend` holds the index, its writes and the searches; `ranking` builds the relevance queries.
"""

from .backend import EmbeddedBackend, fts_text

__all__ = ["EmbeddedBackend", "fts_text"]
