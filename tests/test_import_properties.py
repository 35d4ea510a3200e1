"""Property tests of import_patents on generated generic CSV and JSONL files: good rows mixed with every kind of
broken or hostile one (random unicode, NUL, lone surrogates, huge values, wrong shapes, blank lines, BOM).

Each generated line is known to be good or bad, so the report can be checked line by line: the command never
raises, the good lines are imported as written and exactly the bad lines are rejected. With a failure injected
in the Nth batch write, the database is exactly as before the run and the command stops with a clear message.
"""

import csv
import io
import json
from datetime import date, timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.importers import run
from marketplace.management.commands import import_patents
from marketplace.models import AuditEvent, Listing, Organisation, Patent

BATCH = 3
COLUMNS = ["publication_number", "title_zh", "title_en", "abstract_en", "family_size", "application_date",
           "applicants", "province"]
TOO_LONG = 128 * 1024 + 1
PROPERTY_SETTINGS = settings(max_examples=120, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                    HealthCheck.data_too_large])



def texts(max_size: int, *, also_excluded: str = "") -> st.SearchStrategy[str]:
    """Any characters a database can store (no NUL, no surrogate)."""
    return st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00" + also_excluded),
                   max_size=max_size)


text = texts(30)
title = text.filter(str.strip)
list_item = texts(12, also_excluded=";")  # CSV lists are `;`-separated
long_text = st.builds(lambda piece, times: (piece * times)[:TOO_LONG - 1], title, st.integers(1, 5000))


@st.composite
def good_record(draw) -> dict:
    return {
        "title_zh": draw(title),
        "title_en": draw(st.one_of(st.none(), text)),
        "abstract_en": draw(st.one_of(st.none(), text, long_text)),
        "family_size": draw(st.one_of(st.none(), st.integers(0, 2**31 - 1))),
        "application_date": draw(st.one_of(st.none(), st.dates(date(1850, 1, 1), timezone.localdate()))),
        "applicants": draw(st.lists(list_item, max_size=3)),
        "province": draw(st.one_of(st.none(), texts(50))),
    }


# Bad values a row can carry in either format, as (column, value); each one alone rejects its row.
bad_value = st.one_of(
    st.tuples(st.just("abstract_en"), st.integers(TOO_LONG, TOO_LONG + 10).map(lambda n: "长" * n)),
    st.tuples(st.sampled_from(["title_zh", "abstract_en", "province"]), text.map(lambda t: t + "\x00")),
    st.tuples(st.just("family_size"), st.sampled_from(["²", "٣", "-1", "1.5", "12a", "9" * 5000, str(2**31)])),
    st.tuples(st.sampled_from(["application_date"]),
              st.sampled_from(["0000-00-00", "99999-01-01", "20150302", "2015-W10-1", "2015-02-30", "1849-12-31",
                               str(date.today() + timedelta(days=2))])),
    st.tuples(st.just("publication_number"), st.sampled_from(["", "CN12", "CN١٢٣٤٥A", "X" * 50, "CN" + "1" * 40])),
    st.tuples(st.just("province"), st.just("省" * 51)),
    st.tuples(st.just("title_zh"), st.just("")),  # and no English title: no title at all
)


