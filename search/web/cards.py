"""Result cards of the search page, in the active language (the other one when a field is empty).

Only the engine's highlights, which it HTML-escapes before adding <mark>, are marked safe; everything else the
listing says is escaped here or by the template.
"""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cms.links import listing_url_for_pk
from cms.templatetags.ipmarket import bilingual_value
from marketplace.models import DealType, Patent
from marketplace.models.patents import legal_status_summary
from marketplace.regions import place_name

from ..backends.base import SearchHit


@dataclass
class ResultCard:
    url: str
    is_pool: bool
    identifier: str
    title: SafeString
    snippet: SafeString  # a highlighted passage of the abstract or description, or ""
    summary: str  # the start of the abstract or description when nothing in it was highlighted
    owner: str
    place: str
    deal_types: list[str]
    price: float | None
    currency: str
    price_negotiable: bool
    legal_statuses: list[tuple[str, str]]  # (code, label)
    expiry_date: date | None
    closest_sentence: str = ""  # found by meaning alone: its sentence closest to the query, the reason shown


def result_cards(hits: list[SearchHit], request, *, reasons: dict[int, tuple[str, float]] | None = None
                 ) -> list[ResultCard]:
    """Cards for `hits`; `reasons` gives the closest sentence of those found by meaning alone."""
    deals = {deal.code: deal for deal in DealType.objects.all()}
    statuses = dict(Patent.LegalStatus.choices)
    reasons = reasons or {}
    return [_card(hit, request, deals, statuses, reasons.get(hit.listing_id, ("", 0.0))[0]) for hit in hits]


def _card(hit: SearchHit, request, deals: dict[str, DealType], statuses: dict[str, str],
          closest_sentence: str) -> ResultCard:
    document, marks = hit.document, hit.highlights
    return ResultCard(
        url=listing_url_for_pk(hit.listing_id, request),
        is_pool=document.get("kind") == "pool",
        identifier=document.get("identifier") or "",
        title=bilingual_value(SimpleNamespace(title_zh=_marked(document, marks, "title_zh"),
                                              title_en=_marked(document, marks, "title_en")), "title"),
        snippet=mark_safe(bilingual_value(SimpleNamespace(  # the engine's escaped snippets only
            snippet_zh=marks.get("abstract_zh") or marks.get("description_zh") or "",
            snippet_en=marks.get("abstract_en") or marks.get("description_en") or "",
        ), "snippet")),
        summary=bilingual_value(SimpleNamespace(
            summary_zh=document.get("abstract_zh") or document.get("description_zh") or "",
            summary_en=document.get("abstract_en") or document.get("description_en") or "",
        ), "summary"),
        owner=bilingual_value(SimpleNamespace(
            owner_name=document.get("owner_name") or "", owner_name_en=document.get("owner_name_en") or "",
        ), "owner_name"),
        place=place_name(document.get("province") or "", document.get("city") or ""),
        deal_types=[bilingual_value(deals[code], "name") if code in deals else code
                    for code in document.get("deal_type") or []],
        price=document.get("price"),
        currency=document.get("currency") or "",
        price_negotiable=bool(document.get("price_negotiable")),
        legal_statuses=_legal_statuses(document, statuses),
        expiry_date=date.fromisoformat(document["expiry_date"]) if document.get("expiry_date") else None,
        closest_sentence=closest_sentence,
    )


def _legal_statuses(document: dict, statuses: dict[str, str]) -> list[tuple[str, str]]:
    codes = document.get("legal_status") or []
    if len(codes) == 1 and document.get("legal_status_source"):
        as_of = document.get("legal_status_as_of")
        return [(codes[0], legal_status_summary(codes[0], document["legal_status_source"],
                                                date.fromisoformat(as_of) if as_of else None))]
    return [(code, str(statuses.get(code, code))) for code in codes]


def _marked(document: dict, marks: dict[str, str], field: str) -> SafeString:
    """The engine's highlight of `field` (already escaped), else the field's text escaped here."""
    return mark_safe(marks[field]) if field in marks else escape(document.get(field) or "")

