"""Search benchmark at 100,000 listings: latency of the embedded engine (with facets) against a naive
icontains search over the same listings, indexing throughput, and the HTTP p95 of /api/search/.

Reads every real record in ../shared/data (cn_patents.jsonl, us_patents.jsonl, in_grants.csv and the
landscaping sets, about 63,000 records) and samples them up to 100,000 listings: copies get new publication
numbers. Everything goes into a temporary SQLite database and a temporary search index.
Run from the repository root: `.venv/bin/python bench/search.py [N]`. Prints figures; it is not a test.
"""

import csv
import glob
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import SHARED_DATA, create_listings, milliseconds, throwaway_site  # noqa: E402

QUERIES = [
    ("锂电池", {}), ("图像识别", {}), ("催化剂", {}), ("储氢合金", {}), ("通信 网络", {}), ("制备方法", {}),
    ("neural network", {}), ("lithium battery", {}), ("blockchain", {}), ("hydrogen storage", {}),
    ("image recognition", {}), ("method", {}), ("baseball bat", {}), ("autonomous vehicle", {}),
    ("battery", {"province": ["北京市"]}), ("催化剂", {"owner_kind": ["university", "research_institute"]}),
    ("", {"ipc_section": ["H"]}), ("", {"deal_type": ["assignment"], "province": ["上海市", "广东省"]}),
    ("sensor", {"sector": ["information_technology"], "deal_type": ["option"]}),
]
ROUNDS = 5


def read_records() -> list[dict]:
    records = []
    with open(SHARED_DATA / "cn_patents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            records.append({"title_zh": r.get("title_zh") or "", "title_en": r.get("title_en") or "",
                            "ipc_class": r.get("ipc_class") or "", "applicants": r.get("applicants") or [],
                            "province": r.get("province") or "", "prefix": "CN"})
    with open(SHARED_DATA / "us_patents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            records.append({"title_en": r["title_en"].strip('" '), "abstract_en": r.get("abstract_en", ""),
                            "prefix": "US"})
    with open(SHARED_DATA / "in_grants.csv", encoding="utf-8") as handle:
        records += [{"title_en": r["title"], "applicants": [r["patentee"]], "prefix": "IN"} for r in csv.DictReader(handle)]
    for path in sorted(glob.glob(str(SHARED_DATA / "landscaping" / "*.csv"))):
        with open(path, encoding="utf-8") as handle:
            records += [{"title_en": r["title"], "abstract_en": r["abstract"], "prefix": "EP"}
                        for r in csv.DictReader(handle)]
    return records


def sample(records: list[dict], size: int) -> list[dict]:
    rng = random.Random(7)
    chosen = records + [rng.choice(records) for _ in range(max(0, size - len(records)))]
    return [dict(r, number=f"{r['prefix']}{9_000_000 + n}B") for n, r in enumerate(chosen[:size])]


def icontains_search(text: str, filters: dict) -> tuple[int, list, dict]:
    """The naive baseline: every word in a title or description (icontains), the same filters, newest first,
    and counts of four facets."""
    from django.db.models import Count, Q

    from marketplace.models import Listing

    queryset = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    for word in text.split():
        queryset = queryset.filter(Q(title_zh__icontains=word) | Q(title_en__icontains=word)
                                   | Q(description_en__icontains=word))
    lookups = {"province": "owner__province", "owner_kind": "owner__kind", "sector": "sector",
               "deal_type": "deal_types__code", "ipc_section": "patent__ipc_section"}
    for field, values in filters.items():
        queryset = queryset.filter(**{f"{lookups[field]}__in": values})
    page = list(queryset.order_by("-published_at").values_list("pk", "title_zh", "title_en")[:20])
    facets = {field: dict(queryset.values_list(lookups[field]).annotate(n=Count("pk", distinct=True)))
              for field in ("province", "owner_kind", "sector", "deal_type")}
    return queryset.count(), page, facets


def timed(call, rounds: int = ROUNDS) -> list[float]:
    durations = []
    for _ in range(rounds):
        for text, filters in QUERIES:
            started = time.perf_counter()
            call(text, filters)
            durations.append(time.perf_counter() - started)
    return durations


