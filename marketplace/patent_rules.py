"""Facts derived from a patent record: its type, legal status and expiry.

Only what the record supports is derived; anything else stays unknown rather than invented.
Terms (China): invention 20 years from filing, utility model 10, design 15 if filed on or after
2021-06-01 (10 before). India and the US: 20 years from filing for (utility) patents.
"""

import re
from datetime import date

from .models import Patent

PT = Patent.PatentType
LS = Patent.LegalStatus
SOURCE = Patent.LegalStatusSource

CN_KIND_TYPES = {"A": PT.INVENTION, "B": PT.INVENTION, "C": PT.INVENTION, "U": PT.UTILITY_MODEL,
                 "Y": PT.UTILITY_MODEL, "S": PT.DESIGN, "D": PT.DESIGN}
CN_GRANTED_KINDS = {"B", "C", "U", "Y", "S", "D"}
# Type digit of a CN application number: the third of an old 8-digit number (YYT.....), the fifth of a
# 12-digit one (YYYYT.......), a check digit after the dot either way.
CN_APPLICATION_TYPES = {"1": PT.INVENTION, "8": PT.INVENTION, "2": PT.UTILITY_MODEL, "9": PT.UTILITY_MODEL,
                        "3": PT.DESIGN}
DESIGN_15_YEARS_FROM = date(2021, 6, 1)


def split_publication_number(number: str) -> tuple[str, str, str]:
    """'CN1109268C' → ('CN', '1109268', 'C'); 'US5535303' → ('US', '5535303', '')."""
    match = re.fullmatch(r"([A-Z]{2})(\d+)([A-Z]\d?)?", number.strip().upper())
    if not match:
        return "", number, ""
    return match.group(1), match.group(2), match.group(3) or ""


def publication_number_forms(number: str) -> list[str]:
    """'CN1156923C' → ['CN1156923C', 'CN1156923', '1156923']: the number as people write it without the kind
    code (which they often do not know) or the country."""
    country, serial, kind = split_publication_number(number)
    if not country:
        return [number] if number else []
    return list(dict.fromkeys([f"{country}{serial}{kind}", f"{country}{serial}", serial]))


def patent_type_for(*, jurisdiction: str, kind_code: str = "", application_number: str = "") -> str:
    if jurisdiction == "CN":
        kind = kind_code[:1]
        if kind in CN_KIND_TYPES:
            return CN_KIND_TYPES[kind]
        digits = re.sub(r"\D", "", application_number)
        type_digit = digits[2:3] if len(digits) in (8, 9) else digits[4:5] if len(digits) in (12, 13) else ""
        return CN_APPLICATION_TYPES.get(type_digit, PT.UNKNOWN)
    if jurisdiction in {"US", "IN"}:
        return PT.INVENTION
    return PT.UNKNOWN


def expiry_date_for(*, jurisdiction: str, patent_type: str, application_date: date | None) -> date | None:
    if application_date is None:
        return None
    if jurisdiction == "CN":
        years = {PT.INVENTION: 20, PT.UTILITY_MODEL: 10}.get(patent_type)
        if patent_type == PT.DESIGN:
            years = 15 if application_date >= DESIGN_15_YEARS_FROM else 10
    elif jurisdiction in {"US", "IN"} and patent_type == PT.INVENTION:
        years = 20
    else:
        years = None
    if years is None:
        return None
    try:
        return application_date.replace(year=application_date.year + years)
    except ValueError:  # 29 February
        return application_date.replace(year=application_date.year + years, day=28)


def legal_status_for(*, jurisdiction: str, kind_code: str, granted: bool, expiry_date: date | None,
                     today: date) -> str:
    if expiry_date is not None and expiry_date < today:
        return LS.EXPIRED
    if granted or (jurisdiction == "CN" and kind_code[:1] in CN_GRANTED_KINDS):
        return LS.GRANTED
    if jurisdiction == "CN" and kind_code[:1] == "A":
        return LS.PENDING
    return LS.UNKNOWN


StatusFact = tuple[str, str, date | None]  # (legal status, its source, the day it is known to hold)


def derived_legal_status(*, jurisdiction: str, kind_code: str, granted: bool, publication_date: date | None,
                         grant_date: date | None) -> StatusFact:
    """What the publication itself shows, as of its own date: a grant (in force when granted) or an application
    (pending when published). Whether it is still so today the publication cannot tell."""
    status = legal_status_for(jurisdiction=jurisdiction, kind_code=kind_code, granted=granted, expiry_date=None,
                              today=date.min)
    if status == LS.UNKNOWN:
        return LS.UNKNOWN, "", None
    as_of = (grant_date or publication_date) if status == LS.GRANTED else publication_date
    return status, SOURCE.PUBLICATION, as_of


# Statuses a term's end overrides: whatever was granted or pending, or unknown, has ended with the term;
# a patent refused, withdrawn or lapsed earlier keeps that (earlier) end.
ENDED_BY_TERM = {LS.GRANTED, LS.PENDING, LS.UNKNOWN}


