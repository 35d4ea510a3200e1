"""Relevance benchmark: lexical vs semantic vs hybrid retrieval, P@10 and nDCG@10 per labelled set.

All in one index (so every set's listings are distractors for the others):
- the six patent-landscaping sets in ../shared/data/landscaping/ (English; evaluation use only, not shipped): a
  record is relevant to its set's topic when labelled 1; queried with English needs and with Chinese needs;
- a seeded sample of the US records in ../shared/data/us_patents.jsonl (English), relevant by `query_topic`;
  queried in English and in Chinese (Chinese → English);
- a seeded sample of the CN records with abstracts in ../shared/data/cn_recent.jsonl, relevant by IPC class
  (first three characters of `ipc_main`); queried with Chinese needs. The class titles are part of both the
  lexical document and the embedded text (as on the site), which helps both columns alike.

Columns: "lexical" is today's engine (settings.SEARCH_BACKEND, keywords and synonyms); "semantic" the nearest
listings in the vector index (search.semantic, the configured embedder, at or above MIN_SIMILARITY); "hybrid"
the two fused by reciprocal rank fusion with the neighbours' share SEMANTIC_WEIGHT. The sweep then prints the
mean P@10 of every set for other weights, and the similarities of relevant and other neighbours, from which
search.semantic.selectors takes its SEMANTIC_WEIGHT and MIN_SIMILARITY.

The first run embeds about 9,000 texts (15–20 minutes on one core); vectors are cached by model and text hash in
var/bench-cache/ (outside git), so later runs take a minute. Run from the repository root:
`.venv/bin/python bench/relevance.py [--explain SET ...]` (--explain prints the top 10 of the set's queries).
"""

import csv
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import ROOT, SHARED_DATA, create_listings, throwaway_site  # noqa: E402

LANDSCAPING = {
    "additivemanufacturing": (
        ["3D printing of metal parts", "printing objects layer by layer from powder",
         "laser melting metal powder to build a component"],
        ["金属零件的3D打印", "用粉末逐层打印物体", "激光熔化金属粉末制造部件"]),
    "autonomousdriving": (
        ["self-driving car", "car that drives itself without a driver",
         "automatic steering and obstacle avoidance for vehicles"],
        ["自动驾驶汽车", "无需驾驶员自行行驶的汽车", "车辆自动转向与避障"]),
    "blockchain": (
        ["blockchain", "distributed ledger to record transactions securely", "cryptocurrency payments"],
        ["区块链", "安全记录交易的分布式账本", "加密货币支付"]),
    "computervision": (
        ["recognise objects in camera images", "image recognition with neural networks", "detect faces in video"],
        ["识别摄像头图像中的物体", "基于神经网络的图像识别", "检测视频中的人脸"]),
    "genomeediting": (
        ["gene editing", "CRISPR Cas9 to modify DNA", "editing the genome of plant cells"],
        ["基因编辑", "利用CRISPR Cas9修饰DNA", "编辑植物细胞的基因组"]),
    "hydrogenstorage": (
        ["storing hydrogen", "hydrogen tank for fuel cell vehicles", "metal hydride material to store hydrogen"],
        ["储存氢气", "燃料电池汽车用储氢罐", "储氢用金属氢化物材料"]),
}
US_TOPICS = {
    "neural networks": (
        ["neural network", "artificial neural network hardware and training",
         "learning machine modelled on the neurons of the brain"],
        ["神经网络", "人工神经网络的硬件与训练", "模拟大脑神经元的学习机器"]),
    "baseball": (
        ["baseball", "baseball bat and glove", "pitching machine for batting practice"],
        ["棒球", "棒球棒和手套", "击球练习用的投球机"]),
}
CN_CLASSES = {
    "G06": ["图像处理与数据计算方法", "基于深度学习模型的数据处理", "计算机程序、存储介质与电子设备"],
    "B60": ["电动汽车整车控制", "车辆座椅与车身", "汽车动力系统与制动控制"],
    "H04": ["无线通信网络传输", "视频图像编码与传输", "移动终端之间的通信方法"],
    "G10": ["语音识别与语音合成", "声音信号降噪处理", "车内主动噪声控制"],
    "G08": ["交通信号与道路交通控制", "道路交通监测与预警", "车辆交通管理与调度"],
    "G01": ["传感器测量与检测", "激光雷达测距", "电池电压电流检测"],
    "F02": ["内燃机燃油喷射控制", "发动机进气与燃烧控制", "柴油发动机"],
    "H01": ["锂电池电芯与电池结构", "半导体器件", "电连接器与天线"],
}
US_SAMPLE = 300  # records per US topic
CN_SAMPLE = 100  # records per CN class
RANKED = 100
WEIGHTS = [round(0.1 * step, 1) for step in range(11)]
THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
CACHE = ROOT / "var" / "bench-cache"


