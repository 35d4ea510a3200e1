"""Relevance benchmark: precision@10 and nDCG@10 of the embedded engine against a naive icontains search.

Reads the six labelled patent-landscaping sets in ../shared/data/landscaping/ (evaluation use only; they are
not shipped). Every record of every set becomes a published listing in one fresh index; a record is
relevant to a topic when its set labels it 1. Queries are written as an SME would describe its need.
Run from the repository root: `.venv/bin/python bench/relevance.py`. Prints figures; it is not a test.
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
STOP = {"a", "an", "the", "of", "to", "for", "with", "from", "by", "in", "and", "that", "without"}


def load_records() -> tuple[list[dict], dict[str, set[str]]]:
    records, relevant, seen = [], {topic: set() for topic in TOPICS}, set()
    for topic in TOPICS:
        with open(SHARED_DATA / "landscaping" / f"{topic}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                number = f"LS{topic[:4].upper()}{row['family_id']}"
                if number not in seen:  # a few families are listed twice in a set
                    seen.add(number)
                    records.append({"number": number, "title_en": row["title"], "abstract_en": row["abstract"]})
                if row["label"] == "1":
                    relevant[topic].add(number)
    return records, relevant


def precision_and_ndcg(found: list[str], relevant: set[str]) -> tuple[float, float]:
    gains = [1.0 if number in relevant else 0.0 for number in found[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return sum(gains) / 10, dcg / ideal if ideal else 0.0


def embedded_top10(backend, text: str) -> list[str]:
    from search.backends.base import SearchQuery

    return [hit.document["identifier"] for hit in backend.search(SearchQuery(text=text, per_page=10)).hits]


def icontains_top10(text: str) -> list[str]:
    from django.db.models import Q

    from marketplace.selectors.listings import listing_list_published

    queryset = listing_list_published()
    for word in (w for w in text.lower().split() if w not in STOP):
        queryset = queryset.filter(Q(title_en__icontains=word) | Q(description_en__icontains=word))
    return [listing.patent.publication_number for listing in queryset.order_by("-published_at")[:10]]


def main() -> None:
    workdir = throwaway_site("ipmarket-relevance-")
    from search.backends import get_backend
    from search.services import search_rebuild

    records, relevant = load_records()
    print(f"Reading {SHARED_DATA / 'landscaping'} (shared data folder): {len(records)} records in {len(TOPICS)} "
          "topics, all in one index.")
    create_listings(records)
    search_rebuild()
    backend = get_backend()
    rows = {"embedded": [], "icontains": []}
    print(f"\n{'topic':<22} {'engine':<10} {'P@10':>6} {'nDCG@10':>8}")
    for topic, queries in TOPICS.items():
        for engine, run in (("embedded", lambda q: embedded_top10(backend, q)), ("icontains", icontains_top10)):
            scores = [precision_and_ndcg(run(query), relevant[topic]) for query in queries]
            rows[engine] += scores
            print(f"{topic:<22} {engine:<10} {sum(s[0] for s in scores) / len(scores):6.2f} "
                  f"{sum(s[1] for s in scores) / len(scores):8.2f}")
    print()
    for engine, scores in rows.items():
        print(f"{'overall':<22} {engine:<10} {sum(s[0] for s in scores) / len(scores):6.2f} "
              f"{sum(s[1] for s in scores) / len(scores):8.2f}   ({len(scores)} queries)")
    workdir.cleanup()


if __name__ == "__main__":
    main()