def status_after_term(fact: StatusFact, *, latest_end: date | None, today: date) -> StatusFact:
    """`fact` unless the longest term the patent can have ended before today: then it has certainly expired."""
    if latest_end is not None and latest_end < today and fact[0] in ENDED_BY_TERM:
        return LS.EXPIRED, SOURCE.TERM, latest_end
    return fact


def legal_status_fact(*, jurisdiction: str, patent_type: str, publication_number: str, kind_code: str,
                      application_number: str, application_date: date | None, publication_date: date | None,
                      grant_date: date | None, granted: bool, today: date) -> StatusFact:
    """All a record without a stated status tells: its publication's status, unless its term has certainly ended."""
    published = derived_legal_status(jurisdiction=jurisdiction, kind_code=kind_code, granted=granted,
                                     publication_date=publication_date, grant_date=grant_date)
    latest_end = latest_term_end(jurisdiction=jurisdiction, patent_type=patent_type,
                                 publication_number=publication_number, kind_code=kind_code,
                                 application_number=application_number, application_date=application_date,
                                 publication_date=publication_date, grant_date=grant_date)
    return status_after_term(published, latest_end=latest_end, today=today)


def latest_term_end(*, jurisdiction: str, patent_type: str, publication_number: str, kind_code: str,
                    application_number: str, application_date: date | None, publication_date: date | None,
                    grant_date: date | None) -> date | None:
    """The last day the patent's statutory term can last, from the latest day it can have been filed: the filing
    date if known, else any date known to come after filing. None when nothing bounds it.

    Statutory terms only: term extensions (US PTA/PTE, CN Art. 42 compensation since 2021-06-01) are not in the
    records we import, and an owner or operator can state a different status."""
    filed_by = application_date or latest_filing_date(
        jurisdiction=jurisdiction, publication_number=publication_number, kind_code=kind_code,
        application_number=application_number, publication_date=publication_date, grant_date=grant_date)
    if filed_by is None:
        return None
    # Of an unknown type, the longest term any type can have (an invention's).
    longest_type = PT.INVENTION if patent_type == PT.UNKNOWN and jurisdiction in {"CN", "US", "IN"} else patent_type
    return expiry_date_for(jurisdiction=jurisdiction, patent_type=longest_type, application_date=filed_by)


def latest_filing_date(*, jurisdiction: str, publication_number: str, kind_code: str, application_number: str,
                       publication_date: date | None, grant_date: date | None) -> date | None:
    """The latest day an application can have been filed, when its filing date is unknown: no later than any
    publication of it, and (CN) no later than the year its application number carries or than the numbering
    series of its publication was in use."""
    bounds = [day for day in (publication_date, grant_date) if day is not None]
    if jurisdiction == "CN":
        bounds += [day for day in (cn_filing_year_end(application_number),
                                   cn_series_publication_bound(publication_number, kind_code)) if day is not None]
    return min(bounds, default=None)


def cn_filing_year_end(application_number: str) -> date | None:
    """CN application numbers begin with the year they were given: two digits in the 8/9-digit numbers used
    until 2003-09-30 ("97108213.5" → 1997), four in the 12/13-digit ones used since ("CN202210016632.1" →
    2022). The bound is the end of the following year: 7 of the 36,100 dated CN records in ../shared/data carry
    a filing date in the year after their number's year (none later)."""
    digits = re.sub(r"\D", "", application_number)
    if len(digits) in (8, 9):
        year = int(digits[:2]) + (1900 if digits[:2] >= "85" else 2000)  # 85-99, then 00-03 (the office opened 1985)
    elif len(digits) in (12, 13):
        year = int(digits[:4])
    else:
        year = None
    return date(year + 1, 12, 31) if year and 1985 <= year <= 2099 else None