def load_sets() -> tuple[list[dict], list[tuple[str, list[str], set[str]]]]:
    """Records, and the sets as (name, queries, relevant numbers)."""
    records, sets, seen = [], [], set()
    for topic, (english, chinese) in LANDSCAPING.items():
        relevant = set()
        with open(SHARED_DATA / "landscaping" / f"{topic}.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                number = f"LS{topic[:4].upper()}{row['family_id']}"
                if number not in seen:  # a few families are listed twice in a set
                    seen.add(number)
                    records.append({"number": number, "title_en": row["title"], "abstract_en": row["abstract"]})
                if row["label"] == "1":
                    relevant.add(number)
        sets += [(f"{topic} en", english, relevant), (f"{topic} zh", chinese, relevant)]
    rng = random.Random(11)
    by_topic: dict[str, list[dict]] = {topic: [] for topic in US_TOPICS}
    with open(SHARED_DATA / "us_patents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            by_topic[row["query_topic"]].append({"number": row["publication_number"],
                                                 "title_en": row["title_en"].strip('" '),
                                                 "abstract_en": row["abstract_en"].strip('" ')})
    for topic, (english, chinese) in US_TOPICS.items():
        sample = rng.sample(by_topic[topic], US_SAMPLE)
        records += sample
        relevant = {record["number"] for record in sample}
        sets += [(f"US {topic} en", english, relevant), (f"US {topic} zh→en", chinese, relevant)]
    by_class: dict[str, list[dict]] = {code: [] for code in CN_CLASSES}
    with open(SHARED_DATA / "cn_recent.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            code = (row.get("ipc_main") or "")[:3]
            if row.get("abstract_zh") and code in by_class:
                by_class[code].append({"number": row["publication_number"], "title_zh": row["title_zh"],
                                       "abstract_zh": row["abstract_zh"], "ipc_class": code})
    for code, queries in CN_CLASSES.items():
        sample = rng.sample(by_class[code], CN_SAMPLE)
        records += sample
        sets.append((f"CN {code} zh", queries, {record["number"] for record in sample}))
    return records, sets


def precision_and_ndcg(found: list[str], relevant: set[str]) -> tuple[float, float]:
    gains = [1.0 if number in relevant else 0.0 for number in found[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return sum(gains) / 10, dcg / ideal if ideal else 0.0


def fuse(lexical: list[int], semantic: list[int], weight: float) -> list[int]:
    """Reciprocal rank fusion (k = 60), the neighbours' share `weight`: the engines' fusion (search.fusion)."""
    scores: dict[int, float] = {}
    for ranking, share in ((lexical, 1 - weight), (semantic, weight)):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + share / (60 + rank)
    return [item for item, _score in sorted(scores.items(), key=lambda pair: -pair[1])]


def cached_vectors(texts: list[str]) -> None:
    """Store the disk-cached vectors of `texts` in the site, embed the others (saving them to the cache)."""
    from search.models import TextEmbedding
    from search.semantic.embedders import get_embedder
    from search.semantic.services import text_embeddings_store, text_vectors
    from search.semantic.texts import text_hash

    embedder = get_embedder()
    folder = CACHE / embedder.model_name
    folder.mkdir(parents=True, exist_ok=True)
    cached = {}
    for path in sorted(folder.glob("*.npz")):
        with np.load(path) as chunk:
            cached |= dict(zip(chunk["hashes"].tolist(), chunk["vectors"], strict=True))
    wanted = {text_hash(text): text for text in texts}
    text_embeddings_store(model_name=embedder.model_name, vectors={h: cached[h] for h in wanted if h in cached})
    missing = [text for h, text in wanted.items() if h not in cached]
    print(f"{len(wanted) - len(missing)} texts' vectors from {folder}, {len(missing)} to embed.", flush=True)
    started = time.monotonic()
    for start in range(0, len(missing), 256):
        chunk = missing[start:start + 256]
        vectors = text_vectors(texts=chunk)
        np.savez(folder / f"{int(time.time() * 1000)}.npz", hashes=np.array([text_hash(t) for t in chunk]),
                 vectors=vectors)
        done = start + len(chunk)
        print(f"  embedded {done}/{len(missing)} ({done / (time.monotonic() - started):.1f}/s)", flush=True)
    assert TextEmbedding.objects.filter(model_name=embedder.model_name).count() >= len(wanted)


def main() -> None:
    workdir = throwaway_site("ipmarket-relevance-")
    from marketplace.models import Listing
    from search.backends import get_backend
    from search.backends.base import SearchQuery
    from search.documents import listing_documents
    from search.semantic import selectors
    from search.semantic.embedders import get_embedder
    from search.semantic.services import text_vectors, vector_index_rebuild  # noqa: F401
    from search.semantic.texts import listing_text
    from search.semantic.vector_index import vectors_replace_all
    from search.services import search_rebuild

    explain = set(sys.argv[sys.argv.index("--explain") + 1:]) if "--explain" in sys.argv else set()
    records, sets = load_sets()
    print(f"{len(records)} records from {SHARED_DATA} in one index: the 6 landscaping sets whole, {US_SAMPLE} "
          f"US records per query_topic and {CN_SAMPLE} CN records (with abstracts) per IPC class, seeded samples.")
    create_listings(records)
    search_rebuild()
    backend = get_backend()
    embedder = get_embedder()
    texts = {doc["id"]: listing_text(doc) for doc in listing_documents()}
    cached_vectors(list(texts.values()))
    ids = list(texts)
    vectors = text_vectors(texts=[texts[pk] for pk in ids])
    vectors_replace_all(embedder.model_name, embedder.dimensions, vectors=zip(ids, vectors, strict=True))
    numbers = dict(Listing.objects.values_list("pk", "patent__publication_number"))
    titles = {record["number"]: record.get("title_en") or record.get("title_zh") for record in records}

    def lexical(text: str) -> list[int]:
        query = SearchQuery(text=text, per_page=RANKED, highlight=False)
        return [hit.listing_id for hit in backend.search(query).hits]

    rankings = []  # per set: [(lexical ids, [(id, cosine)…] unfiltered), …]
    for name, queries, relevant in sets:
        per_query = []
        for text in queries:
            neighbours = selectors.nearest_listings(selectors.query_vector(text), count=RANKED, min_similarity=-1)
            per_query.append((lexical(text), neighbours))
        rankings.append(per_query)

    def figures(found_lists: list[list[int]], relevant: set[str]) -> tuple[float, float]:
        scores = [precision_and_ndcg([numbers[pk] for pk in found], relevant) for found in found_lists]
        return tuple(sum(column) / len(scores) for column in zip(*scores, strict=True))

    def semantic(neighbours, minimum=selectors.MIN_SIMILARITY) -> list[int]:
        return [pk for pk, similarity in neighbours if similarity >= minimum]

    weight = selectors.SEMANTIC_WEIGHT
    print(f"\nModel {embedder.model_name}; semantic at cosine ≥ {selectors.MIN_SIMILARITY}, hybrid with the "
          f"neighbours' share {weight} (search.semantic.selectors).")
    print(f"{'set':<30} {'lexical (today)':>16} {'semantic':>16} {'hybrid':>16}")
    print(f"{'':<30} {'P@10  nDCG@10':>16} {'P@10  nDCG@10':>16} {'P@10  nDCG@10':>16}")
    totals = {"lexical": [], "semantic": [], "hybrid": []}
    for (name, queries, relevant), per_query in zip(sets, rankings, strict=True):
        columns = {
            "lexical": figures([lex for lex, _n in per_query], relevant),
            "semantic": figures([semantic(n) for _lex, n in per_query], relevant),
            "hybrid": figures([fuse(lex, semantic(n), weight) for lex, n in per_query], relevant),
        }
        for column, value in columns.items():
            totals[column].append(value)
        print(f"{name:<30} " + " ".join(f"{p:6.2f} {n:8.2f} " for p, n in columns.values()))
        if name in explain:
            for text, (lex, n) in zip(queries, per_query, strict=True):
                print(f"  {text!r}")
                for pk in fuse(lex, semantic(n), weight)[:10]:
                    print(f"    {'+' if numbers[pk] in relevant else '-'} {titles[numbers[pk]][:100]}")
    print(f"{'mean of the sets':<30} " + " ".join(
        f"{sum(p for p, _n in v) / len(v):6.2f} {sum(n for _p, n in v) / len(v):8.2f} " for v in totals.values()))

    print("\nFusion weight sweep (the neighbours' share; mean P@10 / nDCG@10 over the sets):")
    for share in WEIGHTS:
        values = [figures([fuse(lex, semantic(n), share) for lex, n in per_query], relevant)
                  for (_name, _q, relevant), per_query in zip(sets, rankings, strict=True)]
        worst = min(values, key=lambda v: v[0])
        print(f"  {share:.1f}: P@10 {sum(v[0] for v in values) / len(values):.3f}  "
              f"nDCG@10 {sum(v[1] for v in values) / len(values):.3f}  (worst set P@10 {worst[0]:.2f})")

    print("\nNeighbours' cosine (top 100 of every query): share of the relevant and of the others at or above:")
    relevant_sims, other_sims = [], []
    for (_name, _q, relevant), per_query in zip(sets, rankings, strict=True):
        for _lex, neighbours in per_query:
            for pk, similarity in neighbours:
                (relevant_sims if numbers[pk] in relevant else other_sims).append(similarity)
    for threshold in THRESHOLDS:
        kept = sum(s >= threshold for s in relevant_sims) / len(relevant_sims)
        others = sum(s >= threshold for s in other_sims) / len(other_sims)
        print(f"  ≥ {threshold:.2f}: relevant {kept:5.1%}   others {others:5.1%}")
    workdir.cleanup()


if __name__ == "__main__":
    main()
