"""Search benchmark at 100,000 listings (default) or more, up to a million: build time, latency of the configured
engine (`get_backend()`, with counts of all facets) over 200 distinct queries it has not seen before, lexical and
hybrid, the memory of web-worker-like processes and the first query of a new process.

Reads every real record in ../shared/data (cn_patents.jsonl, us_patents.jsonl, in_grants.csv and the
landscaping sets, about 63,000 records) and samples them up to N listings: copies get new publication
numbers. The queries are drawn (fixed seed) from those records' titles: Chinese words (jieba), English words,
two words of one title, and words or nothing with one or two facet filters. Everything goes into a temporary
SQLite database and a temporary search index (and vector index).
Hybrid: each query's vector comes from the real model (bundled multilingual USE), its neighbours from a usearch
index of one vector per listing: the real model's for the first --real-vectors listings, synthetic unit vectors
for the rest (see bench/vectors.py).
Run from the repository root: `.venv/bin/python bench/search.py [--listings N]`. Prints figures and ends with
one line to compare runs; it is not a test.
"""

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import (
    SHARED_DATA,
    create_listings,
    milliseconds,
    percentile,
    read_real_records,
    search_all_facets,
    throwaway_site,
)
from bench.vectors import build_vector_index, embed_listings, hybrid_search, query_vector_bytes
from bench.workers import first_query, run_workers

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



BASELINE_MAX = 100_000  # above this the icontains baseline takes minutes per query: skipped
BATCH = 2000


def sample(records: list[dict], size: int):
    """`size` listings' records: every real record once, then copies drawn at random, renumbered. Prints progress
    every 100,000 (a million-listing build is long enough to want to know where it is)."""
    rng = random.Random(7)
    started = time.perf_counter()
    for n in range(size):
        if n and n % 100_000 == 0:
            print(f"  … {n:,} listings written in {time.perf_counter() - started:,.0f} s", flush=True)
        record = records[n] if n < len(records) else rng.choice(records)
        yield dict(record, number=f"{record['source'].upper()}{9_000_000 + n}B")


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
        return [w for w in segmenter().cut(rng.choice(chinese)) if len(w) >= 2 and "\u4e00" <= w[0] <= "\u9fff"]

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


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", type=int, help="same as --listings (the older positional form)")
    parser.add_argument("--listings", type=int, default=100_000, help="how many listings (default 100,000)")
    parser.add_argument("--real-vectors", type=int, default=2_000,
                        help="listings embedded with the real model; the rest get synthetic vectors")
    parser.add_argument("--no-hybrid", action="store_true", help="lexical figures only")
    options = parser.parse_args()
    options.listings = options.size or options.listings
    return options


def build(backend, records: list[dict], size: int, real_vectors: int) -> dict[int, str]:
    """Database, documents and index, each timed; returns the texts to embed of the first `real_vectors`
    listings (collected while their documents pass by, so nothing is read twice)."""
    from search.documents import listing_documents, published_listings
    from search.semantic.texts import listing_text

    started = time.perf_counter()
    create_listings(sample(records, size))
    database = time.perf_counter() - started
    print(f"Build, database: {size:,} listings (temporary SQLite, one executemany per table and 5,000) in "
          f"{database:,.1f} s")
    backend.configure()
    built = indexed = 0.0
    texts: dict[int, str] = {}
    documents = listing_documents(published_listings().iterator(chunk_size=BATCH))
    count = 0
    while True:
        started = time.perf_counter()
        batch = [document for _, document in zip(range(BATCH), documents)]
        built += time.perf_counter() - started
        if not batch:
            break
        texts.update((d["id"], listing_text(d)) for d in batch[:max(0, real_vectors - len(texts))])
        started = time.perf_counter()
        count += backend.index(batch)
        indexed += time.perf_counter() - started
        if count % 100_000 < BATCH:
            print(f"  … {count:,} documents built ({built:,.0f} s) and indexed ({indexed:,.0f} s)", flush=True)
    started = time.perf_counter()
    backend.optimize()
    search_all_facets(backend, "", {})  # an engine that builds in-memory structures on first use does it here
    ready = time.perf_counter() - started
    print(f"Build, documents: {count:,} by search.documents.listing_documents (ORM, batches of {BATCH:,}) in "
          f"{built:,.1f} s ({count / built:,.0f} docs/s)")
    print(f"Build, index: {indexed:,.1f} s writing ({count / indexed:,.0f} docs/s) + {ready:,.1f} s optimise and "
          f"first search (bench process: {rss()})")
    print(f"Build, total: {database + built + indexed + ready:,.1f} s")
    return texts