@st.composite
def jsonl_garbage(draw) -> bytes:
    """A line no importer may accept, in any of the shapes a broken or hostile JSONL file can have."""
    record = {"publication_number": "CN9999999A", "title_zh": draw(title)}
    kind = draw(st.sampled_from(["value", "surrogate", "not_json", "not_object", "nested", "members", "repeated",
                                 "deep", "bytes", "unknown", "huge_number", "wrong_type_number"]))
    if kind == "value":
        column, value = draw(bad_value)
        record.update({column: value, **({"title_en": None} if column == "title_zh" else {})})
    elif kind == "surrogate":
        surrogate = chr(draw(st.integers(0xD800, 0xDFFF)))
        record[draw(st.sampled_from(["title_zh", "abstract_en"]))] = draw(text) + surrogate
    elif kind == "not_json":
        return ('{"oops' + draw(text).replace("\n", " ")).encode()
    elif kind == "not_object":
        value = draw(st.one_of(st.lists(st.integers(), max_size=3), st.integers(), text, st.none(), st.booleans()))
        return json.dumps(value).encode()
    elif kind == "nested":
        record[draw(st.sampled_from(["title_zh", "province", "application_date"]))] = {"zh": draw(text)}
    elif kind == "members":
        record["applicants"] = [draw(text), draw(st.one_of(st.integers(), st.none(), st.lists(text, max_size=1)))]
    elif kind == "repeated":
        return json.dumps(record)[:-1].encode() + b', "title_zh": "again"}'
    elif kind == "deep":
        depth = draw(st.integers(2_000, 50_000))
        return b"[" * depth + b"]" * depth
    elif kind == "bytes":
        return b'{"title_zh": "' + draw(st.binary(min_size=1, max_size=5)).replace(b"\n", b"") + b'\xff"}'
    elif kind == "unknown":
        record["colour"] = draw(text)
    elif kind == "huge_number":
        return json.dumps(record)[:-1].encode() + b', "family_size": ' + b"7" * 4400 + b"}"
    else:
        record["publication_number"] = draw(st.integers(1, 10**6))
    return json.dumps(record, ensure_ascii=True).encode()


@st.composite
def csv_garbage(draw) -> list[str]:
    """Cells of a row no importer may accept (CSV files are UTF-8 as a whole, so no surrogates here)."""
    row = {"publication_number": "CN9999999A", "title_zh": draw(title)}
    if draw(st.booleans()):
        cells = [draw(text) for _ in range(draw(st.sampled_from([1, 2, len(COLUMNS) - 1, len(COLUMNS) + 1])))]
        return ["x", *cells[1:]] if cells else ["x"]  # never blank, which would be skipped rather than rejected
    column, value = draw(bad_value)
    row[column] = value
    return [row.get(name) or "" for name in COLUMNS]


@st.composite
def import_file(draw) -> dict:
    """Rows in a random order, each marked good or bad, with blank lines between; the file's bytes and lines."""
    fmt = draw(st.sampled_from(["csv", "jsonl"]))
    kinds = draw(st.lists(st.sampled_from(["good", "bad", "duplicate", "blank"]), min_size=1, max_size=14))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    pieces, expected_good, bad_lines, line, has_records = [], {}, set(), 1, False
    if fmt == "csv":
        pieces.append(_csv_line(COLUMNS, newline).encode())
        line += 1
    for index, kind in enumerate(kinds):
        number = f"CN{100000 + index}A"
        if kind == "duplicate" and not expected_good:
            kind = "blank"
        has_records = has_records or kind != "blank"
        if kind == "blank":
            piece = draw(st.sampled_from(["", " ", "\t"])) + newline
        elif kind == "good":
            record = draw(good_record())
            expected_good[number] = record
            piece = _good_line(fmt, number, record, newline, ascii_json=draw(st.booleans()))
        elif kind == "duplicate":
            duplicate = draw(st.sampled_from(sorted(expected_good)))
            piece = _good_line(fmt, duplicate, draw(good_record()), newline, ascii_json=True)
        elif fmt == "csv":
            piece = _csv_line(draw(csv_garbage()), newline)
        else:
            piece = draw(jsonl_garbage())
        if kind in {"bad", "duplicate"}:
            bad_lines.add(line)
        raw = piece if isinstance(piece, bytes) else piece.encode()
        pieces.append(raw if raw.endswith(newline.encode()) else raw + newline.encode())
        # CSV counts lines as the csv module does (LF, CRLF or CR, also inside quoted values); JSONL by LF.
        line += len(io.StringIO(raw.decode(), newline="").readlines()) if fmt == "csv" else 1
    bom = draw(st.sampled_from([b"", "\ufeff".encode()]))
    return {"fmt": fmt, "content": bom + b"".join(pieces), "good": expected_good, "bad_lines": bad_lines,
            "has_records": has_records}


