"""Old `/listings/?…` addresses (the listing index's filter form, now gone) as search page addresses, so
bookmarks and links elsewhere keep working."""

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from marketplace.models import Organisation

# Parameters the old filter form shared with the search page.
SAME_NAMES = ("q", "ipc_section", "ipc_class", "deal_type", "owner_kind", "province", "legal_status", "sector",
              "page")
RENAMED = {"offer": "kind"}  # "patent" | "pool" either way


def search_url_for_listing_filters(params: QueryDict) -> str:
    """The search page showing what `/listings/?<params>` showed; an owner's slug becomes its name as words."""
    pairs = [(name, value) for name in SAME_NAMES for value in params.getlist(name) if value.strip()]
    pairs += [(new, value) for old, new in RENAMED.items() for value in params.getlist(old) if value.strip()]
    owner = Organisation.objects.filter(slug=params.get("owner", "")).first() if params.get("owner") else None
    if owner is not None:
        words = " ".join(value for name, value in pairs if name == "q")
        pairs = [(name, value) for name, value in pairs if name != "q"]
        pairs.insert(0, ("q", f"{words} {owner.name_zh}".strip()))
    return reverse("search") + (f"?{urlencode(pairs)}" if pairs else "")
