"""The embedded engine's store and searches: SQLite for what is shared and persisted, numpy for the rest.

The SQLite file (its own, whatever the site's main database is) holds every document, its analysed text (see
`search.text`) and facet values, a change log of the documents each write touched, and a snapshot of the
inverted index (saved by the process that last built it whole). Each process loads from it, once, the inverted
index (`inverted.TextIndex`) and numpy columns of facet values and sort keys (`columns.Columns`), then brings
both up to date from the change log, reading only the documents changed since. One SQLite connection per thread; ":memory:" becomes a shared-cache database private to the backend
instance, so every thread of the process sees the same index.
"""

import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import numpy as np
from django.conf import settings
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

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
from .columns import Columns
from .inverted import FIELDS, Segment, TextIndex
from .ranking import rank

logger = logging.getLogger(__name__)
SNIPPET_FIELDS = ("abstract_zh", "abstract_en", "description_zh", "description_en")
TITLE_FIELDS = ("title_zh", "title_en")
BATCH = 500
CHANGE_LOG = 5_000  # generations of changed document ids kept, so other processes can catch up incrementally
CATCH_UP_MAX = 20_000  # more changed documents than this: reload everything instead
DELTA_MAX = 5_000  # changed documents kept beside the loaded inverted index before it is reloaded whole
EVERYTHING = -1  # a change-log entry for `clear`
ANALYSED = f"SELECT doc_id, {', '.join(FIELDS)} FROM analysed"

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
CREATE TABLE IF NOT EXISTS analysed (doc_id INTEGER PRIMARY KEY, {", ".join(f"{f} TEXT NOT NULL" for f in FIELDS)});
CREATE TABLE IF NOT EXISTS snapshot (part TEXT PRIMARY KEY, generation INTEGER NOT NULL, data BLOB NOT NULL);
"""
# Indexes written before the in-memory engine kept the analysed text in an FTS5 table: move it over once.
FTS5_TABLE = "SELECT 1 FROM sqlite_master WHERE name = 'fts'"
FROM_FTS5 = (f"INSERT OR IGNORE INTO analysed SELECT rowid, {', '.join(FIELDS)} FROM fts",
             "DROP TABLE IF EXISTS fts_terms", "DROP TABLE fts")


def fts_text(document: dict) -> tuple[str, ...]:
    """The analysed text of each indexed field (`inverted.FIELDS`) of a document."""
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


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _id_list(ids: Iterable[int]) -> str:
    return json.dumps([int(pk) for pk in ids])


class EmbeddedBackend(SearchBackend):
    def __init__(self, path: str | None = None, **options):
        super().__init__(**options)
        path = path or settings.SEARCH_EMBEDDED_PATH
        self._memory = path == ":memory:"
        if self._memory:
            # A fresh name per backend: an id() can be reused while an old connection keeps its database alive.
            self._target = f"file:ipmarket-search-{uuid.uuid4().hex}?mode=memory&cache=shared"
        else:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._target = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._state: tuple[Columns, TextIndex] | None = None
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
    def _transaction(self, connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    @contextmanager
    def _writing(self, changed: list[tuple[int]]) -> Iterator[sqlite3.Connection]:
        """A write transaction that bumps the generation and logs the changed document ids."""
        with self._transaction(self._connection()) as connection:
            yield connection
            generation = self._generation(connection) + 1
            connection.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (generation,))
            connection.executemany("INSERT INTO changes VALUES (?, ?)", [(generation, pk) for (pk,) in changed])
            connection.execute("DELETE FROM changes WHERE generation <= ?", (generation - CHANGE_LOG,))

    def _generation(self, connection: sqlite3.Connection) -> int:
        return connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]

    def _current_state(self, connection: sqlite3.Connection) -> tuple[Columns, TextIndex]:
        """The columns and inverted index at the index's current generation: loaded once, then updated with the
        changed documents whenever another write has happened since."""
        generation = self._generation(connection)
        with self._lock:
            if self._state is not None and self._state[0].generation == generation:
                return self._state
            columns, text = self._state or (None, None)
            changed = None if columns is None else self._changed_since(connection, columns.generation)
            if changed is None or len(changed) > CATCH_UP_MAX or EVERYTHING in changed:
                columns, text = Columns.load(connection, generation), None
            else:
                columns = columns.updated(connection, generation, changed)
            if text is None or text.delta_size + len(changed) > DELTA_MAX:
                text = self._load_text(connection, generation)
            else:
                text = text.updated(generation, changed, lambda ids: self._analysed(connection, ids))
            self._state = (columns, text)
            return self._state

    def _load_text(self, connection: sqlite3.Connection, generation: int) -> TextIndex:
        """The inverted index from the store's snapshot, brought up to date, if it is recent enough; otherwise
        built from all the analysed text, and snapshotted for the next process."""
        rows = connection.execute("SELECT part, generation, data FROM snapshot").fetchall()
        if rows and len({stored for _part, stored, _data in rows}) == 1 and rows[0][1] <= generation:
            stored = rows[0][1]
            base = TextIndex(stored, Segment.from_parts({part: data for part, _stored, data in rows}))
            changed = np.zeros(0, dtype=np.int64) if stored == generation else self._changed_since(connection, stored)
            if changed is not None and EVERYTHING not in changed and len(changed) <= DELTA_MAX:
                return base.updated(generation, changed, lambda ids: self._analysed(connection, ids))
        text = TextIndex.load(connection.execute(f"{ANALYSED} ORDER BY doc_id"), generation)
        try:
            with self._transaction(connection):
                connection.execute("DELETE FROM snapshot")
                connection.executemany("INSERT INTO snapshot VALUES (?, ?, ?)",
                                       [(part, generation, data) for part, data in text.base.parts().items()])
        except sqlite3.Error as error:  # a snapshot only saves the next process time
            logger.warning("Search index snapshot not saved: %s", error)
        return text

    def _analysed(self, connection: sqlite3.Connection, ids: Iterable[int]) -> sqlite3.Cursor:
        return connection.execute(f"{ANALYSED} WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id",
                                  (_id_list(ids),))

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
            if connection.execute(FTS5_TABLE).fetchone():
                self._move_from_fts5(connection)
        except sqlite3.Error as error:
            raise SearchUnavailable(f"cannot create the search index: {error}") from error
        self._schema_ready = True

    def _move_from_fts5(self, connection: sqlite3.Connection) -> None:
        with self._transaction(connection):
            if connection.execute(FTS5_TABLE).fetchone():  # another process may have moved it meanwhile
                for statement in FROM_FTS5:
                    connection.execute(statement)

    def index(self, documents: Iterable[dict]) -> int:
        sent = 0
        for batch in _batched(documents, BATCH):
            ids = [(d["id"],) for d in batch]
            with self._writing(ids) as connection:
                connection.executemany("DELETE FROM facets WHERE doc_id = ?", ids)
                connection.executemany(
                    "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)",
                    [(d["id"], json.dumps(d, ensure_ascii=False), d["price"], d["published_ts"], d["expiry_ts"])
                     for d in batch],
                )
                connection.executemany(f"INSERT OR REPLACE INTO analysed VALUES (?{', ?' * len(FIELDS)})",
                                       [(d["id"], *fts_text(d)) for d in batch])
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
            for table, column in (("analysed", "doc_id"), ("facets", "doc_id"), ("docs", "id")):
                connection.executemany(f"DELETE FROM {table} WHERE {column} = ?", ids)

    def clear(self) -> None:
        with self._writing([(EVERYTHING,)]) as connection:
            for table in ("analysed", "facets", "docs", "snapshot"):
                connection.execute(f"DELETE FROM {table}")

    # --- reads ----------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        connection = self._connection()
        columns, text = self._current_state(connection)
        size = len(columns.ids)
        clauses = [self._with_typos(text, clause) for clause in parse_query(query.text)]
        clauses = [clause for clause in clauses if clause.phrases or clause.prefixes]
        scores = np.zeros(size)
        base = np.ones(size, dtype=bool)
        if clauses:
            rowids, relevance = rank(text, clauses, match_any=query.match_any)
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
        page_positions = self._page(columns, selected, scores, query, bool(clauses), start)
        terms = set().union(*(clause.highlight for clause in clauses)) if query.highlight else None
        hits = self._hits(connection, columns, page_positions, scores, terms)
        return SearchResults(hits=hits, total=total, facets=facets, page=query.page, per_page=query.per_page)

    def _page(self, columns: Columns, selected: np.ndarray, scores: np.ndarray, query: SearchQuery,
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

    def _hits(self, connection: sqlite3.Connection, columns: Columns, positions: np.ndarray, scores: np.ndarray,
              terms: set[str] | None) -> list[SearchHit]:
        """The page's documents, highlighted with `terms` (None: not highlighted)."""
        ids = [int(pk) for pk in columns.ids[positions]]
        stored = self._documents(connection, ids)
        hits = []
        for position, pk in zip(positions, ids, strict=True):
            document = stored[pk]
            marked = {}
            if terms:
                marked = {field: highlight(document.get(field) or "", terms) for field in TITLE_FIELDS}
                marked |= {field: highlight(document.get(field) or "", terms, snippet=160) for field in SNIPPET_FIELDS}
            hits.append(SearchHit(listing_id=pk, score=float(scores[position]), document=document,
                                  highlights={field: html for field, html in marked.items() if html}))
        return hits

    def _documents(self, connection: sqlite3.Connection, ids: list[int]) -> dict[int, dict]:
        if not ids:
            return {}
        rows = connection.execute("SELECT id, document FROM docs WHERE id IN (SELECT value FROM json_each(?))",
                                  (_id_list(ids),))
        return {pk: json.loads(stored) for pk, stored in rows}

    def _with_typos(self, text: TextIndex, clause: Clause) -> Clause:
        """A Latin word the index has never seen also matches the nearest indexed words (1–2 edits)."""
        word = clause.word
        if len(word) < 5 or text.knows(word):
            return clause
        typos = 1 if len(word) <= 8 else 2
        matches = process.extract(word, text.latin_words, scorer=Levenshtein.distance, score_cutoff=typos,
                                  limit=10)
        # As in Meilisearch, a typo on the first letter counts twice.
        close = [(distance + (candidate[0] != word[0]), candidate) for candidate, distance, _index in matches]
        for _distance, candidate in sorted(c for c in close if c[0] <= typos)[:3]:
            clause.phrases.append((candidate,))
            clause.highlight.add(candidate)
        return clause

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        clauses = [clause for clause in prefix_clauses(prefix) if clause.phrases or clause.prefixes]
        if not clauses:
            return []
        connection = self._connection()
        _columns, text = self._current_state(connection)
        ids, scores = rank(text, clauses, match_any=False, fields=(FIELDS.index("title"),))
        best = ids[np.lexsort((ids, -scores))[:limit * 3]]
        stored = self._documents(connection, [int(pk) for pk in best])
        prefers_chinese = any("\u3400" <= char <= "\ufaff" for char in prefix)
        first, second = ("title_zh", "title_en") if prefers_chinese else ("title_en", "title_zh")
        titles = dict.fromkeys(stored[pk][first] or stored[pk][second] for pk in map(int, best) if pk in stored)
        return list(titles)[:limit]
