"""Readers for the supported files. Each yields (line number, RawRecord or RecordError) in file order.

Formats
- cn: CNIPA JSONL (shared data `cn_patents.jsonl`); `kind` is the kind code.
- us: PatentsView JSONL (`us_patents.jsonl`); texts carry CSV-style doubled quotes, cleaned here.
- in: Indian Patent Office grant journal CSV (`in_grants.csv`), dates dd/mm/yyyy; numbers become IN<number>.
- generic: CSV or JSONL whose columns are Patent field names; lists as JSON arrays (JSONL) or `;`-separated (CSV).
"""

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from .records import IMPORT_FIELDS, LIST_FIELDS, RawRecord, RecordError

FORMATS = ("cn", "us", "in", "generic")
IN_COLUMNS = {"patent_number", "application_number", "application_date", "priority_date", "title", "patentee",
              "publication_date", "office"}
Item = tuple[int, RawRecord | RecordError]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, unknown columns, not UTF-8)."""


def detect_format(path: Path) -> str:
    """By the shared data's file names first (cn_…, us_…, in_…), then by the first record's columns."""
    prefix = path.name.lower()[:3]
    if prefix in {"cn_", "us_", "in_"}:
        return prefix[:2]
    first_line = next((line for line in _text(path).splitlines() if line.strip()), "")
    if _is_csv(path):
        return "in" if IN_COLUMNS <= set(next(csv.reader([first_line]), [])) else "generic"
    try:
        keys = set(json.loads(first_line))
    except (ValueError, TypeError):
        return "generic"
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
    return _read_jsonl(path, {"cn": _cn_record, "us": _us_record, "generic": _generic_record}[fmt])


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() in {".csv", ".tsv"}


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} is not UTF-8 text ({error.reason} at byte {error.start})") from None


def _read_jsonl(path: Path, convert) -> Iterator[Item]:
    with path.open("rb") as handle:
        for line_number, raw_line in enumerate(handle, start=1):
            try:
                line = raw_line.decode("utf-8-sig").strip()
            except UnicodeDecodeError:
                yield line_number, RecordError("not UTF-8 text")
                continue
            if not line:
                continue
            try:
                data = json.loads(line)
            except ValueError as error:
                yield line_number, RecordError(f"invalid JSON: {error.msg} (column {error.colno})")
                continue
            if not isinstance(data, dict):
                yield line_number, RecordError("expected a JSON object")
                continue
            yield line_number, _convert(convert, line_number, data)


def _read_csv(path: Path, convert, *, required: set[str], allowed: set[str] | None = None) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(_text(path), newline=""))
    columns = set(reader.fieldnames or ())
    if not required <= columns:
        raise ImportFileError(f"missing columns: {', '.join(sorted(required - columns))}")
    if allowed is not None and columns - allowed:
        raise ImportFileError(f"unknown columns: {', '.join(sorted(columns - allowed))} "
                              "(a generic CSV has Patent field names only)")
    start = 2
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            yield start, RecordError("wrong number of columns")
        elif any(value.strip() for value in row.values()):
            yield start, _convert(convert, start, row)
        start = reader.line_num + 1


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
    if not number.isdigit():
        raise RecordError(f"patent_number “{number}” is not a number")
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
        raise RecordError(f"{name}: “{value}” is not a date (dd/mm/yyyy)") from None
