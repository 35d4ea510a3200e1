"""The terms of a licence or assignment: what offers propose, agreements state and licences record.

One immutable value with one set of rules, so an offer, the easy-access terms a university switches on, the
agreement generated from an accepted offer and the licence recorded from a signed agreement can never disagree
about what is allowed. Stored as JSON (`terms_to_json` / `terms_from_json`) in each of them: a signed document's
terms must not change when a listing or a pool changes later.
"""

import calendar
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # what a 14-digit, 2-decimal money column holds
MAX_MILESTONES = 20


class DealKind(models.TextChoices):
    """The same codes as marketplace.DealType, so an offer's kind can be checked against the listing's."""

    ASSIGNMENT = "assignment", gettext_lazy("Assignment")
    EXCLUSIVE = "exclusive_licence", gettext_lazy("Exclusive licence")
    SOLE = "sole_licence", gettext_lazy("Sole licence")
    NON_EXCLUSIVE = "non_exclusive_licence", gettext_lazy("Non-exclusive licence")
    OPTION = "option", gettext_lazy("Option")


# After these the listing is no longer available to anyone else (the listing workflow's "transact").
EXCLUSIVE_KINDS = frozenset({DealKind.ASSIGNMENT, DealKind.EXCLUSIVE})


class RoyaltyBase(models.TextChoices):
    NET_SALES = "net_sales", gettext_lazy("Net sales of licensed products")
    GROSS_SALES = "gross_sales", gettext_lazy("Gross sales of licensed products")
    UNITS = "units", gettext_lazy("Per unit sold")


class ReportingPeriod(models.TextChoices):
    QUARTERLY = "quarterly", gettext_lazy("Quarterly")
    HALF_YEARLY = "half_yearly", gettext_lazy("Half-yearly")
    ANNUALLY = "annually", gettext_lazy("Annually")


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the month's last day when it has fewer days. Terms, reporting
    periods, statements and recordal deadlines all count months this way."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


MONTHS_PER_PERIOD = {ReportingPeriod.QUARTERLY: 3, ReportingPeriod.HALF_YEARLY: 6, ReportingPeriod.ANNUALLY: 12}


@dataclass(frozen=True)
class Milestone:
    label: str
    amount: Decimal
    due_date: date | None = None  # None: due when the event named by the label happens


@dataclass(frozen=True)
class LicenceTerms:
    deal_kind: str
    # The patents covered, by Patent pk: the listing's patent, or all or some of its pool's patents.
    patent_ids: tuple[int, ...]
    start_date: date
    # None only for an assignment (ownership passes for good).
    end_date: date | None
    currency: str = "CNY"
    territory: str = ""
    field_of_use: str = ""
    upfront_fee: Decimal = Decimal("0.00")
    royalty_rate: Decimal | None = None  # percent of the base; None: no running royalty
    royalty_base: str = RoyaltyBase.NET_SALES
    minimum_annual_royalty: Decimal = Decimal("0.00")
    reporting_period: str = ReportingPeriod.QUARTERLY
    milestones: tuple[Milestone, ...] = field(default_factory=tuple)

    @property
    def has_running_royalty(self) -> bool:
        return self.royalty_rate is not None and self.royalty_rate > 0

    @property
    def is_exclusive(self) -> bool:
        return self.deal_kind in EXCLUSIVE_KINDS


