"""Flat search documents, one per published listing, the same for every engine."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice

from django.db.models import QuerySet

from marketplace.models import IpcClass, Listing
from marketplace.patent_rules import publication_number_forms
from marketplace.regions import canonical_region
from marketplace.selectors.listings import listing_list_published
from marketplace.services.listings import listing_expiry_date

# Columns no document shows: left unread when many listings are indexed (claims alone can be long).
UNINDEXED_LISTING_FIELDS = ("trl", "requires_nda", "created_by", "created_at", "updated_at", "submitted_at",
                            "moderation_note")
UNINDEXED_PATENT_FIELDS = ("claims", "agency", "agents", "applicant_address", "district", "application_number",
                           "application_date", "publication_date", "grant_date", "priority_date", "priority_numbers",
                           "priority_countries", "simple_family", "family_size", "source", "created_at", "updated_at")


def published_listings() -> QuerySet:
    """Every published listing with what its document needs, in as few rows and instances as possible.

    Owners and pools are prefetched rather than joined (a few owners list many patents: one instance each,
    not one per listing), deal types are read by `listing_documents` for a whole batch in one query (far
    cheaper than a related manager per listing), and columns no document shows are left unread.
    """
    return (listing_list_published().select_related(None).select_related("patent")
            .prefetch_related(None).prefetch_related("owner", "pool__patents")
            .defer(*UNINDEXED_LISTING_FIELDS, *(f"patent__{name}" for name in UNINDEXED_PATENT_FIELDS))
            .order_by("pk"))


def listing_document(listing: Listing, *, ipc_titles: dict[str, IpcClass] | None = None,
                     deal_types: list[str] | None = None) -> dict:
    """The document for one listing (pass `ipc_titles` and the listing's `deal_types` codes when building many)."""
    patents = [listing.patent] if listing.patent_id else list(listing.pool.patents.all())
    sections = _unique(p.ipc_section or p.ipc_class[:1] for p in patents)
    classes = _unique(p.ipc_class for p in patents)
    if ipc_titles is None:
        ipc_titles = IpcClass.objects.in_bulk(classes)
    # Class titles only: a section's (F: "mechanical engineering; lighting; heating; weapons; blasting") is so
    # broad that a word of it says nothing about the patent.
    ipc_entries = [ipc_titles[code] for code in classes if code in ipc_titles]
    expiry = listing_expiry_date(listing)
    owner = listing.owner
    patent = listing.patent
    pool = listing.pool
    price = listing.asking_price if listing.asking_price is not None else getattr(pool, "standard_fee", None)
    return {
        "id": listing.pk,
        "kind": "pool" if pool else "patent",
        "identifier": listing.identifier,
        "publication_number": patent.publication_number if patent else "",
        # Searchable forms of every number in the listing, so CN1156923 (no kind code) finds CN1156923C.
        "publication_numbers": _unique(form for p in patents for form in publication_number_forms(p.publication_number)),
        "title_zh": listing.title_zh,
        "title_en": listing.title_en,
        "abstract_zh": _unique_text(p.abstract_zh for p in patents),
        "abstract_en": _unique_text(p.abstract_en for p in patents),
        "description_zh": listing.description_zh,
        "description_en": listing.description_en,
        "patent_titles": [p.title_zh or p.title_en for p in patents] if pool else [],
        "applicants": _unique(name for p in patents for name in p.applicants),
        "inventors": _unique(name for p in patents for name in p.inventors),
        "owner_name": owner.name_zh,
        "owner_name_en": owner.name_en,
        "owner_kind": owner.kind,
        # One spelling per place ("北京" and "北京市" are one facet value, which `province=Beijing` finds).
        "province": canonical_region(owner.province or (patent.province if patent else "")),
        "city": canonical_region(owner.city or (patent.city if patent else "")),
        "ipc_main": patent.ipc_main if patent else "",
        "ipc_codes": _unique(code for p in patents for code in (p.ipc_codes or [p.ipc_main])),
        "ipc_section": sections,
        "ipc_class": classes,
        "ipc_titles_zh": [entry.title_zh for entry in ipc_entries],
        "ipc_titles_en": [entry.title_en for entry in ipc_entries],
        "deal_type": deal_types if deal_types is not None else [deal.code for deal in listing.deal_types.all()],
        "price": float(price) if price is not None else None,
        "currency": listing.currency,
        "price_negotiable": listing.price_negotiable,
        "legal_status": _unique(p.legal_status for p in patents),
        # A single patent's status is shown with its date and source (a pool's statuses as a list).
        "legal_status_source": patent.legal_status_source if patent else "",
        "legal_status_as_of": patent.legal_status_as_of.isoformat() if patent and patent.legal_status_as_of else None,
        "expiry_date": expiry.isoformat() if expiry else None,
        "expiry_ts": _timestamp(expiry),
        "published_at": listing.published_at.isoformat() if listing.published_at else None,
        "published_ts": _timestamp(listing.published_at),
        "sector": listing.sector,
        "jurisdiction": _unique(p.jurisdiction for p in patents),
        "patent_count": len(patents),
    }


def listing_documents(listings: Iterable[Listing] | None = None, *, batch_size: int = 500) -> Iterator[dict]:
    """Documents for many listings (all published ones by default), built from prefetched batches."""
    ipc_titles = {entry.code: entry for entry in IpcClass.objects.all()}
    if listings is None:
        listings = published_listings().iterator(chunk_size=batch_size)
    listings = iter(listings)
    while batch := list(islice(listings, batch_size)):
        deal_types = _deal_type_codes([listing.pk for listing in batch])
        for listing in batch:
            yield listing_document(listing, ipc_titles=ipc_titles, deal_types=deal_types[listing.pk])


def _deal_type_codes(listing_ids: list[int]) -> dict[int, list[str]]:
    rows = (Listing.deal_types.through.objects.filter(listing_id__in=listing_ids)
            .order_by("dealtype__position", "dealtype__pk").values_list("listing_id", "dealtype__code"))
    codes = defaultdict(list)
    for listing_id, code in rows:
        codes[listing_id].append(code)
    return codes


def _unique(values: Iterable[str]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


def _unique_text(values: Iterable[str]) -> str:
    return "\n".join(_unique(values))


def _timestamp(value: date | datetime | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return int(value.timestamp())

