"""Relevance over the inverted index, vectorised with numpy: which documents match a parsed query and how well.

Each clause (a word, or a synonym group) scores a document by BM25F: the occurrences of all its alternatives
(phrases, prefixes, sub-words near each other), weighted by field and normalised by field length, saturate
once, with the IDF of the documents matching the clause at all (so synonyms count alike, whichever is rarer).
A query's score is the sum over its clauses. All clauses must match; when that finds too little (or with
`match_any`), documents matching part of the query are ranked first by how many clauses they match, then by
score, where a rare word matched already counts more than a common one.

Multi-word queries that match at least FEEDBACK_DOCUMENTS documents are re-ranked by pseudo-relevance
feedback (RM3-style): the words typical of the first pass's best documents join the query (on
bench/relevance.py P@10 0.74 -> 0.77). Not with `match_any` (demand matching): no labels there to show a gain.

Measured on bench/relevance.py and left out: a bonus when every clause is in the title (lowered blockchain), a
bonus for clauses near each other in a title or abstract, and a partial-match share weighted by IDF instead of
counted (neither raised precision).
"""

import numpy as np

from ...text import Clause
from .inverted import TextIndex, documents_of, fields_of

FIELD_WEIGHTS = np.array([5.0, 2.0, 1.0, 1.5, 3.0])  # title, IPC class titles, abstract, parties, codes
K1, B = 1.2, 0.75
NEAR_DISTANCE = 4  # sub-words of a long Chinese word, or words of a synonym, at most this many terms apart
RELAX_BELOW = 20  # fewer matches of all clauses than this: also rank documents that match most of the query
COVERAGE_WEIGHT = 1000.0  # a matched clause outweighs any score difference
FEEDBACK_DOCUMENTS = 10  # pseudo-relevance feedback: the first pass's best documents
EXPANSION_TERMS = 10
EXPANSION_WEIGHT = 0.5  # the expansion terms' share of a re-ranked score
FEEDBACK_FIELDS = (0, 1, 2)  # title, IPC class titles, abstract: not names or codes


def idf(matching: int, documents: int) -> float:
    return float(np.log1p((documents - matching + 0.5) / (matching + 0.5)))


def rank(index: TextIndex, clauses: list[Clause], *, match_any: bool,
         fields: tuple[int, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the matching documents and their scores (higher is better); `fields` restricts the match."""
    if not clauses:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    per_clause = np.array([_clause_scores(index, clause, fields) for clause in clauses])
    matched = per_clause > 0
    scores = per_clause.sum(axis=0)
    everywhere = matched.all(axis=0)
    coverage = np.zeros(len(scores))
    if match_any or (len(clauses) > 1 and np.count_nonzero(everywhere) < RELAX_BELOW):
        count = matched.sum(axis=0)
        keep = count >= (1 if match_any else -(-len(clauses) // 2))
        coverage = COVERAGE_WEIGHT * count
    else:
        keep = everywhere
    positions = np.flatnonzero(keep)
    if not match_any and fields is None and len(clauses) > 1 and len(positions) >= FEEDBACK_DOCUMENTS:
        scores = _with_feedback(index, clauses, positions, scores, coverage)
    return index.ids[positions], (scores + coverage)[positions]


def _with_feedback(index: TextIndex, clauses: list[Clause], positions: np.ndarray, scores: np.ndarray,
                   coverage: np.ndarray) -> np.ndarray:
    """Scores re-ranked by RM3-style pseudo-relevance feedback: the terms most typical of the first pass's
    best documents (frequent there, rare in the index) join the query with an EXPANSION_WEIGHT share. Only
    the matching documents are re-ranked: the expansion never makes a document match."""
    total = scores + coverage
    best = positions[np.argpartition(-total[positions], FEEDBACK_DOCUMENTS - 1)[:FEEDBACK_DOCUMENTS]]
    keys, terms = index.document_terms(np.sort(best))
    wanted = np.isin(fields_of(keys), FEEDBACK_FIELDS)
    documents, terms = documents_of(keys[wanted]), terms[wanted]
    asked = {term for clause in clauses for phrase in clause.phrases for term in phrase}
    # Each feedback document's term distribution, averaged: P(term | relevant).
    document_slot = np.unique(documents, return_inverse=True)[1]
    share = 1.0 / np.bincount(document_slot)[document_slot]
    vocabulary, slot = np.unique(terms, return_inverse=True)
    weight = np.bincount(slot, weights=share)
    spread = np.bincount(np.unique(document_slot * len(vocabulary) + slot) % len(vocabulary),
                         minlength=len(vocabulary))
    # Words of at least two feedback documents, not asked already, not short Latin stems; weighted by rarity.
    candidates = [(weight[n] * np.log(index.occurrence_count / max(index.frequency(term), 1)), term)
                  for n in np.flatnonzero(spread >= 2) if (term := vocabulary[n]) not in asked
                  and (len(term) > 2 or not term.isascii())]
    chosen = sorted(candidates, reverse=True)[:EXPANSION_TERMS]
    if not chosen:
        return scores
    total_weight = sum(w for w, _term in chosen)
    expansion = sum(w / total_weight * _clause_scores(index, Clause(phrases=[(term,)]), None)
                    for w, term in chosen)
    return (1 - EXPANSION_WEIGHT) * scores / len(clauses) + EXPANSION_WEIGHT * expansion


def _clause_scores(index: TextIndex, clause: Clause, fields: tuple[int, ...] | None) -> np.ndarray:
    """The clause's BM25F score of every document of the index (0: no match)."""
    alternatives = [index.phrase(terms) for terms in clause.phrases]
    alternatives += [index.prefix(prefix) for prefix in clause.prefixes]
    alternatives += [index.near(parts, NEAR_DISTANCE) for parts in clause.near]
    frequencies = np.zeros(len(index.ids))
    for keys in alternatives:
        if fields is not None:
            keys = keys[np.isin(fields_of(keys), fields)]
        if len(keys):
            documents, frequency = _field_frequencies(index, keys)
            frequencies[documents] += frequency
    weight = idf(np.count_nonzero(frequencies), index.count)
    return weight * frequencies * (K1 + 1) / (K1 + frequencies)


def _field_frequencies(index: TextIndex, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The documents of sorted occurrence `keys` and each one's BM25F frequency: occurrences weighted by field
    and normalised by the field's length in that document."""
    documents, fields = documents_of(keys), fields_of(keys)
    normalised = 1 - B + B * index.lengths[documents, fields] / index.average_lengths[fields]
    weighted = FIELD_WEIGHTS[fields] / normalised
    first = np.flatnonzero(np.r_[True, documents[1:] != documents[:-1]])
    return documents[first], np.add.reduceat(weighted, first)