def rss() -> str:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"{pages * resource.getpagesize() / 2**20:,.0f} MB now, {peak:,.0f} MB peak"


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workdir = throwaway_site("ipmarket-search-bench-")
    from django.test import Client

    from search.backends import get_backend
    from search.backends.base import FACET_FIELDS, SearchQuery
    from search.documents import listing_documents, published_listings

    records = read_records()
    print(f"Read {len(records):,} real records from {SHARED_DATA} (cn, us, in, landscaping); sampled to {size:,} "
          "listings: copies of records get new publication numbers.")
    started = time.perf_counter()
    create_listings(sample(records, size))
    print(f"Database (temporary SQLite, bulk_create): {size:,} listings in {time.perf_counter() - started:.1f} s")

    backend = get_backend()
    backend.configure()
    built = indexed = 0.0
    documents = listing_documents(published_listings().iterator(chunk_size=2000))
    count = 0
    while True:
        started = time.perf_counter()
        batch = [document for _, document in zip(range(2000), documents)]
        built += time.perf_counter() - started
        if not batch:
            break
        started = time.perf_counter()
        count += backend.index(batch)
        indexed += time.perf_counter() - started
    started = time.perf_counter()
    backend.optimize()
    indexed += time.perf_counter() - started
    print(f"Indexing: {count:,} documents; engine {count / indexed:,.0f} docs/s ({indexed:.1f} s); "
          f"with document building from the database {count / (indexed + built):,.0f} docs/s")

    def embedded(text, filters):
        return backend.search(SearchQuery(text=text, filters=filters, facets=FACET_FIELDS))

    started = time.perf_counter()
    embedded("", {})  # the first search of a process loads the in-memory columns
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    embedded("陶瓷 batery", {})  # … and the first Chinese / misspelt query loads jieba / the typo vocabulary
    print(f"Once per process: columns {loaded * 1000:,.0f} ms; jieba and typo vocabulary "
          f"{(time.perf_counter() - started) * 1000:,.0f} ms (warmed up before timing)")
    engine = timed(embedded)  # round 1 scores every query afresh; later rounds reuse the match cache
    cold, warm = engine[:len(QUERIES)], engine[len(QUERIES):]
    document = listing_documents(published_listings().filter(pk=published_listings().first().pk))
    started = time.perf_counter()
    backend.index(document)
    reindexed = time.perf_counter() - started
    started = time.perf_counter()
    embedded("method", {})
    after_change = time.perf_counter() - started
    baseline = timed(icontains_search, rounds=1)
    client = Client()
    http = []
    for _ in range(ROUNDS):
        for text, filters in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/search/", {"q": text, **filters})
            http.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:200]
    print(f"\n{len(QUERIES)} queries (Chinese, English, faceted), every search with counts of all facets:")
    print(f"  embedded engine   {milliseconds(engine)}   ({len(engine)} searches)")
    print(f"    first time each {milliseconds(cold)}   ({len(cold)} searches: every match scored afresh)")
    print(f"    repeated        {milliseconds(warm)}   ({len(warm)} searches: matches from the cache, facets "
          "and pages computed again)")
    print(f"  icontains (ORM)   {milliseconds(baseline)}   ({len(baseline)} searches, 4 facets)")
    print(f"  ratio: embedded p50 is {sorted(baseline)[len(baseline) // 2] / sorted(engine)[len(engine) // 2]:,.0f}× "
          "faster than the baseline")
    print(f"  GET /api/search/  {milliseconds(http)}   (Django test client, JSON with all facets)")
    print(f"  after re-indexing one listing ({reindexed * 1000:.0f} ms): next search {after_change * 1000:.1f} ms "
          "(columns and cached matches updated for that listing only)")
    print(f"  process memory (bench process: Django, test database, engine): {rss()}")
    totals = {text or str(filters): embedded(text, filters).total for text, filters in QUERIES[:6]}
    print("  matches:", ", ".join(f"{text} {total:,}" for text, total in totals.items()))
    workdir.cleanup()


if __name__ == "__main__":
    main()
