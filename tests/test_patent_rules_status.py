"""What a record tells about its legal status: exported texts, the publication, and the longest possible term."""

from datetime import date

import pytest

from marketplace.models import Patent
from marketplace.models.patents import legal_status_summary
from marketplace.patent_rules import (
    cn_filing_year_end,
    cn_series_publication_bound,
    exported_legal_status,
    latest_term_end,
    legal_status_fact,
    status_after_term,
)

PT, LS, SOURCE = Patent.PatentType, Patent.LegalStatus, Patent.LegalStatusSource
TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("text, granted, expected", [
    ("有效", False, LS.GRANTED), ("授权", True, LS.GRANTED),
    ("实质审查", False, LS.PENDING), ("公开", False, LS.PENDING), ("审中", False, LS.PENDING),
    ("其他", False, LS.PENDING),
    ("驳回", False, LS.REFUSED), ("撤回", False, LS.WITHDRAWN),
    ("放弃", False, LS.WITHDRAWN), ("放弃", True, LS.LAPSED),
    ("未缴年费", True, LS.LAPSED), ("失效", True, LS.LAPSED), ("无效", True, LS.LAPSED),
    ("期限届满", True, LS.EXPIRED), (" 有效 ", False, LS.GRANTED),
    ("暂停", False, None), ("", False, None),
])
def test_exported_texts_map_to_statuses(text, granted, expected):
    assert exported_legal_status(text, granted=granted) == expected


def fact(number: str, **fields):
    values = {"jurisdiction": number[:2], "patent_type": PT.INVENTION, "publication_number": number,
              "kind_code": "", "application_number": "", "application_date": None, "publication_date": None,
              "grant_date": None, "granted": False, "today": TODAY, **fields}
    return legal_status_fact(**values)


def test_a_us_patent_granted_in_1999_has_certainly_expired():
    # Filed no later than granted: 20 years from filing ended by 2019-03-23 at the latest.
    assert fact("US5886637", grant_date=date(1999, 3, 23), granted=True) == (LS.EXPIRED, SOURCE.TERM,
                                                                             date(2019, 3, 23))
    assert fact("US9000000", grant_date=date(2015, 4, 7), granted=True) == (LS.GRANTED, SOURCE.PUBLICATION,
                                                                            date(2015, 4, 7))


def test_an_undated_cn_grant_of_the_1990s_is_dated_by_its_number():
    # CN1047889C was the last C grant number of 1999: any lower C number was published by 1999-12-29.
    assert cn_series_publication_bound("CN1041000C", "C") == date(1998, 12, 23)
    assert fact("CN1041000C", kind_code="C") == (LS.EXPIRED, SOURCE.TERM, date(2018, 12, 23))
    # A C grant numbered in 2006 may still run: 20 years from a filing before 2006-12-20 is not over yet.
    assert fact("CN1291000C", kind_code="C") == (LS.GRANTED, SOURCE.PUBLICATION, None)


def test_numbering_series_bounds():
    assert cn_series_publication_bound("CN1019000B", "B") == date(1992, 12, 9)  # 1989-1992 examined application
    # A higher 7-digit B reuses an application's number, or is a late 1992 examined application.
    assert cn_series_publication_bound("CN1040000B", "B") == date(1992, 12, 31)
    assert cn_series_publication_bound("CN1500000A", "A") == date(2004, 12, 1)
    assert cn_series_publication_bound("CN1999999A", "A") == date(2007, 12, 31)  # past the last anchor
    assert cn_series_publication_bound("CN85100267B", "B") == date(1985, 12, 31)  # 1985-88: the application number
    assert cn_series_publication_bound("CN201673267Y", "Y") == date(2010, 3, 31)  # Y replaced by U on 2010-04-01
    assert cn_series_publication_bound("CN113347225A", "A") is None  # the 9-digit series: no anchors, no bound
    assert cn_series_publication_bound("US5886637", "") is None


def test_filing_year_from_the_application_number_with_a_years_margin():
    assert cn_filing_year_end("97108213.5") == date(1998, 12, 31)
    assert cn_filing_year_end("CN202210016632.1") == date(2023, 12, 31)
    assert cn_filing_year_end("12345") is None and cn_filing_year_end("") is None
    assert fact("CN1580000A", kind_code="A", application_number="CN03112345.6") == (LS.EXPIRED, SOURCE.TERM,
                                                                                   date(2024, 12, 31))


def test_the_longest_term_by_type():
    common = {"jurisdiction": "CN", "publication_number": "CN300000000S", "kind_code": "S", "application_number": "",
              "publication_date": None, "grant_date": None}
    assert latest_term_end(patent_type=PT.DESIGN, application_date=date(2021, 5, 31), **common) == date(2031, 5, 31)
    assert latest_term_end(patent_type=PT.DESIGN, application_date=date(2021, 6, 1), **common) == date(2036, 6, 1)
    assert latest_term_end(patent_type=PT.UTILITY_MODEL, application_date=date(2015, 1, 2), **common) == date(
        2025, 1, 2)
    # Of an unknown type, an invention's term is the longest possible.
    assert latest_term_end(patent_type=PT.UNKNOWN, application_date=date(2015, 1, 2), **common) == date(2035, 1, 2)
    assert latest_term_end(patent_type=PT.INVENTION, application_date=None, **common) is None


def test_an_ended_term_overrides_only_what_could_still_run():
    exported = (LS.GRANTED, SOURCE.EXPORT, date(2023, 5, 27))
    assert status_after_term(exported, latest_end=date(2024, 6, 1), today=TODAY) == (LS.EXPIRED, SOURCE.TERM,
                                                                                      date(2024, 6, 1))
    assert status_after_term(exported, latest_end=TODAY, today=TODAY) == exported  # ends today: not yet over
    assert status_after_term(exported, latest_end=None, today=TODAY) == exported
    lapsed = (LS.LAPSED, SOURCE.EXPORT, date(2023, 3, 21))
    assert status_after_term(lapsed, latest_end=date(2024, 6, 1), today=TODAY) == lapsed


def test_an_application_is_pending_as_of_its_publication():
    assert fact("CN113347225A", kind_code="A", application_date=date(2021, 4, 19),
                publication_date=date(2021, 6, 4)) == (LS.PENDING, SOURCE.PUBLICATION, date(2021, 6, 4))
    assert fact("XX123456", jurisdiction="XX") == (LS.UNKNOWN, "", None)


def test_the_summary_says_when_and_by_whom(settings):
    from django.utils import translation

    with translation.override("en"):
        assert legal_status_summary(LS.GRANTED, SOURCE.EXPORT, date(2023, 5, 27)) == (
            "In force as of 2023-05-27, source: exported record")
        assert legal_status_summary(LS.PENDING, SOURCE.EXPORT, None) == "Pending, source: exported record (date unknown)"
        assert legal_status_summary(LS.UNKNOWN, "", None) == "Unknown"
    with translation.override("zh-hans"):
        assert legal_status_summary(LS.GRANTED, SOURCE.EXPORT, date(2023, 5, 27)) == "有效（截至 2023-05-27，来源：数据导出）"
