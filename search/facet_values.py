"""Facet values as people write them, resolved to the values the index holds: any case, a label in either
language, a place in short or English form (`jurisdiction=cn`, `sector=新能源`, `province=Beijing`).

Fields with a fixed list of values refuse anything else with a message naming the facet, not its code; open
fields (places, IPC classes, jurisdictions) keep an unknown value, which simply matches nothing.
"""

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from marketplace.models import DealType, Organisation, Patent
from marketplace.models.listings import Sector
from marketplace.regions import canonical_region

from .backends.base import FACET_FIELDS, SearchError
from .text import normalise

FACET_TITLES = {
    "kind": gettext_lazy("Patent or pool"),
    "ipc_section": gettext_lazy("IPC section"),
    "ipc_class": gettext_lazy("IPC class"),
    "deal_type": gettext_lazy("Deal type"),
    "owner_kind": gettext_lazy("Owner type"),
    "province": gettext_lazy("Province"),
    "city": gettext_lazy("City"),
    "legal_status": gettext_lazy("Legal status"),
    "sector": gettext_lazy("Sector"),
    "jurisdiction": gettext_lazy("Jurisdiction"),
}
IPC_SECTIONS = "ABCDEFGH"


def choice_labels() -> dict[str, dict[str, str]]:
    """The labels of the fields whose values are codes (deal types come from the database)."""
    return {
        "kind": {"patent": gettext_lazy("Patent"), "pool": gettext_lazy("Patent pool")},
        "owner_kind": dict(Organisation.Kind.choices),
        "legal_status": dict(Patent.LegalStatus.choices),
        "sector": dict(Sector.choices),
    }


def filters_from_params(params: QueryDict) -> dict[str, list[str]]:
    """The facet parameters as typed: repeated and/or comma-separated, blanks and repeats dropped."""
    filters = {}
    for field in FACET_FIELDS:
        values = [value.strip() for raw in params.getlist(field) for value in raw.split(",") if value.strip()]
        if values:
            filters[field] = list(dict.fromkeys(values))
    return filters


def resolve_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """`filters` with every value as indexed; raises SearchError for a value no fixed list holds."""
    aliases = _aliases()
    unknown = _unknown(filters, aliases)
    if unknown:
        raise SearchError(unknown[0])
    return {field: list(dict.fromkeys(_resolve(field, value, aliases) for value in values))
            for field, values in filters.items()}


def without_unknown_values(params: QueryDict) -> tuple[QueryDict, list[str]]:
    """`params` without the fixed-list values nothing matches (an old bookmark, a mistyped address), and why
    each was left out: a page can show the rest of the search rather than only an error."""
    filters = filters_from_params(params)
    aliases = _aliases()
    unknown = _unknown(filters, aliases)
    if not unknown:
        return params, []
    kept = params.copy()
    for field in aliases:
        kept.setlist(field, [value for value in filters.get(field, []) if normalise(value) in aliases[field]])
    return kept, unknown


def _unknown(filters: dict[str, list[str]], aliases: dict[str, dict[str, str]]) -> list[str]:
    return [_("“%(value)s” is not one of the choices for “%(facet)s”.") % {"value": value, "facet": FACET_TITLES[field]}
            for field, values in filters.items() if field in aliases
            for value in values if normalise(value) not in aliases[field]]


def _resolve(field: str, value: str, aliases: dict[str, dict[str, str]]) -> str:
    folded = normalise(value)
    if field in aliases:
        return aliases[field][folded]
    if field in ("province", "city"):
        return canonical_region(value)
    if field == "ipc_class" and len(folded) >= 3 and folded[0] in IPC_SECTIONS.lower() and folded[1:3].isdigit():
        return folded[:3].upper()  # h01m4/58 → H01
    return value.strip().upper() if field == "jurisdiction" else value.strip()


def _aliases() -> dict[str, dict[str, str]]:
    """For each fixed-list field: code and labels in every language, folded → code."""
    labels: dict[str, dict[str, list[str]]] = {
        field: {code: [label] for code, label in choices.items()} for field, choices in choice_labels().items()
    }
    labels["deal_type"] = {deal.code: [deal.name_zh, deal.name_en] for deal in DealType.objects.all()}
    labels["ipc_section"] = {letter: [] for letter in IPC_SECTIONS}
    aliases: dict[str, dict[str, str]] = {}
    for field, codes in labels.items():
        table = aliases[field] = {}
        for code, names in codes.items():
            table[normalise(code)] = code
            for language, _name in settings.LANGUAGES:
                with override(language):
                    table.update({normalise(str(name)).strip(): code for name in names if name})
    return aliases
