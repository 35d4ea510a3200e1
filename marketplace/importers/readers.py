"""Readers for the supported files. Each yields (line number, RawRecord or RecordError) in file order.

Formats
- cn: CNIPA JSONL (shared data `cn_patents.jsonl`); `kind` is the kind code.
- cn_export: CNIPA records exported from patent databases (shared data `cn_recent.jsonl`), with the legal status
  as exported (`legal_status_zh`, mapped by patent_rules.exported_legal_status) and its export date
  (`legal_status_as_of`); the exporting file (`source_file`) and CPC codes are not kept.
- us: PatentsView JSONL (`us_patents.jsonl`); texts carry CSV-style doubled quotes, cleaned here.
- in: Indian Patent Office grant journal CSV (`in_grants.csv`), dates dd/mm/yyyy; numbers become IN<number>.
- generic: CSV or JSONL whose columns are Patent field names; lists as JSON arrays (JSONL) or `;`-separated (CSV).
CSV readers take `.tsv` files as tab-separated. Whatever a row holds, it becomes a RecordError for that line,
never an exception; only a file that cannot be read as a whole raises ImportFileError, before any record.
"""

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from ..models import Patent
from ..patent_rules import ABANDONED, CN_GRANTED_KINDS, EXPORTED_LEGAL_STATUSES, exported_legal_status
from .records import IMPORT_FIELDS, LIST_FIELDS, RawRecord, RecordError, printable, shown

FORMATS = ("cn", "cn_export", "us", "in", "generic")
IN_COLUMNS = {"patent_number", "application_number", "application_date", "priority_date", "title", "patentee",
              "publication_date", "office"}
Item = tuple[int, RawRecord | RecordError]
# Keys only a database export carries: the status it reported and the file it came from.
CN_EXPORT_KEYS = {"legal_status_zh", "legal_status_as_of", "source_file"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, unknown columns, not UTF-8)."""


def detect_format(path: Path) -> str:
    """By the shared data's file names first (cn_…, us_…, in_…), then by the first record's columns; a CN file
    whose first record carries an export's keys is an export."""
    prefix = path.name.lower()[:3]
    if prefix in {"us_", "in_"}:
        return prefix[:2]
    with path.open("rb") as handle:
        first_line = next((line for line in handle if line.strip()), b"").decode("utf-8-sig", "replace")
    if _is_csv(path):
        return "in" if IN_COLUMNS <= set(next(csv.reader([first_line], _dialect(path)), [])) else "generic"
    try:
        keys = set(json.loads(first_line))
    except (ValueError, TypeError, RecursionError):
        keys = set()
    if "kind" in keys and keys & CN_EXPORT_KEYS:
        return "cn_export"
    if prefix == "cn_":
        return "cn"
    if "query_topic" in keys:
        return "us"
    return "cn" if "kind" in keys else "generic"


def read_records(path: Path, fmt: str) -> Iterator[Item]:
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "in":
        return _read_csv(path, _in_record, required=IN_COLUMNS)
    if fmt == "generic" and _is_csv(path):
        return _read_csv(path, _generic_csv_record, required={"publication_number"}, allowed=set(IMPORT_FIELDS))
    readers = {"cn": _cn_record, "cn_export": _cn_export_record, "us": _us_record, "generic": _generic_record}
    return _read_jsonl(path, readers[fmt])


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".tsv"}


def _dialect(path: Path) -> str:
    """Spreadsheets' tab-delimited exports quote like their CSV ones: the csv module's `excel-tab`."""
    return "excel-tab" if path.suffix.lower() == ".tsv" else "excel"


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{printable(path.name)} is not UTF-8 text ({error.reason} at byte {error.start})"
                              ) from None


def _read_jsonl(path: Path, convert) -> Iterator[Item]:
    empty = True
    for item in _jsonl_items(path, convert):
        empty = False
        yield item
    if empty:
        raise ImportFileError(f"{printable(path.name)} is empty")


def _jsonl_items(path: Path, convert) -> Iterator[Item]:
    with path.open("rb") as handle:
        for line_number, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8-sig").strip()
            except UnicodeDecodeError as error:
                yield line_number, RecordError(f"not UTF-8 text ({error.reason} at byte {error.start})")
                continue
            if not line:
                continue
            try:
                data = json.loads(line, object_pairs_hook=_object_without_repeated_keys)
            except RecordError as error:
                yield line_number, error
                continue
            except json.JSONDecodeError as error:
                yield line_number, RecordError(f"invalid JSON: {error.msg} (column {error.colno})")
                continue
            except ValueError as error:  # a number of more than 4,300 digits
                yield line_number, RecordError(f"invalid JSON: {printable(str(error))}")
                continue
            except RecursionError:
                yield line_number, RecordError("invalid JSON: nested too deeply")
                continue
            if not isinstance(data, dict):
                yield line_number, RecordError(f"expected a JSON object, got {type(data).__name__}")
                continue
            yield line_number, _convert(convert, line_number, data)


def _object_without_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    """json.loads keeps the last of repeated keys silently; which value the file meant is unknown."""
    data = dict(pairs)
    if len(data) != len(pairs):
        raise RecordError(f"repeated key(s): {_repeated([key for key, _value in pairs])}")
    return data


def _repeated(names: list[str]) -> str:
    return ", ".join(shown(name) for name, count in sorted(Counter(names).items()) if count > 1)


