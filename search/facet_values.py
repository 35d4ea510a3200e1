"""Facet values as people write them, resolved to the values the index holds: any case, a label in either
language, a place in short or English form (`jurisdiction=cn`, `sector=新能源`, `province=Beijing`).

Fields with a fixed list of values refuse anything else with a message naming the facet, not its code; open
fields (places, IPC classes, jurisdictions) keep an unknown value, which simply matches nothing.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from marketplace.models import DealType, Organisation, Patent
from marketplace.models.listings import Sector
from marketplace.regions import canonical_region

from .backends.base import SearchError
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


def resolve_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """`filters` with every value as indexed; raises SearchError for a value no fixed list holds."""
    aliases = _aliases()
    resolved = {}
    for field, values in filters.items():
        resolved[field] = list(dict.fromkeys(_resolve(field, value, aliases) for value in values))
    return resolved


def _resolve(field: str, value: str, aliases: dict[str, dict[str, str]]) -> str:
    folded = normalise(value).strip()
    if field in aliases:
        if folded not in aliases[field]:
            raise SearchError(_("There is no “%(value)s” among the choices for “%(facet)s”; pick one from the list.")
                              % {"value": value, "facet": FACET_TITLES[field]})
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
                    table.update({normalise(str(name)): code for name in names if name})
    return aliases