def lexical_figures(backend, records: list[dict], queries: list[tuple[str, dict]], size: int) -> list[float]:
    """Today's figures: the query mix (first time, repeated), the named queries, the API, the baseline."""
    from django.test import Client

    from search.documents import listing_documents, published_listings

    def engine(text, filters):
        return search_all_facets(backend, text, filters)

    started = time.perf_counter()
    engine("图像 batery", {})  # the first Chinese / misspelt query loads jieba / the typo vocabulary
    print(f"Once per process: jieba and the typo vocabulary {(time.perf_counter() - started) * 1000:,.0f} ms "
          "(warmed up before timing)")
    first = timed(engine, queries)
    repeated = timed(engine, queries)
    named = timed(engine, NAMED_QUERIES)
    document = listing_documents(published_listings().filter(pk=published_listings().first().pk))
    started = time.perf_counter()
    backend.index(document)
    reindexed = time.perf_counter() - started
    started = time.perf_counter()
    engine("method", {})
    after_change = time.perf_counter() - started
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
    print(f"  engine            {milliseconds(named)}")
    if size <= BASELINE_MAX:
        baseline = timed(icontains_search, NAMED_QUERIES)
        print(f"  icontains (ORM)   {milliseconds(baseline)}   (4 facets)")
        print(f"  ratio: engine p50 is {sorted(baseline)[len(baseline) // 2] / sorted(named)[len(named) // 2]:,.0f}× "
              "faster than the baseline")
    else:
        print(f"  icontains (ORM)   skipped above {BASELINE_MAX:,} listings (minutes per query)")
    print(f"\nAfter re-indexing one listing ({reindexed * 1000:.0f} ms): next search {after_change * 1000:.1f} ms")
    totals = {text or str(filters): engine(text, filters).total for text, filters in NAMED_QUERIES[:6]}
    print("Matches:", ", ".join(f"{text} {total:,}" for text, total in totals.items()))
    return first


def uses_neighbours(backend) -> bool:
    """Whether the engine adds the neighbours it is handed (a word nothing matches, one neighbour)."""
    from search.documents import published_listings

    some_id = published_listings().values_list("pk", flat=True).first()
    return search_all_facets(backend, "zzqxjv", {}, neighbours=((some_id, 0.9),)).total > 0


def vector_figures(backend, texts: dict[int, str], queries: list[tuple[str, dict]]) -> tuple[list[float], str]:
    """Embed the real subset, build the vector index, then time the hybrid mix excluding and including the
    query's embedding; returns the hybrid durations (excluding) and the vector index's path."""
    from search.documents import published_listings
    from search.semantic.selectors import query_vector

    started = time.perf_counter()
    real = embed_listings(texts)
    embedding = time.perf_counter() - started
    ids = np.fromiter(published_listings().values_list("pk", flat=True).iterator(chunk_size=50_000), dtype=np.int64)
    synthetic = ids[~np.isin(ids, np.fromiter(real, dtype=np.int64, count=len(real)))]
    adding, path = build_vector_index(real, synthetic)
    print(f"\nVector index (search.semantic: usearch HNSW, cosine, f16, memory-mapped): {len(real):,} listings with "
          f"vectors of the real model (embedded in {embedding:,.1f} s, {len(real) / max(embedding, 1e-9):,.0f}/s) and "
          f"{len(synthetic):,} SYNTHETIC random unit vectors; built in {adding:,.1f} s, "
          f"{Path(path).stat().st_size / 2**20:,.0f} MB on disk")
    embedding_times = []
    for text, _ in queries:  # the site caches query vectors by text: embed each once, timed
        started = time.perf_counter()
        if text:
            query_vector(text)
        embedding_times.append(time.perf_counter() - started)
    excluding = timed(lambda text, filters: hybrid_search(backend, text, filters), queries)
    including = [a + b for a, b in zip(excluding, embedding_times, strict=True)]
    worded = [t for t, (text, _) in zip(embedding_times, queries, strict=True) if text]
    engine = "adds them to the matches" if uses_neighbours(backend) else "IGNORES them (lexical results only)"
    print(f"Hybrid ({len(worded)} of the {len(queries)} queries have words, so a vector; up to 100 neighbours with "
          f"cosine >= 0.3 each; the engine {engine}):")
    print(f"  query embedding   {milliseconds(worded)}   (uncached; the site caches it by text)")
    print(f"  excluding it      {milliseconds(excluding)}   (vector search + engine, all facets)")
    print(f"  including it      {milliseconds(including)}")
    return excluding, path