def _read_csv(path: Path, convert, *, required: set[str], allowed: set[str] | None = None) -> Iterator[Item]:
    text = _text(path)
    if not text.strip():
        raise ImportFileError(f"{printable(path.name)} is empty")
    lines = _CountedLines(text)
    # The csv module refuses fields over its process-wide limit (128 KiB) with an error that loses the row's
    # place; lifted to the file's size while reading, long values are rejected by the records' own check.
    previous_limit = csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    try:
        reader = csv.reader(lines, _dialect(path))
        header = next(reader)
        _check_header(header, required=required, allowed=allowed)
        while True:
            start = lines.count + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                yield start, RecordError(f"{len(cells)} cells where the header has {len(header)} columns")
            else:
                yield start, _convert(convert, start, dict(zip(header, cells)))
    finally:
        csv.field_size_limit(previous_limit)


class _CountedLines:
    """The file's lines as the csv module reads them (ended by LF, CRLF or CR), counted: a row starts one line
    past the count before it is read, however many lines its quoted values take or blank lines precede it."""

    def __init__(self, text: str):
        self._lines = io.StringIO(text, newline="")
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def _check_header(header: list[str], *, required: set[str], allowed: set[str] | None) -> None:
    columns = set(header)
    if len(columns) != len(header):
        raise ImportFileError(f"repeated columns: {_repeated(header)} (which of them holds the value is unknown)")
    if not required <= columns:
        raise ImportFileError(f"missing columns: {', '.join(sorted(required - columns))}")
    if allowed is not None and columns - allowed:
        unknown = ", ".join(printable(name) or '""' for name in sorted(columns - allowed))
        raise ImportFileError(f"unknown columns: {unknown} "
                              "(a generic CSV has Patent field names only)")


def _convert(convert, line_number: int, data: dict) -> RawRecord | RecordError:
    try:
        return convert(line_number, data)
    except RecordError as error:
        return error


def _generic_record(line: int, data: dict) -> RawRecord:
    return RawRecord(line, data)


def _generic_csv_record(line: int, row: dict) -> RawRecord:
    fields = {name: (value.strip() or None) for name, value in row.items()}
    for name in LIST_FIELDS:
        if name in fields:
            fields[name] = [item for item in (fields[name] or "").split(";") if item.strip()]
    return RawRecord(line, fields)


def _cn_record(line: int, data: dict) -> RawRecord:
    fields = dict(data)
    if "kind" in fields:
        fields["kind_code"] = fields.pop("kind")
    # Some records carry an English title in the Chinese slot and nothing in the English one.
    title_zh, title_en = fields.get("title_zh"), fields.get("title_en")
    if isinstance(title_zh, str) and not title_en and title_zh.isascii():
        fields["title_zh"], fields["title_en"] = "", title_zh
    return RawRecord(line, fields)


def _cn_export_record(line: int, data: dict) -> RawRecord:
    fields = {key: value for key, value in data.items() if key not in {"source_file", "source_files", "cpc_codes"}}
    fields["kind_code"] = fields.pop("kind", "")
    if "claims_zh" in fields:
        fields["claims"] = fields.pop("claims_zh")
    text = fields.pop("legal_status_zh", None)
    if text is not None:
        if not isinstance(text, str):
            raise RecordError(f"legal_status_zh: expected text, got {type(text).__name__}")
        kind = fields["kind_code"] if isinstance(fields["kind_code"], str) else ""
        granted = kind.strip().upper()[:1] in CN_GRANTED_KINDS or bool(fields.get("grant_date"))
        status = exported_legal_status(text, granted=granted)
        if status is None:
            raise RecordError(f"legal_status_zh: {shown(text)} is not a known status "
                              f"({', '.join([*EXPORTED_LEGAL_STATUSES, ABANDONED])})")
        fields.update(legal_status=status, legal_status_source=Patent.LegalStatusSource.EXPORT)
    elif "legal_status_as_of" in fields:
        fields.pop("legal_status_as_of")  # the date of an export that gave no status says nothing
    return RawRecord(line, fields)


def _us_record(line: int, data: dict) -> RawRecord:
    fields = {key: value for key, value in data.items() if key != "query_topic"}
    for name in ("title_en", "abstract_en"):
        if isinstance(fields.get(name), str):
            fields[name] = unquote_csv_text(fields[name])
    return RawRecord(line, fields, granted=True)


def unquote_csv_text(text: str) -> str:
    """'\"\"\"Barometer\"\" neuron\"' → '\"Barometer\" neuron': undo a CSV export's outer quotes and doubling."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return text.replace('""', '"').strip()


def _in_record(line: int, row: dict) -> RawRecord:
    number = row["patent_number"].strip()
    if not (number.isascii() and number.isdigit()):
        raise RecordError(f"patent_number {shown(number)} is not a number")
    patentee = row["patentee"].strip()
    return RawRecord(line, {
        "publication_number": f"IN{number}",
        "application_number": row["application_number"],
        "application_date": _day_month_year(row, "application_date"),
        "priority_date": _day_month_year(row, "priority_date"),
        "publication_date": _day_month_year(row, "publication_date"),
        "title_en": row["title"],
        "applicants": [patentee] if patentee else [],
    }, granted=True)


def _day_month_year(row: dict, name: str):
    value = row[name].strip()
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise RecordError(f"{name}: {shown(value)} is not a date (dd/mm/yyyy)") from None
