"""Report figures against the known fixture (fixtures.py): exact counts, aggregated in the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.models import Patent
from navigation.applicants import applicant_kind, applicant_province
from navigation.models import PatentApplicant
from navigation.query import ReportQuery
from navigation.selectors import navigation_report
from tests.factories import PatentFactory, PublishedListingFactory

from .fixtures import import_fixture

pytestmark = pytest.mark.django_db

FIELD = ReportQuery(ipc=("G08G", "B60W"))


@pytest.fixture
def field(tmp_path):
    import_fixture(tmp_path)


def _report(query=FIELD):
    with translation.override("zh-hans"):
        return navigation_report(query)


def test_totals_and_years(field):
    report = _report()
    assert (report.total, report.granted, report.applicants, report.years) == (8, 4, 6, (2019, 2022))
    assert report.section("years").rows == [[2019, 3, 0], [2020, 2, 0], [2021, 3, 2], [2022, 0, 1]]


def test_top_applicants_and_universities(field):
    report = _report()
    top = [(row[0], row[2]) for row in report.section("applicants").rows]
    assert top[:3] == [("清华大学", 4), ("北京嘀嘀无限科技发展有限公司", 3), ("丰田自动车株式会社", 2)]
    assert len(top) == 6
    tsinghua = report.section("applicants").rows[0]
    years = report.section("applicants").headers[3:]
    assert dict(zip(years, tsinghua[3:])) == {2019: 3, 2020: 1, 2021: 0}
    assert report.section("universities").rows == [["清华大学", 4], ["东南大学", 1]]


def test_kinds_and_joint_filings(field):
    section = _report().section("kinds")
    kinds = PatentApplicant.Kind
    with translation.override("zh-hans"):
        assert section.headers == ["年份", *(str(kinds(kind).label) for kind in ("university", "company", "individual")),
                                   str(_("University–company joint"))]
    rows = {row[0]: row[1:] for row in section.rows}
    # 2019: three patents of 清华大学 (two with 嘀嘀); 2020: one 清华大学 + 丰田, one 丰田 alone.
    assert rows[2019] == [3, 2, 0, 2]
    assert rows[2020] == [1, 2, 0, 1]
    assert rows[2021] == [1, 2, 1, 0]


def test_regions(field):
    rows = _report().section("regions").rows
    assert rows[:3] == [["北京市", 4, "50.0%"], ["广东省", 1, "12.5%"], ["江苏省", 1, "12.5%"]]
    assert rows[-1][1:] == [2, "25.0%"]  # 丰田's two: no region stated


def test_subclasses_growth_legal_status_links(field):
    report = _report()
    subclasses = report.section("subclasses")
    assert [(row[0], row[2]) for row in subclasses.rows] == [("B60W", 5), ("G08G", 3)]
    assert subclasses.headers[3:5] == ["2017–2019", "2020–2022"]
    assert subclasses.rows[0][3:] == [1, 4, "+300%"]  # B60W: 2019 → 2020, 2020, 2021, 2021
    status = {row[0]: row[1] for row in report.section("legal_status").rows}
    assert status == {"有效": 4, "审查中": 3, "已驳回": 1}
    assert report.section("links").rows == [["清华大学", "北京嘀嘀无限科技发展有限公司", 2],
                                            ["清华大学", "丰田自动车株式会社", 1]]


def test_other_filters(field):
    assert _report(ReportQuery(keywords=("车辆控制方法",))).total == 9
    assert _report(ReportQuery(ipc=("G10L",))).total == 1
    assert _report(ReportQuery(ipc=("B60W30",))).total == 1
    assert _report(ReportQuery(region="江苏省")).total == 1
    assert _report(ReportQuery(applicants=("嘀嘀",))).total == 3
    assert _report(ReportQuery(ipc=("G08G", "B60W"), year_from=2020, year_to=2020)).total == 2
    assert _report(ReportQuery(ipc=("A01B",))).total == 0


def test_listings_of_the_field(field):
    listed = PublishedListingFactory(patent=Patent.objects.get(publication_number="CN1100001A"))
    PublishedListingFactory(patent=Patent.objects.get(publication_number="CN1100009A"))  # outside
    report = _report()
    assert report.listings_total == 1 and report.listings == [listed]


def test_report_is_a_fixed_number_of_queries(field):
    """Aggregation happens in the database: the query count does not grow with the patents."""
    with CaptureQueriesContext(connection) as few:
        _report()
    for number in range(30):
        PatentFactory(publication_number=f"CN12000{number:02d}A", ipc_main="B60W30/00", ipc_class="B60",
                      ipc_section="B", applicants=[f"测试汽车有限公司{number}"])
    with CaptureQueriesContext(connection) as many:
        assert _report().total == 38
    assert len(many) == len(few)


def test_applicant_rows_follow_the_patent():
    patent = PatentFactory(applicants=["清华大学", "华为技术有限公司"], application_date="2020-01-01")
    assert list(patent.applicant_rows.order_by("position").values_list("name", "kind", "province", "filing_year")) \
        == [("清华大学", "university", "北京市", 2020), ("华为技术有限公司", "company", "", 2020)]
    patent.applicants = ["浙江大学"]
    patent.save()
    assert list(patent.applicant_rows.values_list("name", flat=True)) == ["浙江大学"]
    patent.delete()
    assert not PatentApplicant.objects.exists()


@pytest.mark.parametrize(("name", "kind", "province"), [
    ("清华大学", "university", "北京市"),
    ("中国科学院自动化研究所", "institute", "北京市"),  # a curated institute (marketplace/demo/universities.py)
    ("中国科学院", "institute", ""),
    ("科大讯飞(苏州)科技有限公司", "company", "江苏省"),
    ("深圳市大疆创新科技有限公司", "company", "广东省"),
    ("黑龙江大学", "university", "黑龙江省"),
    ("丰田自动车株式会社", "company", ""),
    ("张三", "individual", ""),
])
def test_applicant_heuristics(name, kind, province):
    assert (applicant_kind(name), applicant_province(name)) == (kind, province)


def test_scanned_and_indexed_fields_give_the_same_figures(field):
    """A field with keywords (ids resolved once, scope.py) and the same patents by codes alone (facts filtered in
    each query) show the same report."""
    indexed = _report()
    scanned = _report(ReportQuery(ipc=("G08G", "B60W"), keywords=("车辆控制方法",)))
    assert scanned.total == indexed.total == 8
    assert [(section.key, section.rows) for section in scanned.sections] == \
        [(section.key, section.rows) for section in indexed.sections]


def test_facts_follow_imports_and_expiry(tmp_path):
    """Every way patents are written keeps the facts in step: an import that updates them, and the daily expiry."""
    from marketplace.importers.run import patents_import
    from marketplace.services.patents import patents_expire_due
    from navigation.models import PatentFacts

    import_fixture(tmp_path)
    path = tmp_path / "update.jsonl"
    path.write_text('{"publication_number": "CN1100002A", "kind": "A", "title_zh": "自动驾驶", '
                    '"ipc_main": "G06F16/00", "applicants": ["浙江大学"], "application_date": "2019-06-01", '
                    '"legal_status_zh": "审中"}\n', encoding="utf-8")
    assert patents_import(path=path, fmt="cn_export").updated == 1
    facts = PatentFacts.objects.get(patent__publication_number="CN1100002A")
    assert (facts.ipc_subclass, facts.province, facts.by_university) == ("G06F", "浙江省", True)
    assert _report().total == 7

    old = PatentFactory(publication_number="CN1000001C", application_date="1990-01-01", kind_code="C",
                        ipc_main="B60W30/00", ipc_class="B60", ipc_section="B")
    assert old.navigation_facts.legal_status == Patent.LegalStatus.GRANTED
    assert patents_expire_due() >= 1
    old.navigation_facts.refresh_from_db()
    assert old.navigation_facts.legal_status == Patent.LegalStatus.EXPIRED
