"""Import a patent file: every row is validated, then written in batches, all in ONE transaction.

The run is all or nothing: batches are savepoints inside a transaction around the whole file (and the owner's
creation and listings with --publish), so a failure of any kind — the database refusing a batch for a reason
that is not one row's, a lost connection, a bug — rolls everything back and raises ImportAborted. A batch the
database refuses because of its data is retried row by row, so one bad row is reported and never takes its
neighbours with it. Publication numbers are the key: importing a file again updates, never duplicates.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from ..bulk import rows_insert
from ..data_sources import DEFAULT_SOURCES
from ..models import Listing, Organisation, Patent
from ..services.common import send_on_commit
from ..services.listings import LISTED_PATENT_FIELDS, listings_publish_imported
from ..services.organisations import organisation_get_or_create
from ..signals import listing_changed, patents_written
from ..workflow import lock_row
from .readers import ImportFileError, detect_format, read_records
from .records import IMPORT_FIELDS, RecordError, clean_record, printable, storable_text

BATCH_SIZE = 500
UPDATE_FIELDS = [name for name in IMPORT_FIELDS if name != "publication_number"] + ["source", "updated_at"]
# Refusals that concern the rows written (a value or a constraint), as opposed to the database or the run failing.
ROW_REFUSALS = (DataError, IntegrityError)


class ImportAborted(Exception):
    """The run failed part way; its transaction was rolled back, so the database is as it was before."""


@dataclass
class ImportReport:
    format: str = ""
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    owner: Organisation | None = None
    owner_created: bool = False
    listed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (publication number, why not listed)
    # Listings to (re)index once the run commits: the new ones, and the published ones of updated patents.
    published_ids: list[int] = field(default_factory=list, repr=False)
    reindexed_ids: list[int] = field(default_factory=list, repr=False)

    def add(self, other: "ImportReport") -> None:
        self.created += other.created
        self.updated += other.updated
        self.listed += other.listed
        self.skipped += other.skipped
        self.published_ids += other.published_ids
        self.reindexed_ids += other.reindexed_ids


def patents_import(
    *,
    path: Path,
    fmt: str = "auto",
    source: str = "",
    owner_name: str = "",
    owner_kind: str = Organisation.Kind.OPERATING_AGENCY,
    on_record: Callable[[], object] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Create or update the file's patents; with an owner (created if needed), also publish a listing for each."""
    if not path.is_file():
        raise ImportFileError(f"no such file: {printable(str(path))}")
    fmt = detect_format(path) if fmt == "auto" else fmt
    source = _checked_argument("source", source or DEFAULT_SOURCES.get(fmt, path.name), Patent)
    owner_name = _checked_argument("owner", owner_name.strip(), Organisation, field_name="name_zh")
    run = _ImportRun(path=path, fmt=fmt, source=source, on_record=on_record, batch_size=batch_size,
                     today=timezone.localdate())
    try:
        with transaction.atomic():
            if owner_name:
                owner, run.report.owner_created = organisation_get_or_create(name_zh=owner_name, kind=owner_kind)
                # One import at a time per owner: another one publishing the same file waits for this one's
                # commit, then finds the listings and adds none.
                run.report.owner = lock_row(owner)
            run.execute()
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportAborted(f"{printable(path.name)}: import failed while {run.stage} ({type(error).__name__}: "
                            f"{printable(str(error))[:300]}); nothing was written, the database is as before "
                            "the run") from error
    return run.report


def _checked_argument(argument: str, value: str, model, *, field_name: str | None = None) -> str:
    """Command-line values are checked like the file's, before anything is written."""
    limit = model._meta.get_field(field_name or argument).max_length
    try:
        storable_text(f"--{argument}", value)
    except RecordError as error:
        raise ImportFileError(str(error)) from None
    if len(value) > limit:
        raise ImportFileError(f"--{argument}: longer than {limit} characters")
    return value


class _ImportRun:
    def __init__(self, *, path: Path, fmt: str, source: str, on_record, batch_size: int, today: date):
        self.path, self.fmt, self.source, self.today = path, fmt, source, today
        self.on_record, self.batch_size = on_record, batch_size
        self.report = ImportReport(format=fmt)
        self.stage = "opening the file"  # where the run is, for the message if it fails

    def execute(self) -> None:
        first_line: dict[str, int] = {}
        batch: list[tuple[int, dict]] = []
        for line, item in read_records(self.path, self.fmt):
            self.stage = f"reading line {line}"
            if self.on_record:
                self.on_record()
            try:
                if isinstance(item, RecordError):
                    raise item
                values = clean_record(item, today=self.today)
            except RecordError as error:
                self.report.rejected.append((line, str(error)))
                continue
            number = values["publication_number"]
            if number in first_line:
                self.report.rejected.append((line, f"{number}: duplicate of line {first_line[number]}"))
                continue
            first_line[number] = line
            batch.append((line, {**values, "source": self.source}))
            if len(batch) >= self.batch_size:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)
        self.report.rejected.sort()
        # One signal each for the whole run (sent when it commits), not one per batch: the index takes them
        # in as few tasks, and so commits, as its task size allows.
        for action, listing_ids in (("patent_updated", self.report.reindexed_ids),
                                    ("publish", self.report.published_ids)):
            if listing_ids:
                send_on_commit(listing_changed, listing_ids=sorted(listing_ids), action=action, bulk=True)

    def _write(self, batch: list[tuple[int, dict]]) -> None:
        self.stage = f"writing lines {batch[0][0]}–{batch[-1][0]}"
        try:
            self.report.add(_save_atomically([values for _line, values in batch], owner=self.report.owner))
            return
        except ROW_REFUSALS:
            pass
        for line, values in batch:
            self.stage = f"writing line {line}"
            try:
                self.report.add(_save_atomically([values], owner=self.report.owner))
            except ROW_REFUSALS as error:
                self.report.rejected.append(
                    (line, f"{values['publication_number']}: refused by the database ({printable(str(error))})"))


def _save_atomically(rows: list[dict], *, owner: Organisation | None) -> ImportReport:
    """One batch in a savepoint: refused, it leaves nothing behind and the run's transaction goes on.

    New rows get this batch's own creation time, so reading it back after the upsert tells created from
    updated even when another import wrote the same patents meanwhile.
    """
    now = timezone.now()
    with transaction.atomic():
        rows_insert(Patent, [{**values, "created_at": now, "updated_at": now} for values in rows],
                    unique_fields=["publication_number"], update_fields=UPDATE_FIELDS)
        patents = list(Patent.objects.filter(publication_number__in=[values["publication_number"] for values in rows])
                       .only("created_at", *LISTED_PATENT_FIELDS))
        updated = [patent.pk for patent in patents if patent.created_at != now]
        patents_written.send(sender=Patent, patent_ids=[patent.pk for patent in patents])
        result = ImportReport(created=len(patents) - len(updated), updated=len(updated))
        if updated:
            # Search documents carry their patent's data: the published listings of updated patents are indexed again.
            result.reindexed_ids = list(Listing.objects.filter(patent_id__in=updated, status=Listing.Status.PUBLISHED)
                                        .values_list("pk", flat=True))
        if owner is not None:
            listed = listings_publish_imported(owner=owner, patents=patents, announce=False)
            result.listed, result.skipped, result.published_ids = len(listed.created), listed.skipped, listed.created
    return result
