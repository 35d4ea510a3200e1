"""The public search page at /search/: query box, facets, result cards, search-as-you-type."""
