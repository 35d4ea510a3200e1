"""Search benchmark at 100,000 listings: latency of the embedded engine (with facets) over 200 distinct queries it
has not seen before, the same queries repeated, a naive icontains search over the same listings, indexing
throughput, the HTTP p50/p95 of /api/search/ and the process's memory.

Reads every real record in ../shared/data (cn_patents.jsonl, us_patents.jsonl, in_grants.csv and the
landscaping sets, about 63,000 records) and samples them up to 100,000 listings: copies get new publication
numbers. The queries are drawn (fixed seed) from those records' titles: Chinese words (jieba), English words,
two words of one title, and words or nothing with one or two facet filters. Everything goes into a temporary
SQLite database and a temporary search index.
Run from the repository root: `.venv/bin/python bench/search.py [N]`. Prints figures; it is not a test.
"""

import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import SHARED_DATA, create_listings, milliseconds, read_real_records, throwaway_site  # noqa: E402

NAMED_QUERIES = [
    ("锂电池", {}), ("图像识别", {}), ("催化剂", {}), ("储氢合金", {}), ("通信 网络", {}), ("制备方法", {}),
    ("neural network", {}), ("lithium battery", {}), ("blockchain", {}), ("hydrogen storage", {}),
    ("image recognition", {}), ("method", {}), ("baseball bat", {}), ("autonomous vehicle", {}),
    ("battery", {"province": ["北京市"]}), ("催化剂", {"owner_kind": ["university", "research_institute"]}),
    ("", {"ipc_section": ["H"]}), ("", {"deal_type": ["assignment"], "province": ["上海市", "广东省"]}),
    ("sensor", {"sector": ["information_technology"], "deal_type": ["option"]}),
]
DISTINCT = 200
FILTERS = {"province": ["北京市", "上海市", "广东省", "江苏省"], "owner_kind": ["university", "research_institute"],
           "sector": ["information_technology", "new_energy", "new_materials"],
           "deal_type": ["assignment", "exclusive_licence", "option"], "ipc_section": ["A", "C", "G", "H"]}


def sample(records: list[dict], size: int) -> list[dict]:
    rng = random.Random(7)
    chosen = records + [rng.choice(records) for _ in range(max(0, size - len(records)))]
    return [dict(r, number=f"{r['source'].upper()}{9_000_000 + n}B") for n, r in enumerate(chosen[:size])]


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