def process_figures(queries: list[tuple[str, dict]], *, hybrid: bool) -> tuple[dict, dict]:
    """One web worker alone, then four at once (memory after each ran the mix), then a new process's first query."""
    vectors = query_vector_bytes(text for text, _ in queries) if hybrid else {}
    alone = run_workers(1, queries, vectors)[0]
    four = run_workers(4, queries, vectors)
    print("\nWeb-worker-like processes (spawned, Django set up, engine opened"
          f"{', model loaded and vector index mapped' if hybrid else ''}, after running the query mix; query vectors "
          "from the cache, as the site keeps them by text):")
    print(f"  one alone        USS {alone['uss']:,.0f} MB   RSS {alone['rss']:,.0f} MB   PSS {alone['pss']:,.0f} MB   "
          f"(anonymous {alone['anonymous']:,.0f} MB; alone, its mapped index pages count as private)")
    uss = ", ".join(f"{worker['uss']:,.0f}" for worker in four)
    pss = ", ".join(f"{worker['pss']:,.0f}" for worker in four)
    print(f"  four at once     USS {uss} MB   PSS {pss} MB: {sum(w['pss'] for w in four):,.0f} MB together   "
          f"(RSS {max(w['rss'] for w in four):,.0f} MB each at most)")
    if hybrid:
        before = four[0]["lexical_only"]
        print(f"  before loading the model (lexical mix only): USS {before['uss']:,.0f} MB   RSS {before['rss']:,.0f} MB"
              f"   PSS {before['pss']:,.0f} MB (one of four)")
    lexical = [d for w in four for d in w["durations"]["lexical"]]
    print(f"  four at once, lexical mix as they ran it concurrently on 2 cores: {milliseconds(lexical)}")
    start = first_query(NAMED_QUERIES[0][0], hybrid=hybrid)
    print(f"\nFirst query of a new process ({NAMED_QUERIES[0][0]}, all facets; jieba loaded by it; page cache warm): "
          f"{start['first_query_s']:.2f} s from the call to the result; {start['start_to_result_s']:.2f} s from "
          f"starting the process (interpreter, Django set-up) to the result")
    if start["first_hybrid_s"] is not None:
        print(f"  then its first hybrid query (model loaded, vector index mapped): {start['first_hybrid_s']:.2f} s")
    return max(four, key=lambda worker: worker["uss"]), start


def engine_description(backend) -> str:
    """The engine's class, the first line of its module's docstring and the commit: the class path alone does not
    tell one version of the embedded engine from another."""
    import subprocess

    module = sys.modules[type(backend).__module__]
    summary = (module.__doc__ or "").strip().split("\n")[0]
    commit = subprocess.run(["git", "-C", str(Path(__file__).parent), "describe", "--always", "--dirty"],
                            check=False, capture_output=True, text=True).stdout.strip()  # no git: "?"
    return f"{type(backend).__module__}.{type(backend).__qualname__} ({summary}) at commit {commit or '?'}"


def main() -> None:
    options = arguments()
    size = options.listings
    workdir = throwaway_site("ipmarket-search-bench-")
    from search.backends import get_backend

    backend = get_backend()
    engine = engine_description(backend)
    records = read_real_records()
    print(f"Engine: {engine}. Read {len(records):,} real records from {SHARED_DATA} (cn, us, in, landscaping); "
          f"sampled to {size:,} listings: copies of records get new publication numbers.")
    texts = build(backend, records, size, 0 if options.no_hybrid else options.real_vectors)
    queries = generated_queries(records)
    lexical = lexical_figures(backend, records, queries, size)
    hybrid, vector_path = vector_figures(backend, texts, queries) if not options.no_hybrid else ([], None)
    worker, start = process_figures(queries, hybrid=bool(vector_path))
    print(f"\nBench process memory: {rss()}")
    hybrid_p95 = f"{percentile(hybrid, 0.95) * 1000:.1f}" if hybrid else "n/a"
    print(f"listings={size} lexical_p95_ms={percentile(lexical, 0.95) * 1000:.1f} hybrid_p95_ms={hybrid_p95} "
          f"worker_private_mb={worker['uss']:.0f} worker_rss_mb={worker['rss']:.0f} "
          f"first_query_s={start['first_query_s']:.2f}")
    workdir.cleanup()


if __name__ == "__main__":
    main()
