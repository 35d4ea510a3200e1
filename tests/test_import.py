import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from marketplace.importers.readers import detect_format, unquote_csv_text
from marketplace.models import AuditEvent, Listing, Organisation, Patent
from marketplace.sectors import sector_for_ipc
from marketplace.signals import listing_changed

DATA = Path(__file__).parent / "data"
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
    assert undated.expiry_date is None and undated.legal_status != Patent.LegalStatus.EXPIRED
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
    assert patent.grant_date == date(1996, 7, 9) and patent.legal_status == Patent.LegalStatus.GRANTED
    assert patent.expiry_date is None  # no application date: unknown, not guessed
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
            out, _err = run_import(DATA / "cn_sample.jsonl", "--owner", "某市知识产权运营有限公司", "--publish")
    finally:
        listing_changed.disconnect(dispatch_uid="test-import")
    owner = Organisation.objects.get(name_zh="某市知识产权运营有限公司")
    assert owner.kind == Organisation.Kind.OPERATING_AGENCY
    listings = Listing.objects.filter(owner=owner)
    expired = Patent.objects.filter(expiry_date__lt=date.today()).count()
    assert expired == 3 and "3 skipped" in out and "CN106507892B: not listed: expired on 2017-03-18" in out
    assert listings.count() == 13 - expired == listings.filter(status=Listing.Status.PUBLISHED).count()
    listing = listings.get(patent__publication_number="CN1016566B")
    assert listing.sector == "information_technology" and listing.price_negotiable
    assert set(listing.deal_types.values_list("code", flat=True)) == {"non_exclusive_licence", "assignment"}
    events = AuditEvent.objects.filter(object_id=str(listing.pk), content_type__model="listing")
    assert [(e.action, e.to_state, e.actor, e.reason) for e in events] == [
        ("create", "draft", None, "imported"), ("publish", "published", None, "imported")]
    published_ids = [pk for r in received for pk in r["listing_ids"]]
    assert {r["action"] for r in received} == {"publish"}
    assert sorted(published_ids) == sorted(listings.values_list("pk", flat=True))

    run_import(DATA / "cn_sample.jsonl", "--owner", "某市知识产权运营有限公司", "--publish")
    assert Listing.objects.count() == 10


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
