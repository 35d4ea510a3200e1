"""Facet lists and filter chips of the search page: each value is a link that toggles it, keeping the rest."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from cms.templatetags.ipmarket import bilingual_value, ipc_title
from marketplace.models import DealType, IpcClass
from marketplace.regions import region_name

from ..api import DEFAULT_PER_PAGE
from ..backends.base import SearchQuery
from ..facet_values import FACET_TITLES, choice_labels

# A child facet is shown once its parent (or the child itself) is filtered on: classes of the chosen sections,
# cities of the chosen provinces.
PARENTS = {"ipc_class": "ipc_section", "city": "province"}
IPC_FIELDS = ("ipc_section", "ipc_class")
VALUES_SHOWN = 8  # more values fold under "more"

Labeller = Callable[[str, str], str]


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str
    code: str = ""  # IPC code shown beside its title


@dataclass
class Facet:
    field: str
    title: str
    values: list[FacetValue]
    more: list[FacetValue]


@dataclass
class Chip:
    label: str
    url: str


def query_string(query: SearchQuery, *, filters: dict[str, list[str]] | None = None, **changes) -> str:
    """`?…` for `query` with `changes` (None drops a parameter); no page: a changed search starts again."""
    values = {
        "q": query.text,
        "sort": query.sort if query.sort != "relevance" else None,
        "price_min": _number(query.price_min),
        "price_max": _number(query.price_max),
        "per_page": query.per_page if query.per_page != DEFAULT_PER_PAGE else None,
    } | changes
    pairs = [(name, value) for name, value in values.items() if value not in (None, "")]
    pairs += [(field, value) for field, chosen in (query.filters if filters is None else filters).items()
              for value in chosen]
    return "?" + urlencode(pairs)


def facet_lists(query: SearchQuery, counts: dict[str, dict[str, int]], label: Labeller) -> list[Facet]:
    facets = []
    for field, title in FACET_TITLES.items():
        chosen = query.filters.get(field, [])
        parent = PARENTS.get(field)
        if parent and not (chosen or query.filters.get(parent)):
            continue
        field_counts = counts.get(field, {})
        if field == "ipc_class" and query.filters.get("ipc_section"):
            field_counts = {code: n for code, n in field_counts.items()
                            if code.startswith(tuple(query.filters["ipc_section"]))}
        values = [
            FacetValue(value=value, label=label(field, value), count=field_counts.get(value, 0),
                       selected=value in chosen, url=_toggle_url(query, field, value),
                       code=value if field in IPC_FIELDS else "")
            for value in dict.fromkeys([*chosen, *field_counts])
        ]
        values.sort(key=lambda v: (not v.selected, -v.count, v.value))
        if values:
            facets.append(Facet(field=field, title=title, values=values[:VALUES_SHOWN],
                                more=values[VALUES_SHOWN:]))
    return facets


def filter_chips(query: SearchQuery, label: Labeller) -> list[Chip]:
    chips = [
        Chip(label=_("%(facet)s: %(value)s") % {"facet": FACET_TITLES[field],
                                                 "value": _chip_value(field, value, label)},
             url=_toggle_url(query, field, value))
        for field in FACET_TITLES for value in query.filters.get(field, [])
    ]
    if query.price_min is not None:
        chips.append(Chip(label=_("Price from %(price)s") % {"price": _number(query.price_min)},
                          url=query_string(query, price_min=None)))
    if query.price_max is not None:
        chips.append(Chip(label=_("Price up to %(price)s") % {"price": _number(query.price_max)},
                          url=query_string(query, price_max=None)))
    return chips


def clear_filters_url(query: SearchQuery) -> str:
    return query_string(query, filters={}, price_min=None, price_max=None)


def _toggle_url(query: SearchQuery, field: str, value: str) -> str:
    filters = {name: list(values) for name, values in query.filters.items()}
    chosen = filters.setdefault(field, [])
    if value not in chosen:
        chosen.append(value)
        return query_string(query, filters=filters)
    chosen.remove(value)
    # Dropping a parent drops the children it was showing.
    if field == "ipc_section":
        filters["ipc_class"] = [code for code in filters.get("ipc_class", []) if not code.startswith(value)]
    if field == "province" and not chosen:
        filters.pop("city", None)
    return query_string(query, filters=filters)


def facet_labeller(query: SearchQuery, counts: dict[str, dict[str, int]]) -> Labeller:
    """`label(field, value)` in the active language; unknown values as they are (IPC codes: "")."""
    codes = {value for field in IPC_FIELDS
             for value in [*counts.get(field, {}), *query.filters.get(field, [])]}
    ipc = IpcClass.objects.in_bulk(codes)
    deals = {deal.code: deal for deal in DealType.objects.all()}
    choices = choice_labels()

    def label(field: str, value: str) -> str:
        if field in IPC_FIELDS:
            return ipc_title(ipc[value]) if value in ipc else ""
        if field in ("province", "city"):
            return region_name(value)
        if field == "deal_type":
            return bilingual_value(deals[value], "name") if value in deals else value
        return str(choices.get(field, {}).get(value, value))

    return label


def _chip_value(field: str, value: str, label: Labeller) -> str:
    return f"{value} {label(field, value)}".strip() if field in IPC_FIELDS else label(field, value)


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else str(value)
