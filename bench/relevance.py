"""Relevance benchmark: precision@10 and nDCG@10 of the embedded engine against a naive icontains search.

Reads the six labelled patent-landscaping sets in ../shared/data/landscaping/ (evaluation use only; they are
not shipped). Every record of every set becomes a published listing in one fresh index; a record is
relevant to a topic when its set labels it 1. Queries are written as an SME would describe its need.

Two figures per topic. "all": every listing not labelled 1 in the topic's own set counts as irrelevant,
including the other topics' records, which were never judged for this topic (an autonomous-driving patent
that recognises pedestrians in camera images is unjudged for computer vision, yet counted wrong there).
"judged": the same ranking with those unjudged listings left out before the cut at 10 (the "condensed list"
measure used for incomplete judgements), so only the topic's own seeds (1) and hard negatives (0) count.
Run from the repository root: `.venv/bin/python bench/relevance.py [--explain TOPIC ...]`; --explain prints
each query's top 10 with labels (+ relevant, - judged irrelevant, ? unjudged). Prints figures; not a test.
"""

import csv
import math
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import SHARED_DATA, create_listings, throwaway_site  # noqa: E402

TOPICS = {
    "additivemanufacturing": ["3D printing of metal parts", "printing objects layer by layer from powder",
                              "laser melting metal powder to build a component"],
    "autonomousdriving": ["self-driving car", "car that drives itself without a driver",
                          "automatic steering and obstacle avoidance for vehicles"],
    "blockchain": ["blockchain", "distributed ledger to record transactions securely",
                   "cryptocurrency payments"],
    "computervision": ["recognise objects in camera images", "image recognition with neural networks",
                       "detect faces in video"],
    "genomeediting": ["gene editing", "CRISPR Cas9 to modify DNA", "editing the genome of plant cells"],
    "hydrogenstorage": ["storing hydrogen", "hydrogen tank for fuel cell vehicles",
                        "metal hydride material to store hydrogen"],
}
RANKED = 100  # results fetched per query, so that the judged-only top 10 can be filled
STOP = {"a", "an", "the", "of", "to", "for", "with", "from", "by", "in", "and", "that", "without"}


def load_records() -> tuple[list[dict], dict[str, set[str]], dict[str, set[str]]]:
    """Records, and per topic the numbers labelled relevant and all the numbers its set judges."""
    records, relevant, seen = [], {topic: set() for topic in TOPICS}, set()
    judged: dict[str, set[str]] = {topic: set() for topic in TOPICS}
    for topic in TOPICS:
        with open(SHARED_DATA / "landscaping" / f"{topic}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                number = f"LS{topic[:4].upper()}{row['family_id']}"
                judged[topic].add(number)
                if number not in seen:  # a few families are listed twice in a set
                    seen.add(number)
                    records.append({"number": number, "title_en": row["title"], "abstract_en": row["abstract"]})
                if row["label"] == "1":
                    relevant[topic].add(number)
    return records, relevant, judged


def precision_and_ndcg(found: list[str], relevant: set[str]) -> tuple[float, float]:
    gains = [1.0 if number in relevant else 0.0 for number in found[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return sum(gains) / 10, dcg / ideal if ideal else 0.0


def embedded_ranking(backend, text: str) -> list[str]:
    from search.backends.base import SearchQuery

    query = SearchQuery(text=text, per_page=RANKED, highlight=False)
    return [hit.document["identifier"] for hit in backend.search(query).hits]


def icontains_ranking(text: str) -> list[str]:
    from django.db.models import Q

    from marketplace.selectors.listings import listing_list_published

    queryset = listing_list_published()
    for word in (w for w in text.lower().split() if w not in STOP):
        queryset = queryset.filter(Q(title_en__icontains=word) | Q(description_en__icontains=word))
    return [listing.patent.publication_number for listing in queryset.order_by("-published_at")[:RANKED]]


def main() -> None:
    workdir = throwaway_site("ipmarket-relevance-")
    from search.backends import get_backend
    from search.services import search_rebuild

    explain = set(sys.argv[sys.argv.index("--explain") + 1:]) if "--explain" in sys.argv else set()
    records, relevant, judged = load_records()
    titles = {record["number"]: record["title_en"] for record in records}
    print(f"Reading {SHARED_DATA / 'landscaping'} (shared data folder): {len(records)} records in {len(TOPICS)} "
          "topics, all in one index.")
    create_listings(records)
    search_rebuild()
    backend = get_backend()
    rows: dict[str, list[tuple[float, ...]]] = {"embedded": [], "icontains": []}
    print(f"\n{'':<33} {'all':>15}   {'judged':>15}")
    print(f"{'topic':<22} {'engine':<10} {'P@10':>6} {'nDCG@10':>8}   {'P@10':>6} {'nDCG@10':>8}")
    for topic, queries in TOPICS.items():
        for engine, run in (("embedded", lambda q: embedded_ranking(backend, q)), ("icontains", icontains_ranking)):
            scores = []
            for query in queries:
                found = run(query)
                condensed = [number for number in found if number in judged[topic]]
                scores.append(precision_and_ndcg(found, relevant[topic]) + precision_and_ndcg(condensed,
                                                                                             relevant[topic]))
                if engine == "embedded" and topic in explain:
                    print(f"\n  {query!r}")
                    for number in found[:10]:
                        mark = "+" if number in relevant[topic] else "-" if number in judged[topic] else "?"
                        print(f"    {mark} {titles[number][:100]}")
            rows[engine] += scores
            print(f"{topic:<22} {engine:<10} {_means(scores)}")
    print()
    for engine, scores in rows.items():
        print(f"{'overall':<22} {engine:<10} {_means(scores)}   ({len(scores)} queries)")
    workdir.cleanup()


def _means(scores: list[tuple[float, ...]]) -> str:
    p, n, judged_p, judged_n = (sum(column) / len(scores) for column in zip(*scores, strict=True))
    return f"{p:6.2f} {n:8.2f}   {judged_p:6.2f} {judged_n:8.2f}"


if __name__ == "__main__":
    main()