def _good_line(fmt: str, number: str, record: dict, newline: str, *, ascii_json: bool) -> str:
    if fmt == "jsonl":
        values = {**record, "application_date": record["application_date"] and str(record["application_date"])}
        return json.dumps({"publication_number": number, **values}, ensure_ascii=ascii_json) + newline
    cells = {**record, "publication_number": number, "applicants": ";".join(record["applicants"])}
    return _csv_line(["" if cells[name] is None else str(cells[name]) for name in COLUMNS], newline)


def _csv_line(cells: list[str], newline: str) -> str:
    """One row; the writer quotes a value with CR or LF only if its line terminator holds both (a bare CR ends a
    record for every CSV reader), so the row is written with CRLF and then ended as asked."""
    out = StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2] + newline


def run_import(path, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_patents", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(import_patents, "patents_import", partial(run.patents_import, batch_size=BATCH))


def stored(patent: Patent) -> dict:
    return {"title_zh": patent.title_zh, "title_en": patent.title_en, "abstract_en": patent.abstract_en,
            "family_size": patent.family_size, "application_date": patent.application_date,
            "applicants": patent.applicants, "province": patent.province}


def written(record: dict) -> dict:
    """What the importer stores for a good record: texts stripped, empty list items dropped."""
    return {**{name: (record[name] or "").strip() for name in ("title_zh", "title_en", "abstract_en", "province")},
            "family_size": record["family_size"], "application_date": record["application_date"],
            "applicants": [item.strip() for item in record["applicants"] if item.strip()]}


@pytest.mark.django_db
@PROPERTY_SETTINGS
@given(case=import_file())
def test_every_line_is_imported_or_rejected_with_its_number(tmp_path, small_batches, case):
    Patent.objects.all().delete()
    path = tmp_path / f"fuzz.{case['fmt']}"
    path.write_bytes(case["content"])
    if not case["has_records"] and case["fmt"] == "jsonl":  # a CSV has its header
        with pytest.raises(CommandError, match="is empty"):
            run_import(path)
        return
    out, err = run_import(path)
    rejected = {int(row.split(":")[1]) for row in err.splitlines()}
    assert all(": rejected: " in row for row in err.splitlines()), err
    assert rejected == case["bad_lines"], err
    assert f"{len(case['good'])} created, 0 updated, {len(case['bad_lines'])} rejected" in out
    assert {patent.publication_number: stored(patent) for patent in Patent.objects.all()} == {
        number: written(record) for number, record in case["good"].items()}


def database_state() -> list:
    return [list(model.objects.order_by("pk").values_list()) for model in (Patent, Organisation, Listing, AuditEvent)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # real commits and rollbacks; keeps deal types
@PROPERTY_SETTINGS
@given(case=import_file(), data=st.data())
def test_a_failed_batch_write_leaves_the_database_as_before(tmp_path, small_batches, monkeypatch, case, data):
    for model in (AuditEvent, Listing, Patent, Organisation):
        model.objects.all().delete()
    owner = ["--owner", "某市知识产权运营有限公司", "--publish"]
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("publication_number,title_zh\nCN100000A,先前的标题\nCN100003A,另一个\n", encoding="utf-8")
    run_import(earlier, *owner)
    before = database_state()
    path = tmp_path / f"fuzz.{case['fmt']}"
    path.write_bytes(case["content"])
    batches = -(-len(case["good"]) // BATCH)
    failing = data.draw(st.integers(1, max(batches, 1)), label="failing batch")
    calls = []

    def save(rows, **kwargs):
        calls.append(rows)
        if len(calls) == failing:
            raise OperationalError("simulated: the server closed the connection")
        return real_save(rows, **kwargs)

    real_save = run._save_atomically
    monkeypatch.setattr(run, "_save_atomically", save)
    try:
        if batches:
            with pytest.raises(CommandError, match=r"import failed while writing line.*OperationalError: simulated"
                                                   r".*nothing was written, the database is as before the run"):
                run_import(path, *data.draw(st.sampled_from([[], owner]), label="options"))
            assert database_state() == before
    finally:
        monkeypatch.setattr(run, "_save_atomically", real_save)
