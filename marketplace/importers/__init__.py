"""Patent data import: readers per source format, record validation, batched writes (see README.md)."""
