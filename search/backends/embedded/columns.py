"""Every indexed document's facet values and sort keys as numpy columns: filters, facet counts and sorts."""

import copy
import sqlite3
from collections.abc import Iterable

import numpy as np

DOC_COLUMNS = "SELECT id, price, published_ts, expiry_ts FROM docs"
FACET_GROUPS = "SELECT field, value, group_concat(doc_id) FROM facets GROUP BY field, value"


class Columns:
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
    def load(cls, connection: sqlite3.Connection, generation: int) -> "Columns":
        return cls(generation, _docs_table(connection.execute(DOC_COLUMNS)), connection.execute(FACET_GROUPS))

    def updated(self, connection: sqlite3.Connection, generation: int, changed: np.ndarray) -> "Columns":
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


def _docs_table(rows: Iterable[tuple]) -> np.ndarray:
    return np.array(list(rows), dtype=float).reshape(-1, 4)  # NULL becomes nan
