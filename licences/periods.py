"""The reporting periods and licence years of a licence with a running royalty.

Periods run from the licence's start in steps of MONTHS_PER_PERIOD (each counted from the start, so a licence
starting on the 31st never drifts to the 28th), the last one cut at the end date (inclusive). Licence years run
the same way in steps of twelve months; 3, 6 and 12 divide 12, so every licence year ends with a period.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from deals.terms import CENT, MONTHS_PER_PERIOD, LicenceTerms, add_months

from .models import Licence


@dataclass(frozen=True)
class LicenceYear:
    start: date
    end: date
    full_end: date  # where the year would end if the licence did not end first

    @property
    def fraction(self) -> Decimal:
        """The part of a full year this one covers (1 unless the licence ends within it)."""
        return Decimal((self.end - self.start).days + 1) / Decimal((self.full_end - self.start).days + 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: LicenceYear

    @property
    def closes_year(self) -> bool:
        return self.end == self.year.end


def licence_periods(terms: LicenceTerms) -> list[Period]:
    """Every reporting period of `terms`, in order (none without a running royalty or an end date)."""
    if not terms.has_running_royalty or terms.end_date is None:
        return []
    step = MONTHS_PER_PERIOD[terms.reporting_period]
    periods, n = [], 0
    while (start := add_months(terms.start_date, n * step)) <= terms.end_date:
        end = min(add_months(terms.start_date, (n + 1) * step) - timedelta(days=1), terms.end_date)
        years = (n * step) // 12
        year_start = add_months(terms.start_date, years * 12)
        full_end = add_months(terms.start_date, (years + 1) * 12) - timedelta(days=1)
        periods.append(Period(start, end, LicenceYear(year_start, min(full_end, terms.end_date), full_end)))
        n += 1
    return periods


def period_of(licence: Licence, start: date) -> Period | None:
    return next((period for period in licence_periods(licence.terms) if period.start == start), None)


def year_minimum(terms: LicenceTerms, year: LicenceYear) -> Decimal:
    """The minimum annual royalty owed for `year`: pro rata by days for a licence's last, shorter year."""
    return (terms.minimum_annual_royalty * year.fraction).quantize(CENT, rounding=ROUND_HALF_UP)