def money(value, *, field_name: str, allow_zero: bool = True) -> Decimal:
    """A decimal amount to the cent, or a ValidationError on `field_name` saying what is wrong."""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field_name: _("Enter an amount such as 1200.00.")}) from None
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field_name: _("The amount must be greater than zero.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field_name: _("The amount is too large.")})
    return amount


def terms_validate(terms: LicenceTerms, *, covered_expiry: date | None, allowed_patent_ids,
                   allowed_kinds=None) -> LicenceTerms:
    """`terms` with amounts rounded to the cent, or a ValidationError naming every field that breaks a rule.

    `covered_expiry`: the earliest expiry among the covered patents (None when none is known); no term may run
    past it. `allowed_patent_ids`: the patents the listing offers. `allowed_kinds`: the deal types the listing
    offers (None: any)."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def checked_money(name: str, value, **kwargs) -> Decimal:
        try:
            return money(value, field_name=name, **kwargs)
        except ValidationError as error:
            for message in error.message_dict[name]:
                fail(name, message)
            return Decimal("0.00")

    if terms.deal_kind not in DealKind.values:
        fail("deal_kind", _("Choose a deal type."))
    elif allowed_kinds is not None and terms.deal_kind not in allowed_kinds:
        fail("deal_kind", _("The owner does not offer this deal type for this listing."))
    patent_ids = tuple(sorted(set(terms.patent_ids)))
    if not patent_ids:
        fail("patent_ids", _("Choose at least one patent."))
    elif not set(patent_ids) <= set(allowed_patent_ids):
        fail("patent_ids", _("Only the patents of this listing can be covered."))
    currency = (terms.currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        fail("currency", _("Use a three-letter currency code such as CNY."))
    if terms.deal_kind == DealKind.ASSIGNMENT:
        if terms.end_date is not None:
            fail("end_date", _("An assignment has no end date."))
    elif terms.end_date is None:
        fail("end_date", _("A licence or option needs an end date."))
    elif terms.end_date <= terms.start_date:
        fail("end_date", _("The end date must be after the start date."))
    if covered_expiry is not None:
        for name, day in (("start_date", terms.start_date), ("end_date", terms.end_date)):
            if day is not None and day > covered_expiry:
                fail(name, _("The covered patents expire on %(date)s; the term cannot run past it.")
                     % {"date": covered_expiry.isoformat()})
    upfront_fee = checked_money("upfront_fee", terms.upfront_fee)
    minimum = checked_money("minimum_annual_royalty", terms.minimum_annual_royalty)
    rate = terms.royalty_rate
    if rate is not None:
        try:
            rate = Decimal(str(rate)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
            if not rate.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            fail("royalty_rate", _("Enter a royalty rate such as 3.5."))
            rate = None
        else:
            if not Decimal("0") <= rate <= Decimal("100"):
                fail("royalty_rate", _("A royalty rate is between 0 and 100 %."))
    if terms.deal_kind == DealKind.ASSIGNMENT and (rate or minimum):
        fail("royalty_rate", _("An assignment is paid by fees and milestones, not running royalties."))
    if minimum and not rate:
        fail("minimum_annual_royalty", _("A minimum annual royalty needs a running royalty rate."))
    if terms.royalty_base not in RoyaltyBase.values:
        fail("royalty_base", _("Choose a royalty base."))
    if terms.reporting_period not in ReportingPeriod.values:
        fail("reporting_period", _("Choose a reporting period."))
    milestones = []
    if len(terms.milestones) > MAX_MILESTONES:
        fail("milestones", _("At most %(n)d milestones.") % {"n": MAX_MILESTONES})
    for milestone in terms.milestones:
        if not milestone.label.strip():
            fail("milestones", _("Every milestone needs a description."))
        amount = checked_money("milestones", milestone.amount, allow_zero=False)
        due = milestone.due_date
        if due is not None and (due < terms.start_date or (terms.end_date and due > terms.end_date)):
            fail("milestones", _("A milestone's due date must fall within the term."))
        milestones.append(Milestone(label=milestone.label.strip()[:200], amount=amount, due_date=due))
    for name, text, limit in (("territory", terms.territory, 200), ("field_of_use", terms.field_of_use, 500)):
        if len(text) > limit:
            fail(name, _("At most %(n)d characters, please.") % {"n": limit})
    if errors:
        raise ValidationError(errors)
    return replace(
        terms, patent_ids=patent_ids, currency=currency, upfront_fee=upfront_fee, royalty_rate=rate,
        minimum_annual_royalty=minimum, milestones=tuple(milestones),
        territory=terms.territory.strip(), field_of_use=terms.field_of_use.strip(),
    )


def terms_to_json(terms: LicenceTerms) -> dict:
    def plain(value):
        if isinstance(value, Decimal | date):
            return str(value) if isinstance(value, Decimal) else value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return value

    return plain(asdict(terms))


def terms_from_json(data: dict) -> LicenceTerms:
    def day(value):
        return date.fromisoformat(value) if value else None

    rate = data.get("royalty_rate")
    return LicenceTerms(
        deal_kind=data["deal_kind"],
        patent_ids=tuple(data["patent_ids"]),
        start_date=day(data["start_date"]),
        end_date=day(data.get("end_date")),
        currency=data.get("currency", "CNY"),
        territory=data.get("territory", ""),
        field_of_use=data.get("field_of_use", ""),
        upfront_fee=Decimal(data.get("upfront_fee", "0.00")),
        royalty_rate=Decimal(rate) if rate is not None else None,
        royalty_base=data.get("royalty_base", RoyaltyBase.NET_SALES),
        minimum_annual_royalty=Decimal(data.get("minimum_annual_royalty", "0.00")),
        reporting_period=data.get("reporting_period", ReportingPeriod.QUARTERLY),
        milestones=tuple(
            Milestone(label=m["label"], amount=Decimal(m["amount"]), due_date=day(m.get("due_date")))
            for m in data.get("milestones", [])
        ),
    )


def terms_changed(old: LicenceTerms | None, new: LicenceTerms) -> set[str]:
    """The names of the terms that differ between two offers (all of them when there is no earlier one)."""
    new_values = asdict(new)
    if old is None:
        return set(new_values)
    old_values = asdict(old)
    return {name for name, value in new_values.items() if old_values[name] != value}
