"""Import a patent file in batches: rows are validated first, each batch is written in one transaction.

A batch the database refuses is retried row by row, so one bad row is reported and never takes its
neighbours with it. Publication numbers are the key: importing a file again updates, never duplicates.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from ..models import Organisation, Patent
from ..services.listings import listings_publish_imported
from .readers import ImportFileError, detect_format, read_records
from .records import IMPORT_FIELDS, RecordError, clean_record

BATCH_SIZE = 500
DEFAULT_SOURCES = {
    "cn": "CNIPA via imliuruiqi/python-anlyse",
    "us": "USPTO PatentsView",
    "in": "Indian Patent Office grant journals (ODbL)",
}
UPDATE_FIELDS = [name for name in IMPORT_FIELDS if name != "publication_number"] + ["source", "updated_at"]


@dataclass
class ImportReport:
    format: str = ""
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    listed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (publication number, why not listed)

    def add(self, other: "ImportReport") -> None:
        self.created += other.created
        self.updated += other.updated
        self.listed += other.listed
        self.skipped += other.skipped


def patents_import(
    *,
    path: Path,
    fmt: str = "auto",
    source: str = "",
    owner: Organisation | None = None,
    on_record: Callable[[], object] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Create or update the file's patents; with an owner, also publish a listing for each (see the service)."""
    if not path.is_file():
        raise ImportFileError(f"no such file: {path}")
    fmt = detect_format(path) if fmt == "auto" else fmt
    source = source or DEFAULT_SOURCES.get(fmt, path.name)
    report = ImportReport(format=fmt)
    today = timezone.localdate()
    first_line: dict[str, int] = {}
    batch: list[tuple[int, dict]] = []
    for line, item in read_records(path, fmt):
        if on_record:
            on_record()
        try:
            if isinstance(item, RecordError):
                raise item
            values = clean_record(item, today=today)
        except RecordError as error:
            report.rejected.append((line, str(error)))
            continue
        number = values["publication_number"]
        if number in first_line:
            report.rejected.append((line, f"{number}: duplicate of line {first_line[number]}"))
            continue
        first_line[number] = line
        batch.append((line, {**values, "source": source}))
        if len(batch) >= batch_size:
            _write(batch, report, owner=owner)
            batch = []
    if batch:
        _write(batch, report, owner=owner)
    report.rejected.sort()
    return report


def _write(batch: list[tuple[int, dict]], report: ImportReport, *, owner: Organisation | None) -> None:
    try:
        report.add(_save_atomically([values for _line, values in batch], owner=owner))
        return
    except DatabaseError:
        pass
    for line, values in batch:
        try:
            report.add(_save_atomically([values], owner=owner))
        except DatabaseError as error:
            report.rejected.append((line, f"{values['publication_number']}: refused by the database ({error})"))


def _save_atomically(rows: list[dict], *, owner: Organisation | None) -> ImportReport:
    numbers = [values["publication_number"] for values in rows]
    with transaction.atomic():
        existing = set(Patent.objects.filter(publication_number__in=numbers)
                       .values_list("publication_number", flat=True))
        Patent.objects.bulk_create([Patent(**values) for values in rows], update_conflicts=True,
                                   unique_fields=["publication_number"], update_fields=UPDATE_FIELDS)
        result = ImportReport(created=len(numbers) - len(existing), updated=len(existing))
        if owner is not None:
            listed = listings_publish_imported(owner=owner,
                                               patents=Patent.objects.filter(publication_number__in=numbers))
            result.listed, result.skipped = len(listed.created), listed.skipped
    return result
