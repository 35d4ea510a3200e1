"""Relevance over the inverted index, vectorised with numpy: which documents match a parsed query and how well.

Each clause (a word, or a synonym group) scores a document by BM25F: the term frequencies of its fields,
weighted and normalised by field length, saturate once, and the best of the clause's alternatives (phrases,
prefixes, sub-words near each other) counts. A query's score is the sum over its clauses plus a proximity
bonus when consecutive clauses occur close together in a title or abstract. All clauses must match; when that
finds too little (or with `match_any`), documents matching part of the query are ranked by the share of the
query's IDF weight they match, so a rare word matched counts more than a common one.
"""

from dataclasses import dataclass

import numpy as np

from ...text import Clause
from .inverted import DOC_SHIFT, FIELD_SHIFT, FIELDS, TextIndex, documents_of, fields_of

FIELD_WEIGHTS = np.array([5.0, 2.0, 1.0, 1.5, 3.0])  # title, IPC class titles, abstract, parties, codes
K1, B = 1.2, 0.75
NEAR_DISTANCE = 4  # sub-words of a long Chinese word, or words of a synonym, at most this many terms apart
RELAX_BELOW = 20  # fewer matches of all clauses than this: also rank documents that match most of the query
COVERAGE_WEIGHT = 1000.0  # a larger share of the query matched outweighs any BM25 difference
PROXIMITY_FIELDS = (FIELDS.index("title"), FIELDS.index("body"))
PROXIMITY_WINDOW = 5  # terms between two clauses beyond which their closeness earns nothing
PROXIMITY_WEIGHT = 1.0  # times the rarer clause's IDF, for clauses side by side


@dataclass
class ClauseMatch:
    scores: np.ndarray  # per document of the index, 0 where the clause does not match
    starts: np.ndarray  # sorted keys where an occurrence starts
    ends: np.ndarray  # the key of each occurrence's last term
    weight: float  # IDF of the clause (documents matching any alternative)


def idf(matching: int, documents: int) -> float:
    return float(np.log1p((documents - matching + 0.5) / (matching + 0.5)))


def rank(index: TextIndex, clauses: list[Clause], *, match_any: bool,
         fields: tuple[int, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the matching documents and their scores (higher is better); `fields` restricts the match."""
    matches = [_clause(index, clause, fields) for clause in clauses]
    if not matches:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    matched = np.array([match.scores > 0 for match in matches])
    scores = np.sum([match.scores for match in matches], axis=0)
    everywhere = matched.all(axis=0)
    if match_any or (len(matches) > 1 and np.count_nonzero(everywhere) < RELAX_BELOW):
        weights = np.array([match.weight for match in matches])
        coverage = weights @ matched / max(weights.sum(), 1e-9)
        keep = matched.any(axis=0) if match_any else coverage >= 0.5 - 1e-9
        scores = scores + COVERAGE_WEIGHT * coverage
    else:
        keep = everywhere
    for first, second in zip(matches, matches[1:]):
        scores += _proximity(first, second, len(scores))
    positions = np.flatnonzero(keep)
    return index.ids[positions], scores[positions]


def _clause(index: TextIndex, clause: Clause, fields: tuple[int, ...] | None) -> ClauseMatch:
    alternatives = [(index.phrase(terms), len(terms)) for terms in clause.phrases]
    alternatives += [(index.prefix(prefix), 1) for prefix in clause.prefixes]
    alternatives += [(index.near(parts, NEAR_DISTANCE), len(parts[0])) for parts in clause.near]
    if fields is not None:
        alternatives = [(keys[np.isin(fields_of(keys), fields)], length) for keys, length in alternatives]
    alternatives = [(keys, length) for keys, length in alternatives if len(keys)]
    scores = np.zeros(len(index.ids))
    for keys, _length in alternatives:
        documents, frequency = _field_frequencies(index, keys)
        score = idf(len(documents), index.count) * frequency * (K1 + 1) / (K1 + frequency)
        scores[documents] = np.maximum(scores[documents], score)
    starts = np.concatenate([keys for keys, _length in alternatives]) if alternatives else np.zeros(0, np.int64)
    ends = np.concatenate([keys + length - 1 for keys, length in alternatives]) if alternatives else starts
    order = np.argsort(starts, kind="stable")
    return ClauseMatch(scores, starts[order], ends[order], idf(np.count_nonzero(scores), index.count))


def _field_frequencies(index: TextIndex, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The documents of sorted occurrence `keys` and each one's BM25F frequency: occurrences weighted by field
    and normalised by the field's length in that document."""
    documents, fields = documents_of(keys), fields_of(keys)
    normalised = 1 - B + B * index.lengths[documents, fields] / index.average_lengths[fields]
    weighted = FIELD_WEIGHTS[fields] / normalised
    first = np.flatnonzero(np.r_[True, documents[1:] != documents[:-1]])
    return documents[first], np.add.reduceat(weighted, first)


def _proximity(first: ClauseMatch, second: ClauseMatch, size: int) -> np.ndarray:
    """Per document, a bonus for the closest occurrences of two clauses in one title or abstract: full when
    the second follows the first directly, nothing beyond PROXIMITY_WINDOW terms (the reverse order counts
    one term farther)."""
    bonus = np.zeros(size)
    a_in = np.isin(fields_of(first.starts), PROXIMITY_FIELDS)
    b_in = np.isin(fields_of(second.starts), PROXIMITY_FIELDS)
    a_starts, a_ends = first.starts[a_in], first.ends[a_in]
    b_starts, b_ends = second.starts[b_in], second.ends[b_in]
    if not len(a_starts) or not len(b_starts):
        return bonus
    after = np.searchsorted(a_starts, b_starts, side="right")
    before, following = np.maximum(after - 1, 0), np.minimum(after, len(a_starts) - 1)
    place = b_starts >> FIELD_SHIFT
    forward = np.where((a_starts[before] >> FIELD_SHIFT == place) & (a_starts[before] <= b_starts),
                       b_starts - a_ends[before], np.inf)
    backward = np.where((a_starts[following] >> FIELD_SHIFT == place) & (a_starts[following] > b_starts),
                        a_starts[following] - b_ends + 1, np.inf)
    gap = np.maximum(np.minimum(forward, backward), 1)
    closeness = np.clip(1 - (gap - 1) / PROXIMITY_WINDOW, 0, 1)
    close = closeness > 0
    np.maximum.at(bonus, b_starts[close] >> DOC_SHIFT, closeness[close])
    return bonus * PROXIMITY_WEIGHT * min(first.weight, second.weight)
