"""One imported record: validated field by field, then completed with what patent_rules can derive.

Readers hand over a `RawRecord` whose keys are Patent field names; `clean_record` returns the values to
save or raises `RecordError` with a reason a person can act on.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db.backends.base.operations import BaseDatabaseOperations

from ..models import Patent
from ..patent_rules import (
    expiry_date_for,
    ipc_parts,
    latest_term_end,
    legal_status_fact,
    patent_type_for,
    status_after_term,
)

# Country, optional series letters (US D/RE/H/PP), serial, optional kind code (CN1109268C, USD349814, IN291162).
PUBLICATION_NUMBER = re.compile(
    r"(?P<country>[A-Z]{2})(?P<series>[A-Z]{0,2})(?P<serial>[0-9]{4,})(?P<kind>[A-Z][0-9]?)?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHOLE_NUMBER = re.compile(r"[0-9]+")
US_SERIES_TYPES = {"": Patent.PatentType.INVENTION, "D": Patent.PatentType.DESIGN}
EARLIEST_DATE = date(1850, 1, 1)
DATE_FIELDS = ("application_date", "publication_date", "grant_date", "priority_date", "expiry_date",
               "legal_status_as_of")
# Dates that record something that already happened (the expiry date may lie ahead).
PAST_DATE_FIELDS = ("application_date", "publication_date", "grant_date", "priority_date", "legal_status_as_of")
LIST_FIELDS = ("ipc_codes", "applicants", "inventors", "agents", "priority_numbers", "priority_countries",
               "simple_family")
TEXT_FIELDS = ("application_number", "kind_code", "jurisdiction", "title_zh", "title_en", "abstract_zh",
               "abstract_en", "claims", "ipc_main", "agency", "applicant_address", "province", "city", "district",
               "ipc_section", "ipc_class", "patent_type", "legal_status", "legal_status_source")
CHOICE_FIELDS = {"patent_type": Patent.PatentType.values, "legal_status": Patent.LegalStatus.values,
                 "legal_status_source": Patent.LegalStatusSource.values}
IMPORT_FIELDS = ("publication_number", *TEXT_FIELDS, *LIST_FIELDS, *DATE_FIELDS, "family_size")
MAX_LENGTHS = {name: Patent._meta.get_field(name).max_length for name in IMPORT_FIELDS
               if Patent._meta.get_field(name).max_length}
# Every text value, whatever its column: far above any real abstract or claims, and the csv module's own default.
MAX_TEXT_LENGTH = 128 * 1024
# The range family_size's column holds on every database Django supports (SQLite alone would take more).
FAMILY_SIZE_RANGE = BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"]
# PostgreSQL refuses NUL in text and JSON, and no database can store half of a UTF-16 surrogate pair (JSON's
# "\ud800", or bytes that are not UTF-8): a row carrying either is rejected on every database alike.
TERM_FACTS = ("patent_type", "publication_number", "kind_code", "application_number", "application_date",
              "publication_date", "grant_date")
UNSTORABLE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


class RecordError(Exception):
    """A record that cannot be imported; the message says why."""


def shown(value, *, limit: int = 60) -> str:
    """A value quoted for a message, cut to `limit` characters, escaped where a terminal could not show it."""
    text = str(value)
    return f"“{printable(text[:limit])}{'…' if len(text) > limit else ''}”"


def printable(text: str) -> str:
    """Control characters, NUL and unpaired surrogates as Python escapes: they can neither garble nor fail output."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def storable_text(name: str, value: str) -> str:
    """`value` if every database can store it, else RecordError naming the problem."""
    if len(value) > MAX_TEXT_LENGTH:
        raise RecordError(f"{name}: longer than {MAX_TEXT_LENGTH:,} characters")
    found = UNSTORABLE_CHARACTER.search(value)
    if found:
        char = found.group()
        what = "a NUL character" if char == "\x00" else f"an unpaired surrogate U+{ord(char):04X} (not text)"
        raise RecordError(f"{name}: contains {what}")
    return value


@dataclass
class RawRecord:
    line: int
    fields: dict
    granted: bool = False  # the source only holds granted patents (grant journals, US grants)


