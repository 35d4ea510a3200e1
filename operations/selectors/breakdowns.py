"""The period's marketplace figures split by the offered patent's IPC section, the owner's province and city,
and the owner's kind: one grouped query per split."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from marketplace.bilingual import in_active_language
from marketplace.models import IpcClass, Listing, Organisation

from ..periods import Period

# Split name → the listing fields its rows are grouped by.
DIMENSIONS = {
    "ipc_section": ("patent__ipc_section",),
    "region": ("owner__province", "owner__city"),
    "owner_kind": ("owner__kind",),
}


def breakdown(period: Period, dimension: str) -> list[list]:
    """Per group: listings created, listings published, deal rooms opened and licences recorded in the period
    (groups with none of them are left out)."""
    fields = DIMENSIONS[dimension]
    created = Q(**period.within("created_at"))
    published = Q(**period.within("published_at"))
    deals = Q(**{f"deals__{k}": v for k, v in period.within("created_at").items()})
    licences = Q(**{f"licences__{k}": v for k, v in period.within("recorded_at").items()})
    rows = (Listing.objects.values(*fields).order_by(*fields)
            .annotate(n_created=Count("pk", filter=created, distinct=True),
                      n_published=Count("pk", filter=published, distinct=True),
                      n_deals=Count("deals", filter=deals, distinct=True),
                      n_licences=Count("licences", filter=licences, distinct=True))
            .filter(Q(n_created__gt=0) | Q(n_published__gt=0) | Q(n_deals__gt=0) | Q(n_licences__gt=0)))
    labels = _labeller(dimension)
    table = [[*labels([row[f] for f in fields]), row["n_created"], row["n_published"], row["n_deals"],
              row["n_licences"]]
             for row in rows]
    key_width = len(fields)
    # Most listings created first, then most published, deals, licences; the group's name breaks ties.
    return sorted(table, key=lambda row: ([-figure for figure in row[key_width:]], [str(v) for v in row[:key_width]]))


def _labeller(dimension: str):
    if dimension == "ipc_section":
        titles = {ipc.code: in_active_language(ipc.title_zh, ipc.title_en)
                  for ipc in IpcClass.objects.filter(code__in="ABCDEFGH")}
        return lambda values: [f"{values[0]} {titles.get(values[0], '')}".strip() if values[0] else _("Pools")]
    if dimension == "owner_kind":
        kinds = dict(Organisation.Kind.choices)
        return lambda values: [str(kinds.get(values[0], values[0]))]
    return lambda values: [value or "—" for value in values]
