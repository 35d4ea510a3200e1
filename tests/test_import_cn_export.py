"""The CN database-export format (shared data cn_recent.jsonl): exported legal status with its date and source."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from marketplace.importers.readers import detect_format
from marketplace.models import Patent

SAMPLE = Path(__file__).parent / "data" / "cn_recent_sample.jsonl"
LS, SOURCE = Patent.LegalStatus, Patent.LegalStatusSource
pytestmark = pytest.mark.django_db


def run_import(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_patents", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def status_of(number: str) -> tuple[str, str, date | None]:
    patent = Patent.objects.get(publication_number=number)
    return patent.legal_status, patent.legal_status_source, patent.legal_status_as_of


def test_format_is_detected_by_its_export_fields(tmp_path):
    assert detect_format(SAMPLE) == "cn_export"
    renamed = tmp_path / "cn_recent.jsonl"
    renamed.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert detect_format(renamed) == "cn_export"


def test_exported_statuses_keep_their_export_date_and_source():
    out, err = run_import(SAMPLE)
    assert "cn_export): 17 created, 0 updated, 0 rejected" in out and err == ""
    assert status_of("CN113347225A") == (LS.GRANTED, SOURCE.EXPORT, date(2022, 12, 19))  # 有效
    assert status_of("CN115713731A") == (LS.GRANTED, SOURCE.EXPORT, date(2023, 4, 18))  # 授权
    assert status_of("CN115840683A") == (LS.PENDING, SOURCE.EXPORT, date(2023, 4, 18))  # 实质审查
    assert status_of("CN114418918A") == (LS.PENDING, SOURCE.EXPORT, date(2022, 5, 30))  # 其他
    assert status_of("CN114448647A") == (LS.REFUSED, SOURCE.EXPORT, date(2023, 4, 18))  # 驳回
    assert status_of("CN115303605A") == (LS.WITHDRAWN, SOURCE.EXPORT, date(2023, 4, 18))  # 撤回
    assert status_of("CN112659968A") == (LS.WITHDRAWN, SOURCE.EXPORT, date(2023, 4, 18))  # 放弃, an application
    assert status_of("CN104662213B") == (LS.LAPSED, SOURCE.EXPORT, date(2023, 3, 21))  # 放弃, a granted patent
    assert status_of("CN110103926B") == (LS.LAPSED, SOURCE.EXPORT, date(2023, 3, 21))  # 未缴年费
    assert status_of("CN211742056U") == (LS.LAPSED, SOURCE.EXPORT, date(2022, 5, 7))  # 无效 (Patentics)
    assert status_of("CN1286681C") == (LS.EXPIRED, SOURCE.EXPORT, date(2023, 3, 21))  # 期限届满
    # A status from the one export without a date is kept, its date unknown.
    assert status_of("CN110750095A") == (LS.PENDING, SOURCE.EXPORT, None)


def test_what_the_export_leaves_out_is_derived_and_says_so():
    run_import(SAMPLE)
    # No status exported: a B publication shows a grant as of its grant date, no more.
    assert status_of("CN110320037B") == (LS.GRANTED, SOURCE.PUBLICATION, date(2022, 7, 8))
    # In force when exported (2023-05-27), but filed 2004-06-01: its 20-year term has ended since.
    assert status_of("CN1584980A") == (LS.EXPIRED, SOURCE.TERM, date(2024, 6, 1))


def test_bibliographic_fields_are_imported():
    run_import(SAMPLE)
    patent = Patent.objects.get(publication_number="CN113347225A")
    assert (patent.province, patent.city) == ("北京市", "北京市")
    assert patent.agency and patent.agents and patent.inventors and patent.applicant_address
    assert patent.grant_date == date(2022, 5, 24) and patent.claims
    assert patent.source == "CNIPA via incoPat/Patentics exports in yangdongbjcn/patent-container"
    design = Patent.objects.get(publication_number="CN307769408S")
    assert design.patent_type == Patent.PatentType.DESIGN and design.inventors


def test_an_unknown_status_text_rejects_its_record_only(tmp_path):
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:2]]
    records[0]["legal_status_zh"] = "暂停"
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    out, err = run_import(path)
    assert "1 created, 0 updated, 1 rejected" in out
    assert "export.jsonl:1: rejected: legal_status_zh: “暂停” is not a known status" in err
