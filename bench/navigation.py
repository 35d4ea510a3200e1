"""Navigation report benchmark at 100,000 patents.

The shared data holds fewer real CN records than that (cn_recent.jsonl: 34,793; cn_patents.jsonl: older ones), so
the database is filled with real records sampled from ../shared/data/cn_*.jsonl and, to reach --patents, COPIES of
them under new publication numbers (CN9<copy><serial><kind>): the same applicants, codes and years repeated, which
is what a larger database of the same fields looks like to a GROUP BY. They go in through the importer
(patents_import), so the applicant rows are written as on a real import.

Then each report below is built (navigation.selectors.navigation_report: every figure the page shows) once cold
and --runs times warm; the median of the warm runs is its time.

Run from the repository root: `DATABASE_URL=postgres://… .venv/bin/python bench/navigation.py` on a fresh
PostgreSQL database (SQLite works too, for a look). DEBUG is off (no query log). Prints figures; it is not a test.
The last line sums them up: `patents=100000 slowest_report_ms=…`.
"""

import argparse
import json
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SOURCES = {"cn_recent.jsonl": "cn_export", "cn_patents.jsonl": "cn"}  # file: its format in the importer
REPORTS = [
    ("autonomous driving: ipc=G08G B60W", {"ipc": "G08G B60W"}),
    ("keywords: q=自动驾驶 无人驾驶 (title or abstract)", {"q": "自动驾驶 无人驾驶"}),
    ("a class: ipc=G06", {"ipc": "G06"}),
    ("a section, one region: ipc=G region=北京", {"ipc": "G", "region": "北京"}),
    ("applicants: 清华大学; 北京航空航天大学", {"applicants": "清华大学; 北京航空航天大学"}),
    ("speech, 2015–2022: ipc=G10L from=2015 to=2022", {"ipc": "G10L", "from": "2015", "to": "2022"}),
    ("keywords in a class: ipc=G06T q=虚拟现实", {"ipc": "G06T", "q": "虚拟现实"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="warm runs per report (the median is reported)")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipmarket.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    workdir = tempfile.TemporaryDirectory(prefix="ipmarket-bench-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ.setdefault("IPMARKET_VAR_DIR", workdir.name)

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)
    from django.http import QueryDict

    from marketplace.importers.run import patents_import
    from marketplace.models import Patent
    from navigation.models import PatentApplicant
    from navigation.query import ReportForm
    from navigation.selectors import navigation_report

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; load average "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs")
    call_command("migrate", verbosity=0)
    if Patent.objects.exists():
        sys.exit("The database already holds patents; point DATABASE_URL at a fresh one.")

    originals = _records()
    paths = _write_sample(originals, Path(workdir.name), options.patents)
    copies = max(0, options.patents - len(originals))
    print(f"{len(originals):,} real records from ../shared/data ({', '.join(SOURCES)}); {options.patents:,} patents "
          f"= real ones plus {copies:,} renumbered copies of them (same facts, new publication numbers)")
    started = time.perf_counter()
    created = rejected = 0
    for fmt, path in paths.items():
        report = patents_import(path=path, fmt=fmt)
        created, rejected = created + report.created, rejected + len(report.rejected)
    print(f"imported {created:,} patents ({rejected} rejected) and "
          f"{PatentApplicant.objects.count():,} applicant rows in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    patents = Patent.objects.count()

    slowest = 0.0
    for label, parameters in REPORTS:
        data = QueryDict(mutable=True)
        data.update(parameters)
        form = ReportForm(data)
        assert form.is_valid(), form.errors
        query = form.report_query()
        cold, result = _timed(navigation_report, query)
        warm = statistics.median(_timed(navigation_report, query)[0] for _ in range(options.runs))
        slowest = max(slowest, warm)
        years = f"{result.years[0]}–{result.years[1]}" if result.years else "-"
        print(f"{label}: {result.total:,} patents, {result.applicants:,} applicants, years {years}: "
              f"{warm:.0f} ms (cold {cold:.0f} ms)")
    print(f"patents={patents} slowest_report_ms={slowest:.0f}")
    workdir.cleanup()


def _records() -> list[tuple[str, str]]:
    """(format, JSON line) of every real CN record, each publication number once (the files share a few)."""
    records = {}
    for name, fmt in SOURCES.items():
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.setdefault(json.loads(line)["publication_number"], (fmt, line))
    return list(records.values())


def _write_sample(originals: list[tuple[str, str]], folder: Path, total: int) -> dict[str, Path]:
    """`total` records, one file per format: the originals (at most `total`), then copies numbered
    CN9<copy><serial><kind>."""
    paths = {fmt: folder / f"navigation-bench-{fmt}.jsonl" for fmt in SOURCES.values()}
    handles = {fmt: path.open("w", encoding="utf-8") for fmt, path in paths.items()}
    for index in range(total):
        copy, position = divmod(index, len(originals))
        fmt, line = originals[position]
        record = json.loads(line)
        if copy:
            # CN9<copy><serial, 10 digits><kind>: longer than any real CN number, so no copy meets a real one.
            serial, kind = re.fullmatch(r"CN(\d+)(\w*)", record["publication_number"]).groups()
            record["publication_number"] = f"CN9{copy}{serial:0>10}{kind}"
        handles[fmt].write(json.dumps(record, ensure_ascii=False) + "\n")
    for handle in handles.values():
        handle.close()
    return paths


def _timed(build, query):
    started = time.perf_counter()
    result = build(query)
    return (time.perf_counter() - started) * 1000, result


if __name__ == "__main__":
    main()
