"""The embedded engine: a tantivy index (a directory, `SEARCH_EMBEDDED_PATH`) fed with the project's own analysed text.

Tantivy (the Rust engine, through its official Python bindings) keeps the postings, BM25, fast fields and stored
documents in memory-mapped segment files that every process of the machine shares. What makes the search ours
stays in Python: text analysis (`search.text`: bigrams, stems, synonyms, jieba) feeds tantivy's whitespace
tokenizer, and queries are built from our parser's clauses (`ranking`), with typo correction, highlighting,
disjunctive facet counts and pseudo-relevance feedback.

Write model. Tantivy allows one IndexWriter per index at a time (a lock file in the directory). Each write here
(`index`, `delete`, `clear`, `optimize`) takes the process's write lock, opens a writer, commits and closes it,
so writes of one process queue up; when another process holds tantivy's lock, opening is retried for about
WRITER_WAIT seconds, then SearchUnavailable is raised (the Celery task retries later). In production search
writes go to one Celery queue (`search`) served by a single worker with concurrency 1, so there is one writer.
Readers reload after their own commits and, before each search, when the index's meta.json has changed (one
stat call), so a web process sees another process's commit at its next search.
":memory:" (the tests) gives each backend instance a RAM index of its own.
"""

import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from tantivy import FieldType, Occur, Query

from ...fusion import fuse
from ...text import Clause, highlight, index_text, parse_query, prefix_clauses
from ..base import (
    FACET_FIELDS,
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    check_query,
)
from .ranking import (
    EXPANSION_WEIGHT,
    FEEDBACK_DOCUMENTS,
    FEEDBACK_FIELDS,
    FIELDS,
    RELAX_BELOW,
    Ranking,
    expansion_terms,
)

