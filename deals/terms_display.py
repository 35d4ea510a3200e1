"""LicenceTerms as people read them: a label and a value per term, in the active language.

The room's side-by-side comparison, the accept and easy-access confirmations and the notifications all show
terms through `terms_rows` / `terms_summary`, so a term reads the same wherever it appears.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import Listing

from .terms import DealKind, LicenceTerms, ReportingPeriod, RoyaltyBase

# In the order the terms are shown; the names are LicenceTerms' fields (terms_changed reports them).
TERM_LABELS = {
    "deal_kind": gettext_lazy("Deal type"),
    "patent_ids": gettext_lazy("Patents covered"),
    "field_of_use": gettext_lazy("Field of use"),
    "territory": gettext_lazy("Territory"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "currency": gettext_lazy("Currency"),
    "upfront_fee": gettext_lazy("Upfront fee"),
    "royalty_rate": gettext_lazy("Running royalty rate"),
    "royalty_base": gettext_lazy("Royalty base"),
    "minimum_annual_royalty": gettext_lazy("Minimum annual royalty"),
    "milestones": gettext_lazy("Milestone payments"),
    "reporting_period": gettext_lazy("Reporting period"),
}


def amount_display(currency: str, amount: Decimal) -> str:
    """CNY 1,200,000.00 in every language: amounts in contracts are grouped by thousands, as in banking."""
    return f"{currency} {amount:,.2f}"


def rate_plain(rate: Decimal) -> Decimal:
    """3.5 and 10, not 3.500 or 1E+1."""
    return rate.normalize() if rate % 1 else rate.quantize(Decimal(1))


def _rate(rate: Decimal) -> str:
    return f"{number_format(rate_plain(rate))} %"


def _choice(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def patents_display(terms: LicenceTerms, listing: Listing) -> str:
    """The listing's patent, the whole pool, or the chosen patents of the pool by number."""
    if not listing.pool_id:
        return listing.patent.publication_number
    numbers = dict(listing.pool.patents.values_list("pk", "publication_number"))
    if set(terms.patent_ids) == set(numbers):
        return _("The whole pool (%(n)d patents)") % {"n": len(numbers)}
    return ", ".join(sorted(numbers.get(pk, str(pk)) for pk in terms.patent_ids))


def _value(name: str, terms: LicenceTerms, listing: Listing) -> str:
    value = getattr(terms, name)
    if name == "deal_kind":
        return _choice(DealKind, value)
    if name == "patent_ids":
        return patents_display(terms, listing)
    if name in ("start_date", "end_date"):
        return value.isoformat() if value else _("none (ownership passes for good)")
    if name in ("upfront_fee", "minimum_annual_royalty"):
        return amount_display(terms.currency, value) if value else _("none")
    if name == "royalty_rate":
        return _rate(value) if terms.has_running_royalty else _("none")
    if name == "royalty_base":
        return _choice(RoyaltyBase, value) if terms.has_running_royalty else "—"
    if name == "reporting_period":
        return _choice(ReportingPeriod, value)
    if name == "milestones":
        return "; ".join(
            f"{m.label}: {amount_display(terms.currency, m.amount)}"
            + (f" ({_('due %(date)s') % {'date': m.due_date.isoformat()}})" if m.due_date else "")
            for m in value
        ) or _("none")
    return value or "—"


def terms_rows(terms: LicenceTerms, listing: Listing) -> list[tuple[str, str, str]]:
    """(name, label, value) for every term, in the order they are shown."""
    return [(name, str(label), _value(name, terms, listing)) for name, label in TERM_LABELS.items()]


def terms_summary(terms: LicenceTerms) -> str:
    """One line: the deal type, the term and the money, for notifications and cards."""
    parts = [_choice(DealKind, terms.deal_kind)]
    if terms.end_date:
        parts.append(f"{terms.start_date.isoformat()} – {terms.end_date.isoformat()}")
    if terms.upfront_fee:
        parts.append(_("%(amount)s upfront") % {"amount": amount_display(terms.currency, terms.upfront_fee)})
    if terms.has_running_royalty:
        parts.append(_("%(rate)s royalty") % {"rate": _rate(terms.royalty_rate)})
    return " · ".join(parts)
