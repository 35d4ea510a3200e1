"""The Meilisearch engine, through the official client. Chosen when MEILISEARCH_URL is set.

Filters are built by `filter_expressions` from whitelisted field names and quoted values only. Facet
counts are disjunctive: one multi-search holds the page query and, for each filtered facet, a count query
without that facet's own filter.

Hybrid search: documents carry the listings' vectors by the site's own embedder (search.semantic) under
`_vectors`, declared as a `userProvided` embedder, and a query with a vector is sent as Meilisearch's `hybrid`
search with the query's `semantic_weight` as its `semanticRatio` (Meilisearch fuses the two rankings itself).
"""

import html
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import meilisearch
import requests
from django.conf import settings
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from ..semantic.embedders import get_embedder
from ..semantic.services import listing_vectors
from ..text import synonym_groups
from .base import (
    FACET_FIELDS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    check_query,
)

TITLE_FIELDS = ("title_zh", "title_en")
SNIPPET_FIELDS = ("abstract_zh", "abstract_en", "description_zh", "description_en")
SEARCHABLE = (
    "title_zh", "title_en", "patent_titles", "ipc_titles_zh", "ipc_titles_en", "identifier", "publication_numbers",
    "ipc_codes", "abstract_zh", "abstract_en", "description_zh", "description_en", "applicants", "inventors",
    "owner_name", "owner_name_en", "province", "city",
)
SORT_FIELDS = {
    "newest": ["published_ts:desc"],
    "price_asc": ["price:asc"],
    "price_desc": ["price:desc"],
    "expiry": ["expiry_ts:asc"],
}
# Control characters as highlight tags, so the snippets can be HTML-escaped before <mark> goes in.
PRE_TAG, POST_TAG = "\x02", "\x03"
BATCH = 1000
TASK_TIMEOUT_MS = 120_000
EMBEDDER = "listing"


def quote(value) -> str:
    """A Meilisearch filter string literal for any value."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expressions(query: SearchQuery, *, without: str | None = None) -> list[str]:
    """The query's filters (all ANDed), optionally leaving out one facet's own filter."""
    expressions = []
    for field, values in query.filters.items():
        if field not in FACET_FIELDS:
            raise ValueError(f"not a facet field: {field!r}")
        if values and field != without:
            expressions.append(f"{field} IN [{', '.join(quote(value) for value in values)}]")
    if query.price_min is not None:
        expressions.append(f"price >= {float(query.price_min):f}")
    if query.price_max is not None:
        expressions.append(f"price <= {float(query.price_max):f}")
    return expressions


def synonym_map() -> dict[str, list[str]]:
    mapping: dict[str, list[str]] = {}
    for group in synonym_groups():
        for term in group:
            mapping.setdefault(term.lower(), []).extend(other.lower() for other in group if other != term)
    return mapping


def index_settings() -> dict:
    semantic = {"embedders": {EMBEDDER: {"source": "userProvided", "dimensions": get_embedder().dimensions}}} \
        if settings.SEARCH_SEMANTIC else {}
    return semantic | {
        "searchableAttributes": list(SEARCHABLE),
        "filterableAttributes": [*FACET_FIELDS, "price", "expiry_ts", "published_ts"],
        "sortableAttributes": ["price", "expiry_ts", "published_ts"],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
        "synonyms": synonym_map(),
        "localizedAttributes": [
            {"attributePatterns": ["*_zh", "applicants", "inventors", "owner_name", "patent_titles"],
             "locales": ["cmn"]},
            {"attributePatterns": ["*_en"], "locales": ["eng"]},
        ],
        "faceting": {"maxValuesPerFacet": 200},
        "pagination": {"maxTotalHits": 10_000},
    }


def _highlight(formatted: str | None) -> str | None:
    if not formatted or PRE_TAG not in formatted:
        return None
    return html.escape(formatted, quote=False).replace(PRE_TAG, "<mark>").replace(POST_TAG, "</mark>")


def with_vectors(documents: list[dict]) -> list[dict]:
    """The documents with their listing's vector under `_vectors` (null: none yet, lexical only)."""
    if not settings.SEARCH_SEMANTIC:
        return documents
    vectors = listing_vectors([doc["id"] for doc in documents], get_embedder().model_name)
    return [doc | {"_vectors": {EMBEDDER: vectors[doc["id"]].tolist() if doc["id"] in vectors else None}}
            for doc in documents]


