"""Build the navigation demo slice from ../shared/data/cn_recent.jsonl:
`.venv/bin/python -m navigation.demo.build_slice`.

Every record, with only the fields the reports use (no abstracts, claims, inventors or agents: keywords then
match titles only), gzip-compressed. Records already in the marketplace demo slice (cn_academic.jsonl, loaded with
their listings) are left out: they are in the database anyway. Attribution: see navigation/demo/README.md.
"""

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "cn_recent.jsonl"
ACADEMIC = ROOT / "marketplace" / "demo" / "cn_academic.jsonl"
TARGET = Path(__file__).with_name("cn_navigation.jsonl.gz")
FIELDS = ("publication_number", "application_number", "kind", "title_zh", "ipc_main", "applicants",
          "application_date", "publication_date", "grant_date", "legal_status_zh", "legal_status_as_of",
          "province", "city")


def main() -> None:
    academic = {json.loads(line)["publication_number"] for line in ACADEMIC.open(encoding="utf-8") if line.strip()}
    kept = 0
    # mtime=0: the same records give the same bytes (no rebuild noise in git).
    with SOURCE.open(encoding="utf-8") as source, gzip.GzipFile(TARGET, "wb", mtime=0, compresslevel=9) as raw:
        for line in source:
            record = json.loads(line)
            if record["publication_number"] in academic:
                continue
            slim = {name: record[name] for name in FIELDS if record.get(name) not in (None, "", [])}
            raw.write((json.dumps(slim, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
            kept += 1
    print(f"{TARGET.name}: {kept} records ({len(academic)} of the academic slice left out), "
          f"{TARGET.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
