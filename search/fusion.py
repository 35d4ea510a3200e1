"""Reciprocal rank fusion: one ranking from several, each weighted (hybrid lexical + semantic retrieval).

RRF needs no comparable scores, only ranks, which is why engines with different scorers (BM25, cosine) can be
fused by it; k=60 is the constant of Cormack et al. (2009), which damps the weight of the very first ranks.
"""

from collections.abc import Hashable, Sequence

RRF_K = 60


def fuse(rankings: Sequence[Sequence[Hashable]], weights: Sequence[float], *, k: int = RRF_K
         ) -> list[tuple[Hashable, float]]:
    """Items of all `rankings` (each best first) with their fused score, best first; ties keep the order of
    first appearance (the first ranking's order first)."""
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