class MeilisearchBackend(SearchBackend):
    stores_vectors = True

    def __init__(self, *, url: str | None = None, api_key: str | None = None, index_prefix: str | None = None,
                 wait: bool = False, **options):
        super().__init__(**options)
        self.client = meilisearch.Client(url or settings.MEILISEARCH_URL, api_key or settings.MEILISEARCH_API_KEY or None,
                                         timeout=10)
        self.uid = f"{settings.MEILISEARCH_INDEX_PREFIX if index_prefix is None else index_prefix}listings"
        self.wait = wait  # tests wait for every write; the site only for settings

    @contextmanager
    def _calls(self) -> Iterator[None]:
        try:
            yield
        except (MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError,
                requests.RequestException) as error:
            raise SearchUnavailable(f"Meilisearch: {error}") from error

    def _settle(self, task, *, force: bool = False) -> None:
        if self.wait or force:
            done = self.client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
            if done.status != "succeeded":
                raise SearchUnavailable(f"Meilisearch task {task.task_uid} {done.status}: {done.error}")

    @property
    def _index(self):
        return self.client.index(self.uid)

    def configure(self) -> None:
        with self._calls():
            if not self._exists():
                self._settle(self.client.create_index(self.uid, {"primaryKey": "id"}), force=True)
            self._settle(self._index.update_settings(index_settings()), force=True)

    def _exists(self) -> bool:
        try:
            self.client.get_index(self.uid)
        except MeilisearchApiError as error:
            if error.code == "index_not_found":
                return False
            raise
        return True

    def index(self, documents: Iterable[dict]) -> int:
        sent = 0
        batch: list[dict] = []
        with self._calls():
            for document in documents:
                batch.append(document)
                if len(batch) == BATCH:
                    self._settle(self._index.add_documents(with_vectors(batch), primary_key="id"))
                    sent, batch = sent + len(batch), []
            if batch:
                self._settle(self._index.add_documents(with_vectors(batch), primary_key="id"))
                sent += len(batch)
        return sent

    def delete(self, listing_ids: Iterable[int]) -> None:
        ids = [int(pk) for pk in listing_ids]
        if ids:
            with self._calls():
                self._settle(self._index.delete_documents(ids))

    def clear(self) -> None:
        with self._calls():
            self._settle(self._index.delete_all_documents())

    def _params(self, query: SearchQuery, *, strategy: str) -> dict:
        sort = SORT_FIELDS.get(query.sort) or ([] if query.text.strip() else SORT_FIELDS["newest"])
        params = {
            "indexUid": self.uid,
            "q": query.text,
            "filter": filter_expressions(query),
            "facets": list(query.facets),
            "page": query.page,
            "hitsPerPage": query.per_page,
            "showRankingScore": True,
            "matchingStrategy": strategy,
        }
        if sort:
            params["sort"] = sort
        if query.vector is not None:
            params |= {"vector": list(query.vector),
                       "hybrid": {"embedder": EMBEDDER, "semanticRatio": query.semantic_weight}}
        if query.highlight:
            params |= {
                "attributesToHighlight": [*TITLE_FIELDS, *SNIPPET_FIELDS],
                "attributesToCrop": list(SNIPPET_FIELDS),
                "cropLength": 40,
                "highlightPreTag": PRE_TAG,
                "highlightPostTag": POST_TAG,
            }
        return params

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        strategy = "frequency" if query.match_any else "all"
        main, facets = self._search(query, strategy)
        if not main["totalHits"] and strategy == "all" and len(query.text.split()) > 1:
            main, facets = self._search(query, "frequency")
        hits = [
            SearchHit(
                listing_id=int(hit["id"]),
                score=float(hit.get("_rankingScore", 0.0)),
                document={key: value for key, value in hit.items() if not key.startswith("_")},
                highlights={field: marked for field in (*TITLE_FIELDS, *SNIPPET_FIELDS)
                            if (marked := _highlight(hit.get("_formatted", {}).get(field)))},
            )
            for hit in main["hits"]
        ]
        return SearchResults(hits=hits, total=main["totalHits"], facets=facets, page=query.page,
                             per_page=query.per_page)

    def _search(self, query: SearchQuery, strategy: str) -> tuple[dict, dict[str, dict[str, int]]]:
        main = self._params(query, strategy=strategy)
        disjunctive = [field for field in query.facets if query.filters.get(field)]
        counts = [
            {"indexUid": self.uid, "q": query.text, "filter": filter_expressions(query, without=field),
             "facets": [field], "limit": 0, "matchingStrategy": strategy}
            for field in disjunctive
        ]
        with self._calls():
            responses = self.client.multi_search([main, *counts])["results"]
        distribution = dict(responses[0].get("facetDistribution") or {})
        for field, response in zip(disjunctive, responses[1:], strict=True):
            distribution[field] = (response.get("facetDistribution") or {}).get(field, {})
        facets = {field: dict(sorted(distribution.get(field, {}).items(), key=lambda item: (-item[1], item[0])))
                  for field in query.facets}
        return responses[0], facets

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        if not prefix.strip():
            return []
        with self._calls():
            response = self._index.search(prefix[:200], {
                "limit": limit * 3, "attributesToRetrieve": list(TITLE_FIELDS),
                "attributesToSearchOn": list(TITLE_FIELDS),
            })
        prefers_chinese = any("\u3400" <= char <= "\ufaff" for char in prefix)
        first, second = ("title_zh", "title_en") if prefers_chinese else ("title_en", "title_zh")
        titles = dict.fromkeys(hit.get(first) or hit.get(second) for hit in response["hits"])
        return [title for title in titles if title][:limit]
