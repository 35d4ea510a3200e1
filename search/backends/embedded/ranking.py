"""Relevance as tantivy queries: which documents match a parsed query (`search.text.Clause`s) and how well.

Tantivy scores each term or phrase by BM25 within one field. Across fields we sum those scores, each boosted by
FIELD_WEIGHTS (a title match counts five abstract matches), which approximates the BM25F of the engine this one
replaced. Within a field a clause's alternatives (synonyms, the sub-words of a long Chinese word near each
other, a one-character prefix) are combined by disjunction-max, so a clause with many synonyms does not outscore
a plain word. All clauses must match; when that finds fewer than RELAX_BELOW documents (or with `match_any`),
documents matching enough clauses also match, and every matched clause adds COVERAGE_WEIGHT, a constant that
outweighs any BM25 difference: "most clauses matched first", as users expect and as tantivy does not do alone.

Multi-word queries matching at least FEEDBACK_DOCUMENTS documents are re-ranked by pseudo-relevance feedback
(RM3-style): words typical of the first pass's best documents join the query as optional (should) parts, so
they re-rank the matches but never add one (on bench/relevance.py this raised P@10 0.74 -> 0.77 in the old
engine). Not with `match_any` (demand matching): there are no labels there to show a gain.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable

import tantivy
from tantivy import Occur, Query

from ...text import Clause

FIELDS = ("title", "ipc", "body", "parties", "codes")  # the analysed fields, see `backend.fts_text`
FIELD_WEIGHTS = {"title": 5.0, "ipc": 2.0, "body": 1.0, "parties": 1.5, "codes": 3.0}
ALTERNATIVES_TIE = 0.1  # a second matching alternative of a clause adds a little, not its whole score
NEAR_DISTANCE = 4  # sub-words of a long Chinese word, or words of a synonym, at most this many terms apart
RELAX_BELOW = 20  # fewer matches of all clauses than this: also rank documents that match most of the query
COVERAGE_WEIGHT = 1000.0  # a matched clause outweighs any score difference
FEEDBACK_DOCUMENTS = 10  # pseudo-relevance feedback: the first pass's best documents
EXPANSION_TERMS = 10
EXPANSION_WEIGHT = 0.5  # the expansion terms' share of a re-ranked score
FEEDBACK_FIELDS = ("title", "ipc", "body")  # not names or codes


class Ranking:
    """Builds the queries of one schema."""

    def __init__(self, schema: tantivy.Schema):
        self.schema = schema

    def strict(self, clauses: list[Clause], *, fields: Iterable[str] = FIELDS, scale: float = 1.0) -> Query:
        """Every clause must match; the score is the sum of the clauses' scores times `scale`."""
        return Query.boolean_query([(Occur.Must, self._scaled(self.clause(clause, fields), scale))
                                    for clause in clauses])

    def relaxed(self, clauses: list[Clause], *, minimum: int, scale: float = 1.0) -> Query:
        """At least `minimum` clauses must match; each matched one adds COVERAGE_WEIGHT to its score."""
        parts = []
        for clause in clauses:
            scored = self.clause(clause, FIELDS)
            parts.append((Occur.Should, Query.boolean_query([
                (Occur.Should, Query.const_score_query(scored, COVERAGE_WEIGHT)),
                (Occur.Should, self._scaled(scored, scale)),
            ])))
        return Query.boolean_query(parts, minimum_number_should_match=minimum)

    def with_expansion(self, base: Query, expansion: list[tuple[float, str]]) -> Query:
        """`base` (already scaled to its share) plus the weighted expansion terms, which only re-rank."""
        total = sum(weight for weight, _term in expansion)
        extra = [(Occur.Should, self._scaled(self.clause(Clause(phrases=[(term,)]), FIELDS),
                                             EXPANSION_WEIGHT * weight / total)) for weight, term in expansion]
        return Query.boolean_query([(Occur.Must, base), *extra])

    def clause(self, clause: Clause, fields: Iterable[str]) -> Query:
        """Any of the clause's alternatives in any of `fields`, weighted by field."""
        per_field = []
        for field in fields:
            alternatives = [self._phrase(field, terms) for terms in clause.phrases]
            alternatives += [Query.regex_query(self.schema, field, re.escape(prefix) + ".*")
                             for prefix in clause.prefixes]
            alternatives += [self._near(field, parts) for parts in clause.near]
            combined = alternatives[0] if len(alternatives) == 1 else Query.disjunction_max_query(
                alternatives, tie_breaker=ALTERNATIVES_TIE)
            per_field.append((Occur.Should, Query.boost_query(combined, FIELD_WEIGHTS[field])))
        return Query.boolean_query(per_field)

    def _phrase(self, field: str, terms: tuple[str, ...]) -> Query:
        if len(terms) == 1:
            return Query.term_query(self.schema, field, terms[0])
        return Query.phrase_query(self.schema, field, list(terms))

    def _near(self, field: str, parts: tuple[tuple[str, ...], ...]) -> Query:
        """The parts' terms in a row, each part's own terms adjacent, with NEAR_DISTANCE gaps allowed (tantivy's
        slop also lets the parts swap places: 图像识别 finds 识别图像)."""
        words = [term for part in parts for term in part]
        return Query.phrase_query(self.schema, field, list(enumerate(words)), slop=NEAR_DISTANCE)

    @staticmethod
    def _scaled(query: Query, scale: float) -> Query:
        return query if scale == 1.0 else Query.boost_query(query, scale)


def expansion_terms(analysed: list[list[str]], asked: set[str], document_frequency, documents: int
                    ) -> list[tuple[float, str]]:
    """RM3's expansion: of the feedback documents' terms (`analysed`, one list per document), those in at least
    two documents and not asked already, weighted by their average share of a document times their rarity
    (`document_frequency(term)` of `documents`: its largest in any feedback field, so a word found everywhere
    weighs nothing); short Latin stems are left out (too ambiguous)."""
    weight: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for terms in analysed:
        if terms:
            for term, count in Counter(terms).items():
                weight[term] += count / len(terms)
                spread[term] += 1
    candidates = [(weight[term] * math.log(documents / max(document_frequency(term), 1)), term)
                  for term in spread if spread[term] >= 2 and term not in asked
                  and (len(term) > 2 or not term.isascii())]
    return [candidate for candidate in sorted(candidates, reverse=True)[:EXPANSION_TERMS] if candidate[0] > 0]
