"""Semantic retrieval: listings embedded by a multilingual sentence model, found by meaning across languages.

- `embedders`: the `Embedder` interface and the models it wraps, chosen by settings.SEARCH_EMBEDDER;
- `texts`: what of a listing is embedded, and the hash that keys its vector (unchanged text is never re-embedded);
- `vector_index`: the listings' vectors in a memory-mapped usearch index shared by every process;
- `services` write (embed listings, keep the index in step), `selectors` read (a query's vector and neighbours).
"""
