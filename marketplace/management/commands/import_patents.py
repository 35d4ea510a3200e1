import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.importers.readers import FORMATS, ImportFileError
from marketplace.importers.records import printable
from marketplace.importers.run import ImportAborted, patents_import
from marketplace.models import Organisation


class Command(BaseCommand):
    help = ("Import patents from a CNIPA (cn), PatentsView (us), Indian grant journal (in) or generic CSV/JSONL "
            "file. Re-importing updates by publication number; bad rows are reported and skipped. The run is one "
            "transaction: if it fails, nothing is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--source", default="", help="Data source recorded on each patent.")
        parser.add_argument("--owner", default="", help="Organisation (Chinese name) that lists the patents.")
        parser.add_argument("--owner-kind", default=Organisation.Kind.OPERATING_AGENCY,
                            choices=Organisation.Kind.values, help="Kind of the owner if it has to be created.")
        parser.add_argument("--publish", action="store_true",
                            help="With --owner: publish a listing for each patent that has not expired.")

    def handle(self, *args, file: Path, format: str, source: str, owner: str, owner_kind: str, publish: bool,
               **options):
        if bool(owner.strip()) != publish:
            raise CommandError("--owner and --publish go together.")
        progress = tqdm(unit=" records", file=sys.stdout) if sys.stdout.isatty() else None
        try:
            report = patents_import(path=file, fmt=format, source=source, owner_name=owner, owner_kind=owner_kind,
                                    on_record=progress.update if progress else None)
        except (ImportFileError, ImportAborted) as error:
            raise CommandError(str(error)) from None
        finally:
            if progress:
                progress.close()
        if report.owner_created:
            self.stdout.write(f"Created organisation {report.owner.name_zh} ({report.owner.kind}).")
        name = printable(file.name)
        for line, reason in report.rejected:
            self.stderr.write(f"{name}:{line}: rejected: {reason}")
        for number, reason in report.skipped:
            self.stdout.write(f"{number}: not listed: {reason}")
        summary = (f"{name} ({report.format}): {report.created} created, {report.updated} updated, "
                   f"{len(report.rejected)} rejected")
        if report.owner:
            summary += f"; {report.listed} listings published, {len(report.skipped)} skipped"
        self.stdout.write(self.style.SUCCESS(summary) if not report.rejected else self.style.WARNING(summary))
        if report.listed and settings.SEARCH_SEMANTIC:
            later = ("a background task embeds them" if not settings.CELERY_TASK_ALWAYS_EAGER
                     else "run `manage.py embed_listings` to embed them (or wait for the hourly task)")
            self.stdout.write(f"The {report.listed} new listings are found by keywords now, by meaning once "
                              f"embedded: {later}.")
