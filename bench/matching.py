"""Matching benchmark: 1,000 technology demands matched against 100,000 listings in the embedded engine.

Listings: real records from ../shared/data (CN titles, US titles with abstracts, Indian grant titles) sampled
with replacement into 100,000 search documents written straight into the embedded index (no database rows);
every copy gets a new publication number. Demands: 1,000 held-out real titles (never indexed) rewritten as
need statements (Chinese for CN titles, English for US ones), saved as Demand rows with random region, deal
types and budget; CN-based demands carry their record's IPC class as a hint.
Run from the repository root: `.venv/bin/python bench/matching.py`. Prints figures; it is not a test.
"""

import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
from bench.searchkit import (  # noqa: E402
    DEAL_TYPES, PROVINCES, SHARED_DATA, milliseconds, read_real_records, throwaway_site,
)

LISTINGS = 100_000
DEMANDS = 1_000
SEED = 7


def documents(records: list[dict], rng: random.Random) -> list[dict]:
    """Search documents as `search.documents.listing_document` shapes them, one per sampled copy."""
    ipc = {
        row["code"]: row for row in json.loads((SHARED_DATA / "ipc_classes.json").read_text(encoding="utf-8"))
    }
    now = int(time.time())
    docs = []
    for number in range(1, LISTINGS + 1):
        record = rng.choice(records)
        codes = [code for code in (record["ipc_class"],) if code in ipc]  # class titles only, as indexed
        province = record.get("province") or rng.choice(PROVINCES)
        price = None if rng.random() < 0.3 else float(rng.randrange(10, 5000) * 1000)
        docs.append(
            {
                "id": number,
                "kind": "patent",
                "identifier": f"BENCH{number:07d}",
                "publication_number": f"BENCH{number:07d}",
                "url": "",
                "title_zh": record["title_zh"][:300],
                "title_en": record["title_en"][:300],
                "abstract_zh": "",
                "abstract_en": record.get("abstract_en", ""),
                "description_zh": "",
                "description_en": "",
                "patent_titles": [],
                "applicants": record["applicants"],
                "inventors": [],
                "owner_name": "基准机构",
                "owner_name_en": "",
                "owner_kind": "university",
                "province": province,
                "city": province,
                "ipc_main": "",
                "ipc_codes": [],
                "ipc_section": [record["ipc_class"][:1]] if record["ipc_class"] else [],
                "ipc_class": [record["ipc_class"]] if record["ipc_class"] else [],
                "ipc_titles_zh": [ipc[c]["title_zh"] for c in codes],
                "ipc_titles_en": [ipc[c]["title_en"] for c in codes],
                "deal_type": rng.sample(DEAL_TYPES, rng.randint(1, 2)),
                "price": price,
                "currency": "CNY",
                "price_negotiable": rng.random() < 0.7,
                "legal_status": [rng.choice(["granted", "pending", "unknown"])],
                "expiry_date": None,
                "expiry_ts": None,
                "published_at": None,
                "published_ts": now - number,
                "sector": "other",
                "jurisdiction": [record["source"].upper()],
                "patent_count": 1,
            }
        )
    return docs


def need_statement(record: dict) -> tuple[str, str]:
    if record["title_zh"] and record["source"] == "cn":
        title = record["title_zh"].removeprefix("一种")
        return f"寻找{title}技术", f"我公司希望引进{title}相关专利技术，用于现有产品升级，可接受许可或转让。"
    title = record["title_en"].lower()
    return (
        f"Looking for {title}",
        f"We need technology for {title} to improve our products; licence or assignment.",
    )


def create_demands(held_out: list[dict], rng: random.Random) -> list:
    from marketplace.models import Demand, Organisation

    sme = Organisation.objects.create(name_zh="基准企业", slug="bench-sme", kind=Organisation.Kind.ENTERPRISE)
    demands = []
    for record in held_out:
        title, description = need_statement(record)
        budget = Decimal(rng.randrange(50, 3000) * 1000) if rng.random() < 0.6 else None
        province = rng.choice(PROVINCES)
        demands.append(
            Demand(
                organisation=sme,
                title=title[:300],
                description=description,
                province=province,
                city=province,
                budget_max=budget,
                ipc_hints=[record["ipc_class"]] if record["ipc_class"] else [],
            )
        )
    demands = Demand.objects.bulk_create(demands)
    through = Demand.deal_types.through
    through.objects.bulk_create(through(demand_id=d.pk, dealtype_id=rng.choice(DEAL_TYPES)) for d in demands)
    return list(Demand.objects.prefetch_related("deal_types").order_by("pk"))