def clean_record(raw: RawRecord, *, today: date) -> dict:
    values = raw.fields
    unknown = set(values) - set(IMPORT_FIELDS)
    if unknown:
        raise RecordError(f"unknown field(s): {', '.join(shown(name) for name in sorted(unknown))}")
    number = _text(values, "publication_number").upper().replace(" ", "")
    if not number:
        raise RecordError("publication number missing")
    match = PUBLICATION_NUMBER.fullmatch(number)
    if not match:
        raise RecordError(f"malformed publication number {shown(number)}")
    cleaned = {"publication_number": number, **{name: _text(values, name) for name in TEXT_FIELDS}}
    cleaned.update({name: _list(values, name) for name in LIST_FIELDS})
    cleaned.update({name: _date(values, name, today) for name in DATE_FIELDS})
    cleaned["family_size"] = _count(values, "family_size")
    for name, limit in MAX_LENGTHS.items():
        if len(cleaned[name]) > limit:
            raise RecordError(f"{name}: longer than {limit} characters")
    for name, choices in CHOICE_FIELDS.items():
        if cleaned[name] and cleaned[name] not in choices:
            raise RecordError(f"{name}: {shown(cleaned[name])} is not one of {', '.join(choices)}")
    if not (cleaned["title_zh"] or cleaned["title_en"]):
        raise RecordError("no title in any language")
    filed = cleaned["application_date"]
    for name in ("publication_date", "grant_date"):
        if filed and cleaned[name] and cleaned[name] < filed:
            raise RecordError(f"{name} {cleaned[name]} precedes application_date {filed}")
    _derive(cleaned, match, granted=raw.granted or cleaned["grant_date"] is not None, today=today)
    return cleaned


def _derive(cleaned: dict, match: re.Match, *, granted: bool, today: date) -> None:
    """Fill what the record leaves out and patent_rules can tell; what neither knows stays unknown."""
    country, series = match["country"], match["series"]
    if cleaned["jurisdiction"] and cleaned["jurisdiction"].upper() != country:
        raise RecordError(f"jurisdiction {shown(cleaned['jurisdiction'])} does not match the number "
                          f"{cleaned['publication_number']}")
    cleaned["jurisdiction"] = country
    cleaned["kind_code"] = cleaned["kind_code"].upper() or (match["kind"] or "")
    if not cleaned["patent_type"]:
        if country == "US":
            # patent_rules reads US numbers as utility patents; design (D) and other series (RE, H, PP) differ.
            cleaned["patent_type"] = US_SERIES_TYPES.get(series, Patent.PatentType.UNKNOWN)
        else:
            cleaned["patent_type"] = patent_type_for(jurisdiction=country, kind_code=cleaned["kind_code"],
                                                     application_number=cleaned["application_number"])
    ipc_source = cleaned["ipc_main"] or cleaned["ipc_class"] or next(iter(cleaned["ipc_codes"]), "")
    cleaned["ipc_section"], cleaned["ipc_class"] = ipc_parts(ipc_source)
    if cleaned["expiry_date"] is None:
        cleaned["expiry_date"] = expiry_date_for(jurisdiction=country, patent_type=cleaned["patent_type"],
                                                 application_date=cleaned["application_date"])
    facts = {name: cleaned[name] for name in TERM_FACTS}
    if cleaned["legal_status"]:
        # A status the file states is the file's word, as of the date it gives (if any), until the term ends.
        stated = (cleaned["legal_status"], cleaned["legal_status_source"] or Patent.LegalStatusSource.EXPORT,
                  cleaned["legal_status_as_of"])
        fact = status_after_term(stated, latest_end=latest_term_end(jurisdiction=country, **facts), today=today)
    else:
        fact = legal_status_fact(jurisdiction=country, granted=granted, today=today, **facts)
    cleaned["legal_status"], cleaned["legal_status_source"], cleaned["legal_status_as_of"] = fact


def _text(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{name}: expected text, got {type(value).__name__}")
    return storable_text(name, value).strip()


def _list(values: dict, name: str) -> list[str]:
    value = values.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"{name}: expected a list of texts")
    return [storable_text(name, item).strip() for item in value if item.strip()]


def _date(values: dict, name: str, today: date) -> date | None:
    value = values.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str):
        try:
            if not ISO_DATE.fullmatch(value.strip()):
                raise ValueError
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise RecordError(f"{name}: {shown(value)} is not a date (YYYY-MM-DD)") from None
    else:
        raise RecordError(f"{name}: expected a date, got {type(value).__name__}")
    latest = date.max if name not in PAST_DATE_FIELDS else today
    if not EARLIEST_DATE <= parsed <= latest:
        raise RecordError(f"{name}: {parsed} is not plausible")
    return parsed


def _count(values: dict, name: str) -> int | None:
    value = values.get(name)
    if value in (None, ""):
        return None
    lowest, highest = FAMILY_SIZE_RANGE
    # Only ASCII digits, and few enough that int() is quick: "²" or "٣" pass str.isdigit() but are no numbers.
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()) and len(value.strip()) <= len(str(highest)):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise RecordError(f"{name}: expected a whole number from {lowest} to {highest:,}")
    return value