logger = logging.getLogger(__name__)
SNIPPET_FIELDS = ("abstract_zh", "abstract_en", "description_zh", "description_en")
TITLE_FIELDS = ("title_zh", "title_en")
# Sort keys, each ordered descending: the unknown (no price, no expiry date) last whatever the direction.
SORT_KEYS = {"price_asc": "sort_price_asc", "price_desc": "sort_price_desc", "expiry": "sort_expiry"}
UNKNOWN = -1e300
WRITER_HEAP = 64_000_000
WRITER_WAIT = 10.0  # seconds to wait for another process's writer before giving up
VOCABULARY_MAX_AGE = 60.0  # seconds a typo vocabulary may lag behind the index's latest commits
FACET_SIZE = 65_000  # facet values counted per field: all of them


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_bytes_field("document", stored=True)
    builder.add_float_field("price", indexed=True, fast=True)
    builder.add_integer_field("newest", fast=True)  # published_ts << 32 | id: newest first, then highest id
    for key in SORT_KEYS.values():
        builder.add_float_field(key, indexed=True, fast=True)
    for field in FACET_FIELDS:
        builder.add_text_field(field, fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


SCHEMA = _schema()
RANKING = Ranking(SCHEMA)


def fts_text(document: dict) -> tuple[str, ...]:
    """The analysed text of each indexed field (`ranking.FIELDS`) of a document."""
    d = document
    ipc_codes = [part for code in d["ipc_codes"] for part in _ipc_prefixes(code)]
    return (
        index_text(d["title_zh"], d["title_en"], *d["patent_titles"]),
        index_text(*d["ipc_titles_zh"], *d["ipc_titles_en"]),
        index_text(d["abstract_zh"], d["abstract_en"], *_new_texts(d, "description_zh", "abstract_zh"),
                   *_new_texts(d, "description_en", "abstract_en")),
        index_text(*d["applicants"], *d["inventors"], d["owner_name"], d["owner_name_en"], d["province"], d["city"]),
        index_text(d["identifier"], *d["publication_numbers"], *ipc_codes, *d["ipc_class"]),
    )


def _new_texts(document: dict, field: str, already: str) -> list[str]:
    """A listing's description is usually the patent's abstract: index it only when it says more."""
    text = document[field]
    return [text] if text and text not in document[already] else []


def _ipc_prefixes(code: str) -> list[str]:
    """H01M4/58 is also found as H01M and H01M4."""
    compact = code.replace(" ", "")
    group = compact.split("/")[0]
    return list(dict.fromkeys([compact.replace("/", " "), compact[:4], group]))


def _tantivy_document(d: dict) -> tantivy.Document:
    document = tantivy.Document(id=d["id"], document=json.dumps(d, ensure_ascii=False).encode(),
                                newest=(d["published_ts"] or 0) << 32 | d["id"])
    for field, text in zip(FIELDS, fts_text(d), strict=True):
        document.add_text(field, text)
    price, expiry = d["price"], d["expiry_ts"]
    if price is not None:
        document.add_float("price", float(price))
    document.add_float("sort_price_asc", UNKNOWN if price is None else -float(price))
    document.add_float("sort_price_desc", UNKNOWN if price is None else float(price))
    document.add_float("sort_expiry", UNKNOWN if expiry is None else -float(expiry))
    for field in FACET_FIELDS:
        values = d[field] if isinstance(d[field], list) else [d[field]]
        for value in dict.fromkeys(str(v) for v in values if v not in (None, "")):
            document.add_text(field, value)
    return document


def _filtered(query: Query, *restrictions: Query) -> Query:
    """`query`'s matches (and scores) restricted to those of every restriction (which add no score)."""
    if not restrictions:
        return query
    return Query.boolean_query([(Occur.Must, query)]
                               + [(Occur.Must, Query.const_score_query(r, 0.0)) for r in restrictions])


class EmbeddedBackend(SearchBackend):
    def __init__(self, path: str | None = None, **options):
        super().__init__(**options)
        path = path or settings.SEARCH_EMBEDDED_PATH
        self._path = None if path == ":memory:" else Path(path)
        self._index: tantivy.Index | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._seen: tuple | None = None  # meta.json's identity when last reloaded
        self._generation = 0  # bumped at every reload: caches keyed by it follow the index
        self._vocabulary: tuple[int, float, dict[str, int]] | None = None

    # --- the index and its readers --------------------------------------------------------------------

    def _opened(self) -> tantivy.Index:
        with self._open_lock:
            if self._index is None:
                try:
                    if self._path is not None:
                        self._path.mkdir(parents=True, exist_ok=True)
                    self._index = tantivy.Index(SCHEMA, path=None if self._path is None else str(self._path))
                    self._index.config_reader("Manual")
                except (OSError, ValueError) as error:
                    raise SearchUnavailable(
                        f"cannot open the search index {self._path}: {error}. If it was written by an older "
                        "version, delete the directory and run `manage.py rebuild_search_index`.") from error
            return self._index

    def _meta_stamp(self) -> tuple | None:
        try:
            stat = os.stat(self._path / "meta.json")
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _searcher(self) -> tantivy.Searcher:
        """A searcher of the latest commit (another process's included)."""
        index = self._opened()
        if self._path is not None:
            stamp = self._meta_stamp()
            if stamp != self._seen:
                self._reload(index, stamp)
        return index.searcher()

    def _reload(self, index: tantivy.Index, stamp: tuple | None) -> None:
        index.reload()
        self._seen = stamp
        self._generation += 1

    # --- writes ---------------------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """The process's one writer for the time of a commit (see the module docstring)."""
        index = self._opened()
        with self._write_lock:
            writer = self._acquire_writer(index)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # also releases tantivy's lock
            self._reload(index, self._meta_stamp() if self._path is not None else None)

    def _acquire_writer(self, index: tantivy.Index) -> tantivy.IndexWriter:
        deadline = time.monotonic() + WRITER_WAIT
        pause = 0.05
        while True:
            try:
                return index.writer(WRITER_HEAP, 1)
            except ValueError as error:
                if "lock" not in str(error).lower():
                    raise SearchUnavailable(f"cannot write the search index: {error}") from error
                if time.monotonic() > deadline:
                    raise SearchUnavailable(
                        f"another process has been writing the search index {self._path} for {WRITER_WAIT:.0f} s; "
                        "index through the single `search` Celery worker") from error
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def configure(self) -> None:
        self._opened()

    def index(self, documents: Iterable[dict]) -> int:
        sent = 0
        with self._writer() as writer:
            for document in documents:
                writer.delete_documents_by_term("id", document["id"])
                writer.add_document(_tantivy_document(document))
                sent += 1
        return sent

    def delete(self, listing_ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for pk in listing_ids:
                writer.delete_documents_by_term("id", int(pk))

    def clear(self) -> None:
        with self._writer() as writer:
            writer.delete_all_documents()

    def optimize(self) -> None:
        """After a bulk load: let tantivy's merge policy finish merging segments, then drop unused files."""
        with self._writer() as writer:
            writer.garbage_collect_files()

    # --- reads ----------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        searcher = self._searcher()
        clauses = [self._with_typos(searcher, clause) for clause in parse_query(query.text)]
        clauses = [clause for clause in clauses if clause.phrases or clause.prefixes]
        text = self._text_query(searcher, clauses, query.match_any) if clauses else None
        neighbours = dict(query.neighbours)
        neighbour_query = Query.term_set_query(SCHEMA, "id", list(neighbours)) if neighbours else None
        if text is None:
            matches = neighbour_query or Query.all_query()
        elif neighbour_query is None:
            matches = text
        else:  # neighbours join the matches, adding no lexical score
            matches = Query.boolean_query([(Occur.Should, text),
                                           (Occur.Should, Query.const_score_query(neighbour_query, 0.0))])
        price = self._price_range(query)
        filters = {field: Query.term_set_query(SCHEMA, field, values)
                   for field, values in query.filters.items() if values}
        selected = _filtered(matches, *price, *filters.values())
        facets = self._facet_counts(searcher, _filtered(matches, *price), filters, query.facets)
        start = (query.page - 1) * query.per_page
        if query.sort == "relevance" and (text is not None or neighbour_query is not None):
            total, page = self._relevance_page(searcher, text, neighbours, query.semantic_weight,
                                               [*price, *filters.values()], start, query.per_page)
        else:
            total = searcher.search(selected, 1).count
            page = self._sorted_page(searcher, selected, "newest" if query.sort == "relevance" else query.sort,
                                     start, query.per_page)
        terms = set().union(*(clause.highlight for clause in clauses)) if query.highlight else None
        hits = [self._hit(searcher, address, score, neighbours, terms) for address, score in page]
        return SearchResults(hits=hits, total=total, facets=facets, page=query.page, per_page=query.per_page)

    @staticmethod
    def _price_range(query: SearchQuery) -> list[Query]:
        if query.price_min is None and query.price_max is None:
            return []
        low = None if query.price_min is None else float(query.price_min)
        high = None if query.price_max is None else float(query.price_max)
        return [Query.range_query(SCHEMA, "price", FieldType.Float, low, high)]

    def _text_query(self, searcher: tantivy.Searcher, clauses: list[Clause], match_any: bool) -> Query:
        strict = RANKING.strict(clauses)
        minimum = 1 if match_any else -(-len(clauses) // 2)
        relaxed = match_any or (len(clauses) > 1 and searcher.search(strict, 1).count < RELAX_BELOW)
        first = RANKING.relaxed(clauses, minimum=minimum) if relaxed else strict
        if match_any or len(clauses) == 1:
            return first
        best = searcher.search(first, FEEDBACK_DOCUMENTS)
        if best.count < FEEDBACK_DOCUMENTS:
            return first
        analysed = [fts_text(self._document(searcher, address)) for _score, address in best.hits]
        asked = {term for clause in clauses for phrase in clause.phrases for term in phrase}
        expansion = expansion_terms(
            [" ".join(texts[FIELDS.index(field)] for field in FEEDBACK_FIELDS).split() for texts in analysed],
            asked, lambda term: max(searcher.doc_freq(field, term) for field in FEEDBACK_FIELDS),
            searcher.num_docs)
        if not expansion:
            return first
        # The clauses keep (1 - EXPANSION_WEIGHT) of a score averaged over them, as RM3 interpolates.
        scale = (1 - EXPANSION_WEIGHT) / len(clauses)
        base = RANKING.relaxed(clauses, minimum=minimum, scale=scale) if relaxed else RANKING.strict(
            clauses, scale=scale)
        return RANKING.with_expansion(base, expansion)

    def _facet_counts(self, searcher: tantivy.Searcher, base: Query, filters: dict[str, Query],
                      fields: tuple[str, ...]) -> dict[str, dict[str, int]]:
        """Each facet counted over the matches filtered by the other facets' filters (disjunctive facets): the
        facets without a filter of their own share one aggregation."""
        groups: dict[str | None, list[str]] = {}
        for field in fields:
            groups.setdefault(field if field in filters else None, []).append(field)
        counts = {}
        for own, grouped in groups.items():
            scope = _filtered(base, *(query for field, query in filters.items() if field != own))
            result = searcher.aggregate(scope, {field: {"terms": {"field": field, "size": FACET_SIZE}}
                                                for field in grouped})
            for field in grouped:
                buckets = sorted((-bucket["doc_count"], bucket["key"]) for bucket in result[field]["buckets"])
                counts[field] = {key: -negative for negative, key in buckets}
        return {field: counts[field] for field in fields}

    def _relevance_page(self, searcher: tantivy.Searcher, text: Query | None, neighbours: dict[int, float],
                        weight: float, restrictions: list[Query], start: int, size: int
                        ) -> tuple[int, list[tuple[tantivy.DocAddress, float]]]:
        """The total and the page by relevance: the lexical ranking (ties: newest, then highest id), fused by
        reciprocal rank with the neighbours' ranking when there are neighbours."""
        window = start + size
        lexical: list[tuple[tantivy.DocAddress, float]] = []
        total = 0
        if text is not None:
            found = searcher.search(_filtered(text, *restrictions), window + size)  # a margin for ties
            total = found.count
            newest = searcher.fast_field_values("newest", [address for _score, address in found.hits])
            ranked = sorted(zip(found.hits, newest, strict=True), key=lambda pair: (-pair[0][0], -pair[1]))
            lexical = [(address, score) for (score, address), _newest in ranked]
        if not neighbours:
            return total, lexical[start:window]
        ids = list(neighbours)
        passing = searcher.search(_filtered(Query.term_set_query(SCHEMA, "id", ids), *restrictions), len(ids))
        addresses = dict(zip(searcher.fast_field_values("id", [a for _s, a in passing.hits]),
                             (a for _s, a in passing.hits), strict=True))
        if text is not None:  # the union's size: lexical matches plus neighbours that are not among them
            union = Query.boolean_query([(Occur.Should, text), (Occur.Should, Query.term_set_query(SCHEMA, "id", ids))])
            total = searcher.search(_filtered(union, *restrictions), 1).count
        else:
            total = len(addresses)
        lexical_ids = searcher.fast_field_values("id", [address for address, _score in lexical])
        addresses.update(zip(lexical_ids, (address for address, _score in lexical), strict=True))
        fused = fuse([lexical_ids, [pk for pk in ids if pk in addresses]], [1 - weight, weight])
        return total, [(addresses[pk], score) for pk, score in fused[start:window]]

    def _sorted_page(self, searcher: tantivy.Searcher, selected: Query, sort: str, start: int, size: int
                     ) -> list[tuple[tantivy.DocAddress, float]]:
        """A page in `sort` order; equal keys newest first, then highest id. Tantivy sorts by one fast field:
        the first `start + size` by the key are re-sorted with the tie-breaker, and the last key's documents,
        which may continue past the window, are fetched in tie-breaker order."""
        if sort == "newest":
            found = searcher.search(selected, size, order_by_field="newest", offset=start)
            return [(address, 0.0) for _key, address in found.hits]
        key = SORT_KEYS[sort]
        window = searcher.search(selected, start + size, order_by_field=key).hits
        if not window:
            return []
        last = window[-1][0]
        before = [(k, address) for k, address in window if k != last]
        newest = searcher.fast_field_values("newest", [address for _k, address in before])
        ordered = [address for (_k, address), _n in sorted(zip(before, newest, strict=True),
                                                              key=lambda pair: (-pair[0][0], -pair[1]))]
        ties = _filtered(selected, Query.range_query(SCHEMA, key, FieldType.Float, last, last))
        ordered += [address for _n, address in searcher.search(ties, start + size - len(ordered),
                                                               order_by_field="newest").hits]
        return [(address, 0.0) for address in ordered[start:start + size]]

    @staticmethod
    def _document(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict:
        return json.loads(searcher.doc(address)["document"][0])

    def _hit(self, searcher: tantivy.Searcher, address: tantivy.DocAddress, score: float,
             neighbours: dict[int, float], terms: set[str] | None) -> SearchHit:
        """A page's hit, highlighted with `terms` (None: not highlighted)."""
        document = self._document(searcher, address)
        marked = {}
        if terms:
            marked = {field: highlight(document.get(field) or "", terms) for field in TITLE_FIELDS}
            marked |= {field: highlight(document.get(field) or "", terms, snippet=160) for field in SNIPPET_FIELDS}
        return SearchHit(listing_id=document["id"], score=float(score), document=document,
                         highlights={field: html for field, html in marked.items() if html},
                         similarity=neighbours.get(document["id"]))

    def _with_typos(self, searcher: tantivy.Searcher, clause: Clause) -> Clause:
        """A Latin word the index has never seen also matches the nearest indexed words (1–2 edits); among
        equally near ones the most common win (alphabetical order would turn batery into bacteri)."""
        word = clause.word
        if len(word) < 5 or any(searcher.doc_freq(field, word) for field in FIELDS):
            return clause
        typos = 1 if len(word) <= 8 else 2
        vocabulary = self._latin_vocabulary(searcher)
        matches = process.extract(word, list(vocabulary), scorer=Levenshtein.distance, score_cutoff=typos,
                                  limit=None)
        # As in Meilisearch, a typo on the first letter counts twice.
        close = [(distance + (candidate[0] != word[0]), -vocabulary[candidate], candidate)
                 for candidate, distance, _index in matches]
        for _distance, _frequency, candidate in sorted(c for c in close if c[0] <= typos)[:3]:
            clause.phrases.append((candidate,))
            clause.highlight.add(candidate)
        return clause

    def _latin_vocabulary(self, searcher: tantivy.Searcher) -> dict[str, int]:
        """Indexed Latin words (the candidates of typo correction) and their document frequencies; rebuilt when
        the index has changed, at most every VOCABULARY_MAX_AGE seconds (a walk of the term dictionaries)."""
        cached = self._vocabulary
        if cached and (cached[0] == self._generation or time.monotonic() - cached[1] < VOCABULARY_MAX_AGE):
            return cached[2]
        vocabulary: dict[str, int] = {}
        for field in FIELDS:
            for letter in "abcdefghijklmnopqrstuvwxyz":
                for term, count in searcher.terms_with_prefix(field, letter):
                    if len(term) >= 3 and term.isascii() and term.isalpha():
                        vocabulary[term] = vocabulary.get(term, 0) + count
        self._vocabulary = (self._generation, time.monotonic(), vocabulary)
        return vocabulary

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        clauses = [clause for clause in prefix_clauses(prefix) if clause.phrases or clause.prefixes]
        if not clauses:
            return []
        searcher = self._searcher()
        found = searcher.search(RANKING.strict(clauses, fields=("title",)), limit * 3)
        documents = [self._document(searcher, address) for _score, address in found.hits]
        prefers_chinese = any("\u3400" <= char <= "\ufaff" for char in prefix)
        first, second = ("title_zh", "title_en") if prefers_chinese else ("title_en", "title_zh")
        titles = dict.fromkeys(document[first] or document[second] for document in documents)
        return list(titles)[:limit]