def main() -> None:
    workdir = throwaway_site("ipmarket-matching-")  # noqa: F841  (kept alive until the end)
    from search.backends import get_backend
    from search.matching import match_demand, selectors
    from search.matching.profiles import _demand_profile, demand_profile, listing_profile
    from search.matching.scoring import score

    rng = random.Random(SEED)
    records = read_real_records(landscaping=False)
    rng.shuffle(records)
    cn = [r for r in records if r["source"] == "cn"]
    us = [r for r in records if r["source"] == "us"]
    held_out = cn[:600] + us[:400]
    held = {id(r) for r in held_out}
    pool = [r for r in records if id(r) not in held]
    print(
        f"records: {len(records):,} real (CN {len(cn):,}, US {len(us):,}, "
        f"IN {len(records) - len(cn) - len(us):,}); "
        f"{len(held_out):,} held out for demands, {LISTINGS:,} listings sampled from the other {len(pool):,} "
        "(copies get new numbers BENCH0000001…, written straight into the embedded index)"
    )

    backend = get_backend()
    backend.configure()
    started = time.perf_counter()
    docs = documents(pool, rng)
    for start in range(0, len(docs), 5000):
        backend.index(docs[start : start + 5000])
    backend.optimize()
    print(f"indexed {len(docs):,} documents in {time.perf_counter() - started:.1f} s")
    demands = create_demands(held_out, rng)
    # The documents were written straight into the index, without Listing rows: all count as published.
    selectors.published_ids = set

    match_demand(demand=demands[0])  # warm-up: jieba dictionaries, index columns
    timings, top_scores, same_class, hinted, empty = [], [], 0, 0, 0
    started = time.perf_counter()
    for demand in demands:
        t0 = time.perf_counter()
        matches = match_demand(demand=demand, limit=20)
        timings.append(time.perf_counter() - t0)
        if not matches:
            empty += 1
            continue
        top_scores.append(matches[0].score)
        if demand.ipc_hints:
            hinted += 1
            same_class += demand.ipc_hints[0] in matches[0].document["ipc_class"]
    total = time.perf_counter() - started
    print(
        f"matched {len(demands):,} demands in {total:.1f} s (aim ≤ 20 s): per demand {milliseconds(timings)}"
    )
    print(
        f"  600 Chinese demands: {milliseconds(timings[:600])};  400 English: {milliseconds(timings[600:])}"
    )
    print(
        f"demands without any match: {empty}; median top score: {sorted(top_scores)[len(top_scores) // 2]}; "
        f"top match in the hinted IPC class: {same_class}/{hinted}"
    )
    _demand_profile.cache_clear()  # match_listing's work, cold: every open demand scored against one listing
    started = time.perf_counter()
    offer = listing_profile(docs[0])
    sorted(score(demand_profile(demand), offer)["score"] for demand in demands)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs[1:21]:
        offer = listing_profile(doc)
        sorted(score(demand_profile(demand), offer)["score"] for demand in demands)
    print(
        f"one listing scored against all {len(demands):,} open demands (match_listing): {cold * 1000:.0f} ms "
        f"cold, {(time.perf_counter() - started) / 20 * 1000:.0f} ms once demand profiles are cached"
    )
    print_generic_demands(demands[0].organisation)
    print("example:", demands[0].title)
    for match in match_demand(demand=demands[0], limit=3):
        print(f"  {match.score:3d} {match.identifier} {match.title[:60]}")
        for reason in match.reasons:
            print(f"        · {reason}")


GENERIC_DEMANDS = [("校验测试", "测试"), ("weapons", "weapons"), ("测试系统", "一种测试方法和装置"),
                   ("Test system", "A method and system for testing.")]


def print_generic_demands(sme) -> None:
    """Demands with nothing specific to say (or only a word of an IPC section's title) should not be alerted."""
    from marketplace.models import Demand
    from search.alerts.services import DEMAND_ALERT_MIN_SCORE
    from search.matching import match_demand

    for title, description in GENERIC_DEMANDS:
        demand = Demand.objects.create(organisation=sme, title=title, description=description)
        matches = match_demand(demand=demand, limit=20)
        alerted = [match.score for match in matches if match.score >= DEMAND_ALERT_MIN_SCORE]
        top = matches[0].score if matches else 0
        print(f"generic demand {title!r}: {len(matches)} matches, top score {top}, "
              f"{len(alerted)} at or above the alert threshold {DEMAND_ALERT_MIN_SCORE}")


if __name__ == "__main__":
    main()
