import gzip
import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.importers.run import patents_import
from marketplace.models import Patent

SLICE = Path(__file__).resolve().parents[2] / "demo" / "cn_navigation.jsonl.gz"


class Command(BaseCommand):
    help = ("Load the navigation demo slice (CN records of 2010–2023, navigation/demo/README.md) as patents, not "
            "listings, so navigation reports show real trends. Skipped when already loaded.")

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=getattr(settings, "NAVIGATION_DEMO_RECORDS", 0),
                            help="load only the first N records (0: all; the test settings load a few hundred)")

    def handle(self, *args, records: int, **options):
        with gzip.open(SLICE, "rt", encoding="utf-8") as source:
            lines = [line for line in source if line.strip()]
        lines = lines[:records] if records > 0 else lines
        # The first, middle and last records all stored: the slice was loaded (an import is all or nothing).
        probe = {json.loads(line)["publication_number"] for line in (lines[0], lines[len(lines) // 2], lines[-1])}
        if Patent.objects.filter(publication_number__in=probe).count() == len(probe):
            self.stdout.write("Navigation slice already loaded.")
            return
        with tempfile.TemporaryDirectory(prefix="ipmarket-navigation-") as folder:
            path = Path(folder) / "cn_navigation.jsonl"
            path.write_text("".join(lines), encoding="utf-8")
            report = patents_import(path=path, fmt="cn_export")  # bulk writes, attributed to the original source
        self.stdout.write(f"Navigation slice: {report.created} patents created, {report.updated} updated, "
                          f"{len(report.rejected)} rejected.")
