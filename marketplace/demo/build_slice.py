"""Build the demo slice shipped in marketplace/demo/ from the shared data folder (../shared/data).

Run from the repository root: `.venv/bin/python -m marketplace.demo.build_slice`. Deterministic: the same
input gives the same files. Records are copied unchanged.
- cn_academic.jsonl: every CN record with a university or research institute among its applicants;
- cn_companies.jsonl: about 600 other CN records with Chinese and English titles and no known expiry, those
  on the demo demands' topics first, then spread over IPC classes;
- us_patents.jsonl: about 200 US neural-network records with abstracts, image and pattern recognition first.
"""

import json
from collections import defaultdict
from itertools import chain, zip_longest
from pathlib import Path

from marketplace.demo.academia import academic_applicant

DEMO_DIR = Path(__file__).resolve().parent
SHARED = DEMO_DIR.parents[2] / "shared" / "data"
COMPANY_RECORDS = 600
US_RECORDS = 200
DEMAND_TOPICS = ("电池", "催化", "电机", "图像", "识别", "加氢", "传感", "锂", "太阳能")
US_TOPICS = ("image", "recognition", "vision", "character")


def read_jsonl(name: str) -> list[dict]:
    with (SHARED / name).open(encoding="utf-8") as handle:
        return sorted((json.loads(line) for line in handle if line.strip()), key=lambda r: r["publication_number"])


def write_jsonl(name: str, records: list[dict]) -> None:
    with (DEMO_DIR / name).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{name}: {len(records)} records, {(DEMO_DIR / name).stat().st_size:,} bytes")


def spread_over_classes(records: list[dict]) -> list[dict]:
    """Round-robin over IPC classes so that every field of technology is represented."""
    by_class = defaultdict(list)
    for record in records:
        by_class[record["ipc_class"]].append(record)
    rounds = zip_longest(*(by_class[key] for key in sorted(by_class)))
    return [record for record in chain.from_iterable(rounds) if record is not None]


def company_records(records: list[dict]) -> list[dict]:
    candidates = [r for r in records if not academic_applicant(r["applicants"]) and r["title_zh"] and r["title_en"]
                  and not r.get("application_date")]
    on_topic = [r for r in candidates if any(topic in r["title_zh"] for topic in DEMAND_TOPICS)]
    others = [r for r in candidates if not any(topic in r["title_zh"] for topic in DEMAND_TOPICS)]
    return sorted((on_topic + spread_over_classes(others))[:COMPANY_RECORDS], key=lambda r: r["publication_number"])


def us_records(records: list[dict]) -> list[dict]:
    neural = [r for r in records if r["query_topic"] == "neural networks" and r["abstract_en"].strip()]
    on_topic = [r for r in neural if any(topic in r["title_en"].lower() for topic in US_TOPICS)]
    others = [r for r in neural if not any(topic in r["title_en"].lower() for topic in US_TOPICS)]
    return sorted((on_topic + others)[:US_RECORDS], key=lambda r: r["publication_number"])


def main() -> None:
    print(f"Reading {SHARED}")
    cn = read_jsonl("cn_patents.jsonl")
    write_jsonl("cn_academic.jsonl", [r for r in cn if academic_applicant(r["applicants"])])
    write_jsonl("cn_companies.jsonl", company_records(cn))
    write_jsonl("us_patents.jsonl", us_records(read_jsonl("us_patents.jsonl")))


if __name__ == "__main__":
    main()
