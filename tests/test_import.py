import csv
import json
import shutil
from datetime import date
from functools import partial
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DataError, OperationalError

from marketplace.importers import run
from marketplace.importers.readers import detect_format, unquote_csv_text
from marketplace.management.commands import import_patents
from marketplace.models import AuditEvent, Listing, Organisation, Patent
from marketplace.sectors import sector_for_ipc
from marketplace.services.listings import ENDED_LEGAL_STATUSES
from marketplace.signals import listing_changed
from search.backends.base import SearchQuery

DATA = Path(__file__).parent / "data"
RECENT = DATA / "cn_recent_sample.jsonl"  # recent records, most of them still in force
pytestmark = pytest.mark.django_db


def run_import(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_patents", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cn_records_are_imported_with_derived_facts():
    out, err = run_import(DATA / "cn_sample.jsonl")
    assert "13 created, 0 updated, 0 rejected" in out and err == ""
    dated = Patent.objects.get(publication_number="CN106507892B")
    assert dated.application_date == date(1997, 3, 18)
    assert dated.patent_type == Patent.PatentType.INVENTION
    assert dated.expiry_date == date(2017, 3, 18)
    assert dated.legal_status == Patent.LegalStatus.EXPIRED
    assert (dated.ipc_section, dated.ipc_class, dated.kind_code) == ("F", "F41", "B")
    undated = Patent.objects.get(publication_number="CN1016566B")
    # No dates, but its number dates it: a 1989-1992 examined application, so its term ended by 2012-12-09.
    assert undated.expiry_date is None
    assert (undated.legal_status, undated.legal_status_source, undated.legal_status_as_of) == (
        Patent.LegalStatus.EXPIRED, Patent.LegalStatusSource.TERM, date(2012, 12, 9))
    assert undated.applicants == ["阿尔卡特公司"] and undated.family_size == 21
    english_only = Patent.objects.get(publication_number="CN1090162C")
    assert (english_only.title_zh, english_only.title_en) == ("", "Method for production of perfluorocarbon")


def test_reimport_updates_and_never_duplicates():
    run_import(DATA / "cn_sample.jsonl")
    Patent.objects.filter(publication_number="CN1016566B").update(title_zh="被改动的标题")
    out, _err = run_import(DATA / "cn_sample.jsonl")
    assert "0 created, 13 updated, 0 rejected" in out
    assert Patent.objects.count() == 13
    assert Patent.objects.get(publication_number="CN1016566B").title_zh == "分组交换网"


def test_us_records_lose_their_csv_quoting():
    run_import(DATA / "us_sample.jsonl")
    patent = Patent.objects.get(publication_number="US5535303")
    assert patent.title_en == '"Barometer" neuron for a neural network'
    assert patent.abstract_en.startswith('A "Barometer" Neuron enhances stability')
    assert patent.grant_date == date(1996, 7, 9)
    assert patent.expiry_date is None  # no application date: unknown, not guessed
    # ... but filed before its grant, so its 20-year term ended by 2016-07-09 at the latest.
    assert (patent.legal_status, patent.legal_status_source, patent.legal_status_as_of) == (
        Patent.LegalStatus.EXPIRED, Patent.LegalStatusSource.TERM, date(2016, 7, 9))
    assert Patent.objects.get(publication_number="USD349814").patent_type == Patent.PatentType.DESIGN
    assert unquote_csv_text('"Electronic ""traveling salesman"" solver"') == 'Electronic "traveling salesman" solver'


def test_indian_grants_get_prefixed_numbers_and_day_first_dates():
    out, _err = run_import(DATA / "in_sample.csv")
    assert "10 created" in out
    patent = Patent.objects.get(publication_number="IN291162")
    assert patent.application_date == date(2011, 7, 7) and patent.priority_date == date(2010, 7, 7)
    assert patent.expiry_date == date(2031, 7, 7) and patent.jurisdiction == "IN"
    assert patent.applicants == ["LEICA GEOSYSTEMS AG"]


@pytest.mark.parametrize("name", ["generic_sample.csv", "generic_sample.jsonl"])
def test_generic_format_uses_patent_field_names(name):
    run_import(DATA / name, "--format", "generic", "--source", "test file")
    patent = Patent.objects.get(publication_number="CN1049104C")
    assert patent.ipc_codes == ["H01M4/58", "H01M10/05"] and patent.applicants == ["测试大学", "测试研究所"]
    assert (patent.ipc_section, patent.ipc_class) == ("H", "H01")
    assert patent.expiry_date == date(2035, 3, 2) and patent.source == "test file"


def test_malformed_rows_are_reported_and_never_half_written():
    out, err = run_import(DATA / "cn_malformed.jsonl")
    assert "2 created, 0 updated, 9 rejected" in out
    assert set(Patent.objects.values_list("publication_number", flat=True)) == {"CN1016566B", "CN1029859C"}
    assert Patent.objects.get(publication_number="CN1016566B").title_zh == "分组交换网"  # not the duplicate
    for line, reason in [(2, "invalid JSON"), (3, "publication number missing"), (4, "application_date"),
                         (5, "duplicate of line 1"), (6, "applicants: expected a list"),
                         (7, "family_size: expected a whole number"), (8, "no title"), (9, "not plausible"),
                         (10, "malformed publication number")]:
        assert f"cn_malformed.jsonl:{line}: rejected:" in err and reason in err
        assert any(f":{line}: rejected:" in row and reason in row for row in err.splitlines()), (line, reason)


def test_unknown_generic_columns_reject_the_file():
    with pytest.raises(CommandError, match="unknown columns: colour"):
        run_import(DATA / "generic_bad_columns.csv")
    assert not Patent.objects.exists()


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        run_import(DATA / "nothing-here.jsonl")


def test_owner_and_publish_create_audited_published_listings(django_capture_on_commit_callbacks):
    received = []
    listing_changed.connect(lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="test-import")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            out, _err = run_import(DATA / "cn_recent_sample.jsonl", "--owner", "某市知识产权运营有限公司", "--publish")
    finally:
        listing_changed.disconnect(dispatch_uid="test-import")
    owner = Organisation.objects.get(name_zh="某市知识产权运营有限公司")
    assert owner.kind == Organisation.Kind.OPERATING_AGENCY
    listings = Listing.objects.filter(owner=owner)
    # Granted or pending as far as the record tells: 5 in force when exported, 1 granted by its publication and 3
    # pending; the other 8 were refused, withdrawn, lapsed or expired (one by its term since the export).
    assert "8 skipped" in out and "CN1584980A: not listed: expired on 2024-06-01" in out
    assert "CN114448647A: not listed: legal status refused" in out
    assert listings.count() == 9 == listings.filter(status=Listing.Status.PUBLISHED).count()
    listing = listings.get(patent__publication_number="CN113029145A")
    assert listing.description_zh.startswith(Patent.objects.get(pk=listing.patent_id).abstract_zh[:20])
    assert listing.price_negotiable
    assert set(listing.deal_types.values_list("code", flat=True)) == {"non_exclusive_licence", "assignment"}
    events = AuditEvent.objects.filter(object_id=str(listing.pk), content_type__model="listing")
    assert [(e.action, e.to_state, e.actor, e.reason) for e in events] == [
        ("create", "draft", None, "imported"), ("publish", "published", None, "imported")]
    published_ids = [pk for r in received for pk in r["listing_ids"]]
    assert {r["action"] for r in received} == {"publish"}
    assert sorted(published_ids) == sorted(listings.values_list("pk", flat=True))

    run_import(DATA / "cn_recent_sample.jsonl", "--owner", "某市知识产权运营有限公司", "--publish")
    assert Listing.objects.count() == 9


def test_owner_needs_publish():
    with pytest.raises(CommandError, match="go together"):
        run_import(DATA / "cn_sample.jsonl", "--owner", "某机构")


def test_format_is_detected_from_name_then_columns(tmp_path):
    assert detect_format(DATA / "cn_sample.jsonl") == "cn"
    assert detect_format(DATA / "in_sample.csv") == "in"
    assert detect_format(DATA / "generic_sample.csv") == "generic"
    renamed = tmp_path / "export.jsonl"
    shutil.copy(DATA / "us_sample.jsonl", renamed)
    assert detect_format(renamed) == "us"


def test_sector_comes_from_the_most_specific_ipc_entry():
    assert sector_for_ipc("H01M4/58") == "new_energy"
    assert sector_for_ipc("H04") == "information_technology"
    assert sector_for_ipc("B01J21/06") == "chemicals"
    assert sector_for_ipc("") == sector_for_ipc("not ipc") == "other"


# --- Hostile and broken files: every bad row is rejected with its line, and a run is all or nothing ---------

GENERIC_COLUMNS = ["publication_number", "title_zh", "title_en", "abstract_en", "family_size", "application_date",
                   "ipc_codes", "province"]


def generic_csv(path: Path, rows: list[dict], *, dialect: str = "excel") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, GENERIC_COLUMNS, dialect=dialect)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 4 rows, so that a few rows span several batches as thousands do with the real size."""
    monkeypatch.setattr(import_patents, "patents_import", partial(run.patents_import, batch_size=4))


def good_row(serial: int) -> dict:
    return {"publication_number": f"CN{serial}A", "title_zh": f"测试专利{serial}", "family_size": "2",
            "application_date": "2015-03-02", "ipc_codes": "H01M4/58"}


def rejections(err: str, name: str) -> dict[int, str]:
    found = {}
    for row in err.splitlines():
        head, _sep, reason = row.partition(": rejected: ")
        assert head.startswith(f"{name}:") and reason, row
        found[int(head.rsplit(":", 1)[1])] = reason
    return found


@pytest.mark.parametrize("cell, value, reason", [
    ("abstract_en", "x" * (128 * 1024 + 1), "abstract_en: longer than 131,072 characters"),
    ("family_size", "²", "family_size: expected a whole number"),
    ("family_size", "2147483648", "family_size: expected a whole number from 0 to 2,147,483,647"),
    ("family_size", "9" * 5000, "family_size: expected a whole number"),
    ("title_zh", "含有\x00的标题", "title_zh: contains a NUL character"),
    ("application_date", "0000-00-00", "application_date: “0000-00-00” is not a date"),
    ("application_date", "20150302", "application_date: “20150302” is not a date"),
    ("publication_number", "CN١٢٣٤٥٦A", "malformed publication number"),
    ("publication_number", "\x1b[2JCN1", r"malformed publication number “\x1b[2JCN1”"),  # escaped for the terminal
])
def test_a_hostile_csv_value_rejects_its_row_and_the_rest_is_imported(tmp_path, small_batches, cell, value, reason):
    rows = [good_row(serial) for serial in range(100000, 100013)]
    rows[10][cell] = value  # after two batches were written
    out, err = run_import(generic_csv(tmp_path / "hostile.csv", rows))
    assert "12 created, 0 updated, 1 rejected" in out
    assert rejections(err, "hostile.csv").keys() == {12} and reason in err and "\x1b" not in err
    assert Patent.objects.count() == 12


def test_the_issues_1300_row_csv_with_a_field_over_128_kib(tmp_path):
    """Real batch size: the long field at row 1,100 used to stop the run with 1,000 rows written."""
    rows = [good_row(serial) for serial in range(100000, 101300)]
    rows[1099]["abstract_en"] = "长" * 200_000
    path = generic_csv(tmp_path / "long.csv", rows)
    out, err = run_import(path)
    assert "1299 created, 0 updated, 1 rejected" in out
    assert err == "long.csv:1101: rejected: abstract_en: longer than 131,072 characters\n"


def good_json(serial: int) -> str:
    return json.dumps({"publication_number": f"CN{serial}A", "title_zh": f"测试专利{serial}", "family_size": 2,
                       "applicants": ["测试大学"]}, ensure_ascii=False)


@pytest.mark.parametrize("line, reason", [
    ('{"publication_number": "CN200001A", "title_zh": "坏字符\\ud800"}',
     "title_zh: contains an unpaired surrogate U+D800"),
    ('{"publication_number": "CN200001A", "title_zh": "x", "applicants": ["\\u0000"]}', "applicants: contains a NUL"),
    ('{"publication_number": "CN200001A", "title_zh": "x", "family_size": ' + "9" * 5000 + "}", "invalid JSON"),
    ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
    ('{"publication_number": "CN200001A", "title_zh": "x", "title_zh": "y"}', "repeated key(s): “title_zh”"),
    ('{"publication_number": "CN200001A", "title_zh": "x", "grant_date": "99999-01-01"}', "is not a date"),
    ('"CN200001A"', "expected a JSON object, got str"),
])
def test_a_hostile_jsonl_line_rejects_itself_and_the_rest_is_imported(tmp_path, small_batches, line, reason):
    lines = [good_json(serial) for serial in range(100000, 100013)]
    lines[10] = line
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = run_import(path)
    assert "12 created, 0 updated, 1 rejected" in out
    assert rejections(err, "hostile.jsonl").keys() == {11} and reason in err
    assert Patent.objects.count() == 12


def test_csv_line_numbers_count_blank_lines_and_multiline_values(tmp_path):
    path = tmp_path / "spaced.csv"
    path.write_text('publication_number,title_zh\n\nCN100001A,"两行\n标题"\n\n\nCN100002A\nCN100003A,标题,多余\n',
                    encoding="utf-8")
    out, err = run_import(path)
    assert "1 created, 0 updated, 2 rejected" in out
    assert rejections(err, "spaced.csv") == {7: "1 cells where the header has 2 columns",
                                             8: "3 cells where the header has 2 columns"}
    assert Patent.objects.get().title_zh == "两行\n标题"


def test_tab_separated_files_are_read_as_such(tmp_path):
    rows = [{**good_row(100001), "title_zh": "带,逗号的标题"}, good_row(100002)]
    path = generic_csv(tmp_path / "export.tsv", rows, dialect="excel-tab")
    assert detect_format(path) == "generic"
    out, err = run_import(path, "--format", "generic")
    assert "2 created" in out and err == ""
    assert Patent.objects.get(publication_number="CN100001A").title_zh == "带,逗号的标题"
    indian = tmp_path / "grants.tsv"
    indian.write_text((DATA / "in_sample.csv").read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8")
    assert detect_format(indian) == "in"


def test_non_utf8_line_in_a_jsonl_of_unknown_name_rejects_that_line_only(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"\xff\xfe garbage\n" + good_json(100001).encode() + b"\n")
    out, err = run_import(path)
    assert "1 created, 0 updated, 1 rejected" in out
    assert rejections(err, "export.jsonl") == {1: "not UTF-8 text (invalid start byte at byte 0)"}


@pytest.mark.parametrize("name, content", [
    ("empty.csv", ""), ("empty.jsonl", "\n \n"),
    ("twice.csv", "publication_number,title_zh,title_zh\nCN100001A,一,二\n"),
])
def test_empty_files_and_repeated_columns_are_refused_before_anything_is_written(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    message = "repeated columns: “title_zh”" if name == "twice.csv" else f"{name} is empty"
    with pytest.raises(CommandError, match=message):
        run_import(path, "--owner", "某机构", "--publish")
    assert not Patent.objects.exists() and not Organisation.objects.exists()


@pytest.mark.parametrize("option, value", [("--source", "s" * 101), ("--owner", "机" * 201)])
def test_options_the_database_cannot_hold_are_refused(option, value):
    args = [option, value] + (["--publish"] if option == "--owner" else [])
    with pytest.raises(CommandError, match=f"{option}: longer than"):
        run_import(DATA / "generic_sample.csv", *args)
    assert not Patent.objects.exists() and not Organisation.objects.exists()


def database_state() -> list:
    """Every row the importer can touch, to compare before and after a run."""
    return [list(model.objects.order_by("pk").values_list()) for model in (Patent, Organisation, Listing, AuditEvent)]


def fail_on_write(monkeypatch, nth: int, error: Exception) -> None:
    calls = []

    def failing(rows, **kwargs):
        calls.append(rows)
        if len(calls) == nth:
            raise error
        return save(rows, **kwargs)

    save = run._save_atomically
    monkeypatch.setattr(run, "_save_atomically", failing)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # real commits; keeps the deal types
@pytest.mark.parametrize("publish", [False, True])
def test_a_failed_write_leaves_the_database_as_before_the_run(tmp_path, monkeypatch, small_batches, publish):
    owner = ["--owner", "某市知识产权运营有限公司", "--publish"]
    run_import(generic_csv(tmp_path / "first.csv", [good_row(serial) for serial in range(100000, 100006)]), *owner)
    before = database_state()
    fail_on_write(monkeypatch, 3, OperationalError("server closed the connection unexpectedly"))
    second = generic_csv(tmp_path / "second.csv", [good_row(serial) for serial in range(100003, 100013)])
    with pytest.raises(CommandError, match="second.csv: import failed while writing lines 10–11 .OperationalError: "
                                           "server closed .*nothing was written, the database is as before"):
        run_import(second, *(["--owner", "另一家机构", "--publish"] if publish else []))
    assert database_state() == before


def test_a_row_the_database_refuses_is_rejected_alone(monkeypatch, small_batches, tmp_path):
    save = run._save_atomically

    def refusing(rows, **kwargs):
        if any(values["publication_number"] == "CN100005A" for values in rows):
            raise DataError("value out of range")
        return save(rows, **kwargs)

    monkeypatch.setattr(run, "_save_atomically", refusing)
    rows = [good_row(serial) for serial in range(100000, 100010)]
    out, err = run_import(generic_csv(tmp_path / "refused.csv", rows))
    assert "9 created, 0 updated, 1 rejected" in out
    assert err == "refused.csv:7: rejected: CN100005A: refused by the database (value out of range)\n"


def test_digits_that_are_not_ascii_make_no_ipc_class(tmp_path):
    rows = [{**good_row(100001), "ipc_codes": "G²³N3/08"}]
    run_import(generic_csv(tmp_path / "superscript.csv", rows))
    patent = Patent.objects.get()
    assert (patent.ipc_section, patent.ipc_class) == ("G", "")


def _listable_count() -> int:
    return Patent.objects.exclude(legal_status__in=ENDED_LEGAL_STATUSES).count()


def test_publish_leaves_every_published_listing_findable(site_index, django_capture_on_commit_callbacks):
    """The index follows the import: each batch is indexed in one call once the run commits."""
    with django_capture_on_commit_callbacks(execute=True):
        run.patents_import(path=RECENT, owner_name="某市知识产权运营有限公司", batch_size=4)
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED).select_related("patent")
    assert published.count() == _listable_count() == site_index.search(SearchQuery(per_page=1)).total >= 5
    for listing in published:
        hits = site_index.search(SearchQuery(text=listing.patent.publication_number)).hits
        assert listing.pk in [hit.listing_id for hit in hits], listing.patent.publication_number
        assert set(hits[0].document["deal_type"]) == {"non_exclusive_licence", "assignment"}


def test_a_run_of_many_batches_announces_its_listings_once(django_capture_on_commit_callbacks):
    """One listing_changed per action for the whole run, after it commits: the index then takes the listings
    in as few tasks (and commits) as its task size allows, not one per import batch."""
    received = []
    listing_changed.connect(lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="test-import-once")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            run.patents_import(path=RECENT, owner_name="某市知识产权运营有限公司", batch_size=2)
        assert [signal["action"] for signal in received] == ["publish"]
        published = sorted(Listing.objects.filter(status=Listing.Status.PUBLISHED).values_list("pk", flat=True))
        assert received[0]["listing_ids"] == published and len(published) > 2
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            run.patents_import(path=RECENT, batch_size=2)  # updates: the published listings are indexed again
        assert [(signal["action"], signal["listing_ids"]) for signal in received] == [("patent_updated", published)]
    finally:
        listing_changed.disconnect(dispatch_uid="test-import-once")


def test_reimport_reindexes_listings_of_updated_patents(site_index, django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(RECENT, "--owner", "某市知识产权运营有限公司", "--publish")
    listed = Listing.objects.count()
    changed = tmp_path / "cn_changed.jsonl"
    rows = [json.loads(line) for line in RECENT.read_text(encoding="utf-8").splitlines()]
    [renamed] = [row for row in rows if row["publication_number"] == "CN113029145A"]
    renamed["applicants"] = ["量子纠缠通信研究院"]  # documents show the patent's applicants
    changed.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run_import(changed)  # without --owner: someone else's listings still follow their patents
    assert f"0 created, {len(rows)} updated" in out
    [hit] = site_index.search(SearchQuery(text="量子纠缠")).hits
    assert hit.document["publication_number"] == "CN113029145A"
    assert Listing.objects.count() == listed == site_index.search(SearchQuery(per_page=1)).total


def test_imported_listings_and_events_carry_their_defaults_and_times():
    """The bulk writer fills what `save()` would: defaults, creation times, JSON data."""
    run_import(RECENT, "--owner", "某市知识产权运营有限公司", "--publish")
    listing = Listing.objects.get(patent__publication_number="CN113029145A")
    assert (listing.currency, listing.requires_nda, listing.trl, listing.created_by) == ("CNY", False, None, None)
    assert listing.created_at == listing.updated_at and listing.published_at <= listing.created_at
    patent = listing.patent
    assert patent.created_at and patent.agents == [] and patent.applicants == ["西安交通大学"]
    event = AuditEvent.objects.get(object_id=str(listing.pk), action="publish")
    assert event.data == {"offers": "CN113029145A"} and event.created_at and event.actor is None
