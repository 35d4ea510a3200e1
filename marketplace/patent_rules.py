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


def ipc_parts(code: str) -> tuple[str, str]:
    """'G02F1/1339' → ('G', 'G02'); tolerant of spaces and lower case."""
    code = code.replace(" ", "").upper()
    section = code[:1] if code[:1] in "ABCDEFGH" else ""
    klass = code[:3] if section and code[1:3].isascii() and code[1:3].isdigit() else ""  # not "G²³"
    return section, klass