def generated_queries(records: list[dict], count: int = DISTINCT) -> list[tuple[str, dict]]:
    """`count` distinct queries in four equal parts: a Chinese word, an English word, two words of one title,
    and a word (or nothing) with one or two facet filters."""
    from search.text import ENGLISH_STOPWORDS, segmenter

    rng = random.Random(11)
    chinese = [r["title_zh"] for r in records if r.get("title_zh")]
    english = [r["title_en"] for r in records if r.get("title_en")]

    def chinese_words() -> list[str]:
        return [w for w in segmenter().lcut(rng.choice(chinese)) if len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff"]

    def english_words() -> list[str]:
        words = (w.strip(".,;:()\"'").lower() for w in rng.choice(english).split())
        return [w for w in words if len(w) >= 4 and w.isalpha() and w not in ENGLISH_STOPWORDS]

    def filters() -> dict:
        return {field: rng.sample(FILTERS[field], rng.randint(1, 2)) for field in rng.sample(sorted(FILTERS),
                                                                                              rng.randint(1, 2))}

    makers = [
        lambda: (" ".join(chinese_words()[:1]), {}),
        lambda: (" ".join(english_words()[:1]), {}),
        lambda: (" ".join(rng.sample(words, 2)) if len(words := rng.choice([chinese_words, english_words])()) >= 2
                 else "", {}),
        lambda: (rng.choice([" ".join(english_words()[:1]), " ".join(chinese_words()[:1]), ""]), filters()),
    ]
    queries: dict[str, tuple[str, dict]] = {}
    for maker in makers:
        target = len(queries) + count // len(makers)
        while len(queries) < target:
            text, chosen = maker()
            if text or chosen:
                queries.setdefault(json.dumps([text, chosen], ensure_ascii=False, sort_keys=True), (text, chosen))
    return list(queries.values())


def timed(call, queries: list[tuple[str, dict]]) -> list[float]:
    durations = []
    for text, filters in queries:
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

    records = read_real_records()
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
    print(f"Indexing: {count:,} documents; engine {count / indexed:,.0f} docs/s ({indexed:.1f} s); "
          f"with document building from the database {count / (indexed + built):,.0f} docs/s")

    def embedded(text, filters):
        return backend.search(SearchQuery(text=text, filters=filters, facets=FACET_FIELDS))

    started = time.perf_counter()
    embedded("", {})  # the first search of a process opens the index (segments memory-mapped)
    loaded = time.perf_counter() - started
    print(f"Once per process: index opened, first search with all facets in {loaded * 1000:,.0f} ms ({rss()})")
    started = time.perf_counter()
    type(backend)().search(SearchQuery())
    print(f"  a later process (a second engine here) opens it and searches in "
          f"{(time.perf_counter() - started) * 1000:,.0f} ms")
    started = time.perf_counter()
    embedded("图像 batery", {})  # … and the first Chinese / misspelt query loads jieba / the typo vocabulary
    print(f"Once per process: jieba and the typo vocabulary {(time.perf_counter() - started) * 1000:,.0f} ms "
          "(warmed up before timing)")
    queries = generated_queries(records)
    first = timed(embedded, queries)
    repeated = timed(embedded, queries)
    named = timed(embedded, NAMED_QUERIES)
    document = listing_documents(published_listings().filter(pk=published_listings().first().pk))
    started = time.perf_counter()
    backend.index(document)
    reindexed = time.perf_counter() - started
    started = time.perf_counter()
    embedded("method", {})
    after_change = time.perf_counter() - started
    baseline = timed(icontains_search, NAMED_QUERIES)
    client = Client()
    http = []
    for text, filters in queries:
        started = time.perf_counter()
        response = client.get("/api/search/", {"q": text, **filters})
        http.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:200]
    slowest = sorted(zip(first, queries, strict=True), key=lambda pair: pair[0], reverse=True)[:3]
    print(f"\n{len(queries)} distinct generated queries (Chinese words, English words, two-word, with facet "
          "filters), every search with counts of all facets:")
    print(f"  first time each   {milliseconds(first)}   (nothing cached: every match scored afresh)")
    print(f"  repeated          {milliseconds(repeated)}   (the same queries again)")
    print("  slowest:", ", ".join(f"{text or '-'} {json.dumps(filters, ensure_ascii=False) if filters else ''} "
                                 f"{duration * 1000:.1f} ms" for duration, (text, filters) in slowest))
    print(f"  GET /api/search/  {milliseconds(http)}   (Django test client, JSON with all facets, same queries)")
    print(f"\n{len(NAMED_QUERIES)} named queries (broad words included):")
    print(f"  embedded engine   {milliseconds(named)}")
    print(f"  icontains (ORM)   {milliseconds(baseline)}   (4 facets)")
    print(f"  ratio: embedded p50 is {sorted(baseline)[len(baseline) // 2] / sorted(named)[len(named) // 2]:,.0f}× "
          "faster than the baseline")
    print(f"\nAfter re-indexing one listing ({reindexed * 1000:.0f} ms): next search {after_change * 1000:.1f} ms "
          "(the reader reloaded after the commit)")
    print(f"Process memory (bench process: Django, test database, engine): {rss()}")
    totals = {text or str(filters): embedded(text, filters).total for text, filters in NAMED_QUERIES[:6]}
    print("Matches:", ", ".join(f"{text} {total:,}" for text, total in totals.items()))
    workdir.cleanup()


if __name__ == "__main__":
    main()
