"""The embedded engine: SQLite FTS5 in a database file of its own, whatever the site's main database is.

Full-text matching and BM25 ranking run in FTS5 over pre-analysed text (see `search.text`). Filters, facet
counts and the non-relevance sorts run over in-memory columns (numpy arrays of every document's facet values,
price and dates) that are reloaded when another connection has changed the index (a generation counter).
One SQLite connection per thread; ":memory:" becomes a shared-cache database private to the backend
instance, so every thread of the process sees the same index.
"""

import copy
import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
from django.conf import settings
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..text import Clause, highlight, index_text, parse_query, prefix_clauses
from .base import FACET_FIELDS, SearchBackend, SearchHit, SearchQuery, SearchResults, SearchUnavailable, check_query

# Column order of the full-text table and the BM25 weight of each: titles count most, then IPC class
# titles and identifiers, then parties, then abstracts and descriptions.
FTS_COLUMNS = ("title", "ipc", "body", "parties", "codes")
BM25_WEIGHTS = (10.0, 4.0, 1.0, 2.0, 6.0)
SNIPPET_FIELDS = ("abstract_zh", "abstract_en", "description_zh", "description_en")
TITLE_FIELDS = ("title_zh", "title_en")
NEAR_DISTANCE = 4
BATCH = 500
RELAX_BELOW = 20  # fewer matches of all clauses than this: also rank documents that match most of them
COVERAGE_WEIGHT = 1000.0  # a matched clause outweighs any BM25 difference
VOCABULARY_MAX_AGE = 60.0  # seconds a stale typo vocabulary may be reused after the index changed
CHANGE_LOG = 5_000  # generations of changed document ids kept, so other processes can catch up incrementally
CATCH_UP_MAX = 20_000  # more changed documents than this: reload everything instead
CACHE_ROWS = 2_000_000  # matched rows kept in the per-process match cache (about 16 bytes each)
EVERYTHING = -1  # a change-log entry for `clear`
DOC_COLUMNS = "SELECT id, price, published_ts, expiry_ts FROM docs"
FACET_GROUPS = "SELECT field, value, group_concat(doc_id) FROM facets GROUP BY field, value"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, document TEXT NOT NULL, price REAL, published_ts INTEGER, expiry_ts INTEGER
);
CREATE TABLE IF NOT EXISTS changes (generation INTEGER NOT NULL, doc_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_by_generation ON changes (generation);
CREATE TABLE IF NOT EXISTS facets (doc_id INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS facets_by_doc ON facets (doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(FTS_COLUMNS)}, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, 'row');
"""


def fts_text(document: dict) -> tuple[str, ...]:
    """The analysed text of each full-text column for a document."""
    d = document
    ipc_codes = [part for code in d["ipc_codes"] for part in _ipc_prefixes(code)]
    return (
        index_text(d["title_zh"], d["title_en"], *d["patent_titles"]),
        index_text(*d["ipc_titles_zh"], *d["ipc_titles_en"]),
        index_text(d["abstract_zh"], d["abstract_en"], *_new_texts(d, "description_zh", "abstract_zh"),
                   *_new_texts(d, "description_en", "abstract_en")),
        index_text(*d["applicants"], *d["inventors"], d["owner_name"], d["owner_name_en"], d["province"], d["city"]),
        index_text(d["identifier"], d["publication_number"], *ipc_codes, *d["ipc_class"]),
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


def _phrase(terms: Iterable[str]) -> str:
    return '"' + " ".join(term.replace('"', '""') for term in terms) + '"'


def clause_expression(clause: Clause) -> str:
    """An FTS5 expression for one clause, built only from analysed, quoted terms."""
    parts = [_phrase(terms) for terms in clause.phrases]
    parts += [f"{_phrase([prefix])} *" for prefix in clause.prefixes]
    parts += [f"NEAR({' '.join(_phrase(terms) for terms in group)}, {NEAR_DISTANCE})" for group in clause.near]
    return "(" + " OR ".join(parts) + ")"


def fts_expression(clauses: list[Clause], *, match_any: bool) -> str:
    return (" OR " if match_any else " AND ").join(clause_expression(c) for c in clauses if c.phrases or c.prefixes)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Columns:
    """Every indexed document's facet values and sort keys, by position in the sorted id array.

    Loaded once per process, then brought up to date from the change log: only the documents changed since
    the loaded generation are read again, so a publish does not cost a full reload on the next search.
    """

    def __init__(self, generation: int, table: np.ndarray, facet_rows: Iterable[tuple[str, str, str]]):
        self.generation = generation
        self._table = table[np.argsort(table[:, 0], kind="stable")]  # id, price, published_ts, expiry_ts
        self._facets: dict[str, tuple[np.ndarray, np.ndarray, list[str], dict[str, int]]] = {}
        self._add_facets(facet_rows)
        self._derive()

    @classmethod
    def load(cls, connection: sqlite3.Connection, generation: int) -> "_Columns":
        return cls(generation, _docs_table(connection.execute(DOC_COLUMNS)), connection.execute(FACET_GROUPS))

    def updated(self, connection: sqlite3.Connection, generation: int, changed: np.ndarray) -> "_Columns":
        """A copy with the rows of the `changed` document ids replaced by what the index holds for them now
        (a copy: searches in other threads keep using this one)."""
        columns = copy.copy(self)
        columns._facets = dict(self._facets)
        columns._update(connection, generation, changed)
        return columns

    def _update(self, connection: sqlite3.Connection, generation: int, changed: np.ndarray) -> None:
        self.generation = generation
        if not len(changed):
            return
        ids = [int(pk) for pk in changed]
        placeholders = ", ".join("?" * len(ids))
        fresh = _docs_table(connection.execute(f"{DOC_COLUMNS} WHERE id IN ({placeholders})", ids))
        kept = self._table[~np.isin(self._table[:, 0].astype(np.int64), changed)]
        table = np.concatenate([kept, fresh])
        self._table = table[np.argsort(table[:, 0], kind="stable")]
        for field, (doc_ids, codes, values, lookup) in list(self._facets.items()):
            keep = ~np.isin(doc_ids, changed)
            self._facets[field] = (doc_ids[keep], codes[keep], values, lookup)
        self._add_facets(connection.execute(FACET_GROUPS.replace("GROUP BY", f"WHERE doc_id IN ({placeholders}) GROUP BY"),
                                            ids))
        self.generation = generation
        self._derive()

    def _add_facets(self, groups: Iterable[tuple[str, str, str]]) -> None:
        """Add (field, value, comma-separated document ids) groups to the facet columns."""
        added: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {}
        for field, value, joined in groups:
            _ids, _codes, values, lookup = self._facets.setdefault(
                field, (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), [], {}))
            if value not in lookup:
                lookup[value] = len(values)
                values.append(value)
            members = np.array(joined.split(","), dtype=np.int64)
            new_ids, new_codes = added.setdefault(field, ([], []))
            new_ids.append(members)
            new_codes.append(np.full(len(members), lookup[value], dtype=np.int32))
        for field, (new_ids, new_codes) in added.items():
            doc_ids, codes, values, lookup = self._facets[field]
            self._facets[field] = (np.concatenate([doc_ids, *new_ids]), np.concatenate([codes, *new_codes]), values,
                                   lookup)

    def _derive(self) -> None:
        table = self._table
        self.ids = table[:, 0].astype(np.int64)
        self.price = table[:, 1]
        self.published = np.nan_to_num(table[:, 2], nan=-np.inf)
        self._expiry = table[:, 3]
        self._positions = {field: np.searchsorted(self.ids, doc_ids) for field, (doc_ids, *_rest) in self._facets.items()}
        self._orders: dict[str, np.ndarray] = {}

    def order(self, sort: str) -> np.ndarray:
        """Positions in `sort` order (ties: newest first, then highest id), computed once per generation."""
        if sort not in self._orders:
            key = {"newest": -self.published, "price_asc": self.price, "price_desc": -self.price,
                   "expiry": self._expiry}[sort]
            self._orders[sort] = np.lexsort((-self.ids, -self.published, np.nan_to_num(key, nan=np.inf)))
        return self._orders[sort]

    def mask(self, field: str, values: list[str]) -> np.ndarray:
        result = np.zeros(len(self.ids), dtype=bool)
        if field in self._facets:
            _ids, codes, _values, lookup = self._facets[field]
            wanted = [lookup[value] for value in values if value in lookup]
            result[self._positions[field][np.isin(codes, wanted)]] = True
        return result

    def counts(self, field: str, selected: np.ndarray) -> dict[str, int]:
        if field not in self._facets:
            return {}
        _ids, codes, values, _lookup = self._facets[field]
        counted = np.bincount(codes[selected[self._positions[field]]], minlength=len(values))
        present = np.flatnonzero(counted)
        ranked = sorted((-int(counted[code]), values[code]) for code in present)
        return {value: -negative for negative, value in ranked}


class _MatchCache:
    """Recent full-text matches (sorted row ids and relevance) by FTS expression, least recently used out.

    Paging, changing filters or facets and popular queries reuse the match instead of scoring every matching
    document again. Index changes patch the entries: the changed documents are matched again, the rest kept.
    """

    def __init__(self, max_rows: int = CACHE_ROWS):
        self._entries: OrderedDict[tuple, tuple[np.ndarray, np.ndarray, bool]] = OrderedDict()
        self._rows = 0
        self._max_rows = max_rows

    def get(self, key: tuple) -> tuple[np.ndarray, np.ndarray] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0], entry[1]

    def put(self, key: tuple, rowids: np.ndarray, relevance: np.ndarray, *, relaxed: bool) -> None:
        if len(rowids) > self._max_rows // 4:
            return
        self._discard(key)
        self._entries[key] = (rowids, relevance, relaxed)
        self._rows += len(rowids)
        while self._rows > self._max_rows:
            self._discard(next(iter(self._entries)))

    def patch(self, rematch: Callable[[str, np.ndarray], tuple[np.ndarray, np.ndarray]], changed: np.ndarray) -> None:
        """Match the `changed` documents again for every entry; relaxed entries (their fallback depends on how
        many documents match) and entries that fell under the fallback threshold are dropped instead."""
        for key, (rowids, relevance, relaxed) in list(self._entries.items()):
            self._discard(key)
            if relaxed:
                continue
            keep = ~np.isin(rowids, changed)
            fresh_ids, fresh_relevance = rematch(key[0], changed)
            rowids = np.concatenate([rowids[keep], fresh_ids])
            if len(rowids) >= RELAX_BELOW:
                order = np.argsort(rowids, kind="stable")
                self.put(key, rowids[order], np.concatenate([relevance[keep], fresh_relevance])[order], relaxed=False)

    def clear(self) -> None:
        self._entries.clear()
        self._rows = 0

    def _discard(self, key: tuple) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._rows -= len(entry[0])


def _docs_table(rows: Iterable[tuple]) -> np.ndarray:
    return np.array(list(rows), dtype=float).reshape(-1, 4)  # NULL becomes nan


class EmbeddedBackend(SearchBackend):
    def __init__(self, path: str | None = None, **options):
        super().__init__(**options)
        path = path or settings.SEARCH_EMBEDDED_PATH
        self._memory = path == ":memory:"
        if self._memory:
            self._target = f"file:ipmarket-search-{id(self)}?mode=memory&cache=shared"
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._target = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._columns: _Columns | None = None
        self._matches = _MatchCache()
        self._vocabulary: tuple[int, float, list[str]] = (-1, 0.0, [])
        self._schema_ready = False
        # An in-memory database lives as long as one connection to it is open.
        self._keeper = self._connect() if self._memory else None

    # --- connections ----------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(self._target, uri=self._memory, timeout=30, isolation_level=None,
                                         check_same_thread=False)
            if not self._memory:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=30000")
        except sqlite3.Error as error:
            raise SearchUnavailable(f"cannot open the search index {self._target}: {error}") from error
        return connection

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        if not self._schema_ready:
            self.configure()
        return connection

    @contextmanager
    def _writing(self, changed: list[tuple[int]]) -> Iterator[sqlite3.Connection]:
        """A write transaction that bumps the generation and logs the changed document ids."""
        connection = self._connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            generation = self._generation(connection) + 1
            connection.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (generation,))
            connection.executemany("INSERT INTO changes VALUES (?, ?)", [(generation, pk) for (pk,) in changed])
            connection.execute("DELETE FROM changes WHERE generation <= ?", (generation - CHANGE_LOG,))
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _generation(self, connection: sqlite3.Connection) -> int:
        return connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]

    def _current_state(self, connection: sqlite3.Connection) -> _Columns:
        """The columns at the index's current generation: loaded once, then updated with the changed documents
        (and the match cache patched for them) whenever another write has happened since."""
        generation = self._generation(connection)
        with self._lock:
            columns = self._columns
            if columns is not None and columns.generation == generation:
                return columns
            changed = None if columns is None else self._changed_since(connection, columns.generation)
            if changed is None or len(changed) > CATCH_UP_MAX or EVERYTHING in changed:
                self._columns = _Columns.load(connection, generation)
                self._matches.clear()
            else:
                self._columns = columns.updated(connection, generation, changed)
                self._matches.patch(lambda expression, ids: self._match(connection, expression, only=ids), changed)
            return self._columns

    def _changed_since(self, connection: sqlite3.Connection, generation: int) -> np.ndarray | None:
        """Document ids changed after `generation`; None when the log no longer reaches back that far."""
        oldest = connection.execute("SELECT min(generation) FROM changes").fetchone()[0]
        if oldest is None or oldest > generation + 1:
            return None
        rows = connection.execute("SELECT DISTINCT doc_id FROM changes WHERE generation > ?", (generation,))
        return np.array([pk for (pk,) in rows], dtype=np.int64)

    # --- writes ---------------------------------------------------------------------------------------

    def configure(self) -> None:
        connection = getattr(self._local, "connection", None) or self._connect()
        self._local.connection = connection
        try:
            connection.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise SearchUnavailable(f"cannot create the search index: {error}") from error
        self._schema_ready = True

    def index(self, documents: Iterable[dict]) -> int:
        sent = 0
        for batch in _batched(documents, BATCH):
            ids = [(d["id"],) for d in batch]
            with self._writing(ids) as connection:
                connection.executemany("DELETE FROM fts WHERE rowid = ?", ids)
                connection.executemany("DELETE FROM facets WHERE doc_id = ?", ids)
                connection.executemany(
                    "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)",
                    [(d["id"], json.dumps(d, ensure_ascii=False), d["price"], d["published_ts"], d["expiry_ts"])
                     for d in batch],
                )
                connection.executemany(
                    f"INSERT INTO fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                    [(d["id"], *fts_text(d)) for d in batch],
                )
                connection.executemany(
                    "INSERT INTO facets VALUES (?, ?, ?)",
                    [(d["id"], field, str(value)) for d in batch for field in FACET_FIELDS
                     for value in (d[field] if isinstance(d[field], list) else [d[field]]) if value not in (None, "")],
                )
            sent += len(batch)
        return sent

    def delete(self, listing_ids: Iterable[int]) -> None:
        ids = [(int(pk),) for pk in listing_ids]
        with self._writing(ids) as connection:
            for table, column in (("fts", "rowid"), ("facets", "doc_id"), ("docs", "id")):
                connection.executemany(f"DELETE FROM {table} WHERE {column} = ?", ids)

    def clear(self) -> None:
        with self._writing([(EVERYTHING,)]) as connection:
            for table in ("fts", "facets", "docs"):
                connection.execute(f"DELETE FROM {table}")

    def optimize(self) -> None:
        with self._writing([]) as connection:
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")

    # --- reads ----------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        connection = self._connection()
        columns = self._current_state(connection)
        size = len(columns.ids)
        clauses = [self._with_typos(connection, clause) for clause in parse_query(query.text)]
        expression = fts_expression(clauses, match_any=query.match_any)
        scores = np.zeros(size)
        base = np.ones(size, dtype=bool)
        if expression:
            rowids, relevance = self._matching(connection, clauses, expression, match_any=query.match_any)
            positions = np.searchsorted(columns.ids, rowids)
            known = positions < size
            known[known] &= columns.ids[positions[known]] == rowids[known]
            base[:] = False
            base[positions[known]] = True
            scores[positions[known]] = relevance[known]
        if query.price_min is not None or query.price_max is not None:
            low = -np.inf if query.price_min is None else query.price_min
            high = np.inf if query.price_max is None else query.price_max
            with np.errstate(invalid="ignore"):
                base &= (columns.price >= low) & (columns.price <= high)
        masks = {field: columns.mask(field, values) for field, values in query.filters.items() if values}
        selected = base.copy()
        for mask in masks.values():
            selected &= mask
        facets = {}
        for field in query.facets:
            others = base.copy()
            for other, mask in masks.items():
                if other != field:
                    others &= mask
            facets[field] = columns.counts(field, others)
        total = int(selected.sum())
        start = (query.page - 1) * query.per_page
        page_positions = self._page(columns, selected, scores, query, bool(expression), start)
        terms = set().union(*(clause.highlight for clause in clauses)) if query.highlight else set()
        hits = self._hits(connection, columns, page_positions, scores, terms)
        return SearchResults(hits=hits, total=total, facets=facets, page=query.page, per_page=query.per_page)

    def _matching(self, connection: sqlite3.Connection, clauses: list[Clause], expression: str, *,
                  match_any: bool) -> tuple[np.ndarray, np.ndarray]:
        """Matching row ids (sorted) and their relevance, from the match cache when the query was seen before."""
        key = (expression, match_any)
        with self._lock:
            cached = self._matches.get(key)
        if cached is not None:
            return cached
        rowids = relevance = None
        if not match_any:
            rowids, relevance = self._match(connection, expression)
        relaxed = len(clauses) > 1 and (match_any or len(rowids) < RELAX_BELOW)
        if relaxed:
            rowids, relevance = self._match_most(connection, clauses, match_any=match_any)
        elif rowids is None:  # a one-clause match_any query
            rowids, relevance = self._match(connection, expression)
        order = np.argsort(rowids, kind="stable")
        rowids, relevance = rowids[order], relevance[order]
        with self._lock:
            self._matches.put(key, rowids, relevance, relaxed=relaxed)
        return rowids, relevance

    def _match_most(self, connection: sqlite3.Connection, clauses: list[Clause], *,
                    match_any: bool) -> tuple[np.ndarray, np.ndarray]:
        """Documents matching any clause (half of them at least, unless `match_any`), ranked first by how
        many clauses they match, then by BM25: the fallback when all clauses together find too little."""
        rowids, relevance = self._match(connection, fts_expression(clauses, match_any=True))
        matched = np.zeros(len(rowids))
        for clause in clauses:
            matched += np.isin(rowids, self._match_ids(connection, clause_expression(clause)))
        keep = matched >= (1 if match_any else -(-len(clauses) // 2))
        return rowids[keep], (matched * COVERAGE_WEIGHT + relevance)[keep]

    def _match(self, connection: sqlite3.Connection, expression: str, *,
               only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Row ids matching `expression` (among `only`, if given) and their relevance (negated BM25: higher is
        better)."""
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = f"SELECT rowid, -bm25(fts, {weights}) FROM fts WHERE fts MATCH ?"
        parameters: tuple = (expression,)
        if only is not None:
            sql += " AND rowid IN (SELECT value FROM json_each(?))"
            parameters += (json.dumps([int(pk) for pk in only]),)
        table = np.array(self._fts_rows(connection, sql, parameters), dtype=float).reshape(-1, 2)
        return table[:, 0].astype(np.int64), table[:, 1]

    def _match_ids(self, connection: sqlite3.Connection, expression: str) -> np.ndarray:
        """Row ids matching `expression`, unranked (BM25 costs more than the matching itself)."""
        rows = self._fts_rows(connection, "SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (expression,))
        joined = rows[0][0] if rows else None
        return np.array(joined.split(","), dtype=np.int64) if joined else np.zeros(0, dtype=np.int64)

    def _fts_rows(self, connection: sqlite3.Connection, sql: str, parameters: tuple) -> list[tuple]:
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            if "fts5" in str(error) or "syntax" in str(error):  # cannot happen with quoted terms; never a 500
                return []
            raise SearchUnavailable(str(error)) from error

    def _page(self, columns: _Columns, selected: np.ndarray, scores: np.ndarray, query: SearchQuery,
              has_text: bool, start: int) -> np.ndarray:
        end = start + query.per_page
        if query.sort == "relevance" and has_text:
            candidates = np.flatnonzero(selected)
            if start >= len(candidates):
                return candidates[:0]
            if end < len(candidates):
                candidates = candidates[np.argpartition(-scores[candidates], end - 1)[:end]]
            ranked = candidates[np.lexsort((-columns.ids[candidates], -columns.published[candidates],
                                            -scores[candidates]))]
            return ranked[start:end]
        order = columns.order("newest" if query.sort == "relevance" else query.sort)
        return order[selected[order]][start:end]

    def _hits(self, connection: sqlite3.Connection, columns: _Columns, positions: np.ndarray, scores: np.ndarray,
              terms: set[str]) -> list[SearchHit]:
        ids = [int(pk) for pk in columns.ids[positions]]
        if not ids:
            return []
        placeholders = ", ".join("?" * len(ids))
        stored = dict(connection.execute(f"SELECT id, document FROM docs WHERE id IN ({placeholders})", ids))
        hits = []
        for position, pk in zip(positions, ids, strict=True):
            document = json.loads(stored[pk])
            marked = {field: highlight(document.get(field) or "", terms) for field in TITLE_FIELDS}
            marked |= {field: highlight(document.get(field) or "", terms, snippet=160) for field in SNIPPET_FIELDS}
            hits.append(SearchHit(listing_id=pk, score=float(scores[position]), document=document,
                                  highlights={field: html for field, html in marked.items() if html}))
        return hits

    def _with_typos(self, connection: sqlite3.Connection, clause: Clause) -> Clause:
        """A Latin word the index has never seen also matches the nearest indexed words (1–2 edits)."""
        word = clause.word
        if len(word) < 5 or connection.execute("SELECT 1 FROM fts_terms WHERE term = ?", (word,)).fetchone():
            return clause
        typos = 1 if len(word) <= 8 else 2
        matches = process.extract(word, self._vocabulary_for(connection), scorer=Levenshtein.distance,
                                  score_cutoff=typos, limit=10)
        # As in Meilisearch, a typo on the first letter counts twice.
        close = [(distance + (candidate[0] != word[0]), candidate) for candidate, distance, _index in matches]
        for _distance, candidate in sorted(c for c in close if c[0] <= typos)[:3]:
            clause.phrases.append((candidate,))
            clause.highlight.add(candidate)
        return clause

    def _vocabulary_for(self, connection: sqlite3.Connection) -> list[str]:
        generation = self._generation(connection)
        with self._lock:
            cached_generation, loaded_at, words = self._vocabulary
            stale = cached_generation != generation and time.monotonic() - loaded_at > VOCABULARY_MAX_AGE
            if cached_generation < 0 or stale:
                rows = connection.execute("SELECT term FROM fts_terms WHERE term >= 'a' AND term < '{'")
                words = [term for (term,) in rows if len(term) >= 3 and term.isalpha()]
                self._vocabulary = (generation, time.monotonic(), words)
            return words

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        clauses = prefix_clauses(prefix)
        if not clauses:
            return []
        expression = f"title : ({fts_expression(clauses, match_any=False)})"
        connection = self._connection()
        rows = connection.execute(
            "SELECT docs.document FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? ORDER BY rank LIMIT ?",
            (expression, limit * 3),
        ).fetchall()
        prefers_chinese = any("\u3400" <= char <= "\ufaff" for char in prefix)
        titles: dict[str, None] = {}
        for (stored,) in rows:
            document = json.loads(stored)
            first, second = ("title_zh", "title_en") if prefers_chinese else ("title_en", "title_zh")
            titles.setdefault(document[first] or document[second], None)
        return list(titles)[:limit]
