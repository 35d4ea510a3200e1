"""Build the demo slice shipped in marketplace/demo/ from the shared data folder (../shared/data).

Run from the repository root: `.venv/bin/python -m marketplace.demo.build_slice`. Deterministic: the same
input gives the same files. Records are copied unchanged.
- cn_academic.jsonl: CN records in force when exported (有效/授权, with the export's date), filed in 2010 or later, whose first academic
  applicant is one of the universities and institutes of universities.py; one publication per application (the
  grant rather than the application, one with an abstract rather than one without);
- us_patents.jsonl: English neural-network records with abstracts, granted in 2007 or later (an older grant's
  longest term has certainly ended), image and pattern recognition first: for searching in English.
"""

import json
from collections import defaultdict
from pathlib import Path

from marketplace.demo.academia import academic_applicant
from marketplace.demo.universities import OWNERS

DEMO_DIR = Path(__file__).resolve().parent
SHARED = DEMO_DIR.parents[2] / "shared" / "data"
IN_FORCE = {"有效", "授权"}
FILED_FROM = "2010-01-01"
GRANT_KINDS = {"B", "C", "U", "Y", "S", "D"}
US_RECORDS = 150
US_GRANTED_FROM = "2007-01-01"
US_TOPICS = ("image", "recognition", "vision", "character")


def read_jsonl(name: str) -> list[dict]:
    with (SHARED / name).open(encoding="utf-8") as handle:
        return sorted((json.loads(line) for line in handle if line.strip()), key=lambda r: r["publication_number"])


def write_jsonl(name: str, records: list[dict]) -> None:
    with (DEMO_DIR / name).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{name}: {len(records)} records, {(DEMO_DIR / name).stat().st_size:,} bytes")


def academic_records(records: list[dict]) -> list[dict]:
    by_application = defaultdict(list)
    for record in records:
        if (record.get("legal_status_zh") in IN_FORCE and record.get("legal_status_as_of")
                and record.get("application_date", "") >= FILED_FROM
                and academic_applicant(record.get("applicants", [])) in OWNERS):
            by_application[record["application_number"]].append(record)
    chosen = [max(publications, key=_preference) for publications in by_application.values()]
    return sorted(chosen, key=lambda r: r["publication_number"])


def _preference(record: dict) -> tuple:
    return record["kind"][:1] in GRANT_KINDS, bool(record.get("abstract_zh")), record["publication_number"]


def us_records(records: list[dict]) -> list[dict]:
    neural = [r for r in records if r["query_topic"] == "neural networks" and r["abstract_en"].strip()
              and r["grant_date"] >= US_GRANTED_FROM]
    on_topic = [r for r in neural if any(topic in r["title_en"].lower() for topic in US_TOPICS)]
    others = [r for r in neural if not any(topic in r["title_en"].lower() for topic in US_TOPICS)]
    return sorted((on_topic + others)[:US_RECORDS], key=lambda r: r["publication_number"])


def main() -> None:
    print(f"Reading {SHARED}")
    write_jsonl("cn_academic.jsonl", academic_records(read_jsonl("cn_recent.jsonl")))
    write_jsonl("us_patents.jsonl", us_records(read_jsonl("us_patents.jsonl")))


if __name__ == "__main__":
    main()
