import datetime

import pytest

from marketplace.models import Patent
from marketplace.patent_rules import (
    expiry_date_for,
    ipc_parts,
    legal_status_for,
    patent_type_for,
    split_publication_number,
)

PT, LS = Patent.PatentType, Patent.LegalStatus
TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    "number, expected",
    [("CN1109268C", ("CN", "1109268", "C")), ("US5535303", ("US", "5535303", "")), ("CN2345678Y", ("CN", "2345678", "Y"))],
)
def test_split_publication_number(number, expected):
    assert split_publication_number(number) == expected


@pytest.mark.parametrize(
    "kind, application, expected",
    [
        ("C", "", PT.INVENTION),
        ("U", "", PT.UTILITY_MODEL),
        ("S", "", PT.DESIGN),
        ("", "CN86105113.0", PT.INVENTION),
        ("", "CN201020123456.7", PT.UTILITY_MODEL),
        ("", "CN202130012345.1", PT.DESIGN),
        ("", "", PT.UNKNOWN),
    ],
)
def test_cn_patent_type(kind, application, expected):
    assert patent_type_for(jurisdiction="CN", kind_code=kind, application_number=application) == expected


def test_expiry_terms_follow_the_law():
    filed = datetime.date(1997, 3, 18)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.INVENTION, application_date=filed) == datetime.date(2017, 3, 18)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.UTILITY_MODEL, application_date=filed) == datetime.date(2007, 3, 18)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.DESIGN, application_date=filed) == datetime.date(2007, 3, 18)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.DESIGN,
                           application_date=datetime.date(2021, 6, 1)) == datetime.date(2036, 6, 1)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.UTILITY_MODEL,
                           application_date=datetime.date(2004, 2, 29)) == datetime.date(2014, 2, 28)
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.INVENTION, application_date=None) is None
    assert expiry_date_for(jurisdiction="CN", patent_type=PT.UNKNOWN, application_date=filed) is None


def test_legal_status_only_from_what_the_record_says():
    assert legal_status_for(jurisdiction="CN", kind_code="C", granted=False, expiry_date=None, today=TODAY) == LS.GRANTED
    assert legal_status_for(jurisdiction="CN", kind_code="A", granted=False, expiry_date=None, today=TODAY) == LS.PENDING
    assert legal_status_for(jurisdiction="CN", kind_code="C", granted=False,
                            expiry_date=datetime.date(2017, 3, 18), today=TODAY) == LS.EXPIRED
    assert legal_status_for(jurisdiction="XX", kind_code="", granted=False, expiry_date=None, today=TODAY) == LS.UNKNOWN


def test_ipc_parts():
    assert ipc_parts("G02F1/1339") == ("G", "G02")
    assert ipc_parts(" h01m 10/05") == ("H", "H01")
    assert ipc_parts("nonsense") == ("", "")