# Dating a CN record by its publication number, for records without dates. Each bound was checked on the
# 36,000 dated CN records of ../shared/data (cn_patents.jsonl, cn_recent.jsonl): none was filed after it.
# - Kind codes C (invention grant), Y (utility model) and D (design) were replaced by B, U and S on 2010-04-01.
KINDS_BEFORE_2010 = {"C", "Y", "D"}
LAST_DAY_OF_OLD_KINDS = date(2010, 3, 31)
# - 7-digit numbers (CN1234567) gave way to 9-digit ones in 2007 (in the data: last 7-digit first publication
#   2007-08-22, first 9-digit 2007-07-25); a 7-digit B or C grant keeps a number first given before then.
LAST_DAY_OF_7_DIGITS = date(2007, 12, 31)
# - Within one series and kind, numbers follow publication order (no exception in the data). So a record was
#   published no later than a dated record of its series with a higher number: the last number published each
#   year, from the data. Applications (A) and the grants since 2010 that reuse their numbers (B) share one series;
#   the grants numbered in their own series from 1993 to 2007 (C) another; the examined applications of 1989-1992
#   (also B, ended by the 1993 law) a third, whose last number in the data is CN1019428B (1992-12-09).
CN_7_DIGIT_ANCHORS = {
    "A": ((1038359, date(1989, 12, 27)), (1047665, date(1990, 12, 12)), (1061822, date(1992, 6, 10)),
          (1073223, date(1993, 6, 16)), (1085272, date(1994, 4, 13)), (1112611, date(1995, 11, 29)),
          (1136640, date(1996, 11, 27)), (1168956, date(1997, 12, 31)), (1202652, date(1998, 12, 23)),
          (1239538, date(1999, 12, 22)), (1277663, date(2000, 12, 20)), (1325008, date(2001, 12, 5)),
          (1387691, date(2002, 12, 25)), (1454186, date(2003, 11, 5)), (1550664, date(2004, 12, 1)),
          (1710607, date(2005, 12, 21)), (1882486, date(2006, 12, 20)), (1966321, date(2007, 5, 23))),
    "C": ((1023370, date(1993, 12, 29)), (1027210, date(1994, 12, 28)), (1030536, date(1995, 12, 20)),
          (1033635, date(1996, 12, 25)), (1036757, date(1997, 12, 17)), (1041301, date(1998, 12, 23)),
          (1047889, date(1999, 12, 29)), (1059989, date(2000, 12, 27)), (1076938, date(2001, 12, 26)),
          (1097195, date(2002, 12, 25)), (1133021, date(2003, 12, 31)), (1181325, date(2004, 12, 22)),
          (1234100, date(2005, 12, 28)), (1291073, date(2006, 12, 20)), (1328842, date(2007, 7, 25))),
}
LAST_EXAMINED_B = (1019428, date(1992, 12, 9))
LAST_DAY_OF_EXAMINED_B = date(1992, 12, 31)


def cn_series_publication_bound(publication_number: str, kind_code: str) -> date | None:
    """The latest day a CN record's number can first have been published, from its numbering series."""
    country, serial, number_kind = split_publication_number(publication_number)
    if country != "CN" or not serial.isdigit():
        return None
    kind = (kind_code or number_kind)[:1]
    bounds = [LAST_DAY_OF_OLD_KINDS] if kind in KINDS_BEFORE_2010 else []
    if len(serial) == 8 and "85" <= serial[:2] <= "88":
        # 1985-1988: the application number (filing year first) was the publication number.
        bounds.append(date(1900 + int(serial[:2]), 12, 31))
    elif len(serial) == 7:
        bounds.append(LAST_DAY_OF_7_DIGITS)
        bounds.append(_cn_7_digit_bound(int(serial), kind))
    return min(bounds, default=None)


def _cn_7_digit_bound(serial: int, kind: str) -> date:
    if kind == "B" and serial <= LAST_EXAMINED_B[0]:
        return LAST_EXAMINED_B[1]  # in either series that uses B, this number was given by 1992-12-09
    anchors = CN_7_DIGIT_ANCHORS["C" if kind == "C" else "A"] if kind in {"A", "B", "C"} else ()
    bound = next((day for number, day in anchors if number >= serial), LAST_DAY_OF_7_DIGITS)
    # A higher B may still be a 1992 examined application, whatever the A series had reached.
    return max(bound, LAST_DAY_OF_EXAMINED_B) if kind == "B" else bound


# The legal status texts that CN databases export (Patentics, incoPat; see ../shared/data/cn_recent.README.md),
# as our statuses. 有效 on an application (kind A) means the application was granted and is in force.
# 其他 stands for 公开 in the Patentics 增强现实 export (checked on records in both exports): pending.
# Patentics' 无效 is its "not in force" class, not an invalidation decision: 874 of its 1,047 records are utility
# models 3-8 years old (fee lapses), so it is reported as lapsed; likewise incoPat's 失效 and 未缴年费.
# 放弃 ends a granted right (lapsed) or an application (withdrawn); see exported_legal_status().
EXPORTED_LEGAL_STATUSES = {
    "有效": LS.GRANTED, "授权": LS.GRANTED,
    "实质审查": LS.PENDING, "公开": LS.PENDING, "审中": LS.PENDING, "其他": LS.PENDING,
    "驳回": LS.REFUSED, "撤回": LS.WITHDRAWN,
    "未缴年费": LS.LAPSED, "失效": LS.LAPSED, "无效": LS.LAPSED,
    "期限届满": LS.EXPIRED,
}
ABANDONED = "放弃"


def exported_legal_status(text: str, *, granted: bool) -> str | None:
    """Our status for an exported status text, None for a text nobody has mapped yet."""
    text = text.strip()
    if text == ABANDONED:
        return LS.LAPSED if granted else LS.WITHDRAWN
    return EXPORTED_LEGAL_STATUSES.get(text)


def ipc_parts(code: str) -> tuple[str, str]:
    """'G02F1/1339' → ('G', 'G02'); tolerant of spaces and lower case."""
    code = code.replace(" ", "").upper()
    section = code[:1] if code[:1] in "ABCDEFGH" else ""
    klass = code[:3] if section and code[1:3].isascii() and code[1:3].isdigit() else ""  # not "G²³"
    return section, klass
