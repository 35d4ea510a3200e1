"""Import benchmark on a file of ../shared/data (default cn_recent.jsonl: recent CN records, most of them still
listable; cn_patents.jsonl is older and mostly expired, so --publish would list few of its records).

Patents only: the whole file into a fresh database, then again (updates). With `--publish`, also the whole
path of `import_patents FILE --owner ORG --publish` on emptied tables and an emptied search index (patents,
listings, their audit events and their indexing, which runs on commit), then the same again (updates,
re-indexing), and as the baseline the same path one record per batch (a savepoint, its statements, its
listing_changed and its index call per record) on the first `--baseline-records` records. After each
publishing pass every published listing must be in the search index, found by its publication number.

Run from the repository root: `.venv/bin/python bench/import.py [--publish]`. Uses a temporary SQLite file
unless DATABASE_URL names another (fresh) database; DEBUG is off (no query log), as in production. Records/s
are wall-clock; the CPU figure is this process's own time (the database server's is not in it), which is
steadier than wall-clock on a shared machine. Prints figures; it is not a test. The last line sums them up.
"""

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OWNER = "基准测试知识产权运营有限公司"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default="cn_recent.jsonl", help="a file of ../shared/data")
    parser.add_argument("--publish", action="store_true", help="also measure --owner … --publish end to end")
    parser.add_argument("--baseline-records", type=int, default=1000,
                        help="records imported one per batch for the baseline (0: no baseline)")
    options = parser.parse_args()
    data = SHARED / options.file
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
    logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks log a line each
    from marketplace.importers.readers import detect_format
    from marketplace.models import Patent

    print(f"Reading {data} (the shared data folder, ../shared/data).")
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; load average "
          f"{' '.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} CPUs")
    call_command("migrate", verbosity=0)
    if Patent.objects.exists():
        sys.exit("The database already holds patents; point DATABASE_URL at a fresh one.")
    records = sum(1 for line in data.open(encoding="utf-8") if line.strip())
    fmt = detect_format(data)  # the baseline's slice of the file is read the same way
    rates = {"patents": _timed("patents only, first pass (creates)", path=data, fmt=fmt)}
    _timed("patents only, second pass (updates)", path=data, fmt=fmt)
    if options.publish:
        _empty()
        rates["publish"] = _timed("--publish, first pass (creates)", path=data, fmt=fmt, owner_name=OWNER)
        _timed("--publish, second pass (updates)", path=data, fmt=fmt, owner_name=OWNER)
        if options.baseline_records:
            _empty()
            head = Path(workdir.name) / "head.jsonl"
            with data.open(encoding="utf-8") as source, head.open("w", encoding="utf-8") as target:
                target.writelines(line for _number, line in zip(range(options.baseline_records), source))
            rates["baseline"] = _timed(f"baseline: --publish one record per batch, first "
                                       f"{options.baseline_records} records", path=head, fmt=fmt,
                                       owner_name=OWNER, batch_size=1)
            print(f"--publish in batches is {rates['publish'] / rates['baseline']:.1f}x the baseline")
    summary = f"records={records} patents_per_s={rates['patents']:.0f}"
    if options.publish:
        summary += f" publish_per_s={rates['publish']:.0f}"
        if "baseline" in rates:
            summary += f" baseline_per_s={rates['baseline']:.0f} ratio={rates['publish'] / rates['baseline']:.1f}"
    print(summary)
    workdir.cleanup()


def _timed(label: str, **arguments) -> float:
    """Run one import with its on-commit work (the indexing) and check the index; returns records/s."""
    from marketplace.importers.run import patents_import

    started, cpu_started = time.perf_counter(), time.process_time()
    report = patents_import(**arguments)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    handled = report.created + report.updated
    listed = f", {report.listed} listed, {len(report.skipped)} not listed" if report.owner else ""
    print(f"{label}: {report.created} created, {report.updated} updated, {len(report.rejected)} rejected{listed} "
          f"in {seconds:.2f} s = {handled / seconds:,.0f} records/s (CPU {handled / cpu_seconds:,.0f} records/s)")
    if report.owner:
        _check_index()
    return handled / seconds


def _check_index() -> None:
    """Every published listing is in the index, found by its publication number; nothing else is."""
    from marketplace.models import Listing
    from search.backends import get_backend
    from search.backends.base import SearchQuery

    backend = get_backend()
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    total = backend.search(SearchQuery(per_page=1, highlight=False)).total
    missing = [number for number in published.values_list("patent__publication_number", flat=True)[:200]
               if not backend.search(SearchQuery(text=number, per_page=5, highlight=False)).hits]
    if total != published.count() or missing:
        sys.exit(f"index inconsistent: {total} documents for {published.count()} published listings; "
                 f"not found: {missing[:5]}")
    print(f"  index: {total} documents = published listings; a sample of 200 each found by publication number")


def _empty() -> None:
    from marketplace.models import AuditEvent, Listing, Patent
    from search.backends import get_backend

    AuditEvent.objects.all().delete()
    Listing.objects.all().delete()
    Patent.objects.all().delete()
    get_backend().clear()


if __name__ == "__main__":
    main()
