"""Import benchmark: all of ../shared/data/cn_patents.jsonl into a fresh database, then again (updates), then
the same creates one record per batch (the importer with a batch size of 1: a savepoint and a statement per
record, inside the run's one transaction) as the baseline.

Run from the repository root: `.venv/bin/python bench/import.py`. Uses a temporary SQLite file unless
DATABASE_URL names another (fresh) database. Prints figures; it is not a test.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "cn_patents.jsonl"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipmarket.settings.dev")
    workdir = tempfile.TemporaryDirectory(prefix="ipmarket-bench-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ.setdefault("IPMARKET_VAR_DIR", workdir.name)

    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from marketplace.importers.run import BATCH_SIZE, patents_import
    from marketplace.models import Patent

    print(f"Reading {DATA} (the shared data folder, ../shared/data).")
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if Patent.objects.exists():
        sys.exit("The database already holds patents; point DATABASE_URL at a fresh one.")
    rates = {}
    for label, batch_size in (("first pass (creates)", BATCH_SIZE), ("second pass (updates)", BATCH_SIZE),
                              ("baseline: creates, one record per batch", 1)):
        if batch_size == 1:
            Patent.objects.all().delete()
        started = time.perf_counter()
        report = patents_import(path=DATA, batch_size=batch_size)
        seconds = time.perf_counter() - started
        handled = report.created + report.updated
        rates[label] = handled / seconds
        print(f"{label}: {report.created} created, {report.updated} updated, {len(report.rejected)} rejected "
              f"in {seconds:.2f} s = {handled / seconds:,.0f} records/s")
    ratio = rates["first pass (creates)"] / rates["baseline: creates, one record per batch"]
    print(f"batched creates are {ratio:.1f}x the one-record-per-batch baseline")
    workdir.cleanup()


if __name__ == "__main__":
    main()
