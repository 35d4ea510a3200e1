"""The yearly city indicators of the IP-strong-city policy (CNIPA 2016, see /README "Operations dashboard"),
as far as the marketplace's own records reach: invention patents in force per 10,000 people, patents licensed
or assigned, licences recorded, licence income, voucher spend and technology demands, city by city."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from licences.models import Instalment, Licence
from marketplace.models import Demand, Listing, Patent
from vouchers.models import LedgerTransaction

from ..models import CityPopulation
from ..periods import Period
from .trends import figure

# Patents that have ended for good; the record does not say when a patent lapsed, so a lapsed one is left out
# of every year (an approximation on the low side, said on the page).
ENDED = (Patent.LegalStatus.REFUSED, Patent.LegalStatus.WITHDRAWN, Patent.LegalStatus.LAPSED,
         Patent.LegalStatus.INVALIDATED)
INDICATORS = ("invention_patents", "listings_published", "licences", "patents_licensed", "licence_income",
              "voucher_spend", "demands")


@dataclass
class CityRow:
    province: str
    city: str
    population: int | None = None
    population_year: int | None = None
    figures: dict = field(default_factory=dict)

    @property
    def patents_per_10k(self) -> Decimal | None:
        if not self.population:
            return None
        patents = Decimal(self.figures.get("invention_patents", 0))
        return (patents * 10000 / self.population).quantize(Decimal("0.0001"))


def _grouped(queryset, province: str, city: str, **aggregates) -> dict[tuple[str, str], dict]:
    rows = (queryset.exclude(**{city: ""}).exclude(**{f"{city}__isnull": True})
            .values(province, city).order_by(province, city).annotate(**aggregates))
    return {(row[province] or "", row[city]): row for row in rows}


def city_indicators(year: int) -> list[CityRow]:
    """One row per city that has a population entered for `year` (or an earlier year) or any figure in it."""
    period = Period(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    year_end = period.end
    # Invention patents offered by the city's organisations on the platform by the year's end, in force then.
    in_force = (Listing.objects.filter(created_at__lt=period.end_before, patent__grant_date__lte=year_end,
                                       patent__patent_type=Patent.PatentType.INVENTION)
                .filter(Q(patent__expiry_date__isnull=True) | Q(patent__expiry_date__gt=year_end))
                .exclude(patent__legal_status__in=ENDED))
    licences = Licence.objects.filter(**period.within("recorded_at"))
    sources = [
        _grouped(in_force, "owner__province", "owner__city", invention_patents=Count("patent", distinct=True)),
        _grouped(Listing.objects.filter(**period.within("published_at")), "owner__province", "owner__city",
                 listings_published=Count("pk")),
        _grouped(licences, "licensor__province", "licensor__city", licences=Count("pk", distinct=True),
                 patents_licensed=Count("patents", distinct=True)),
        _grouped(Instalment.objects.filter(status=Instalment.Status.PAID, **period.within("paid_at")),
                 "agreement__deal__seller__province", "agreement__deal__seller__city", licence_income=Sum("amount")),
        _grouped(LedgerTransaction.objects.filter(kind=LedgerTransaction.Kind.REDEEM, **period.within("created_at")),
                 "order__buyer__province", "order__buyer__city", voucher_spend=Sum("amount")),
        _grouped(Demand.objects.filter(**period.within("created_at")), "province", "city", demands=Count("pk")),
    ]
    rows: dict[tuple[str, str], CityRow] = {}
    for population in CityPopulation.objects.filter(year__lte=year).order_by("year"):  # the latest year wins
        row = rows.setdefault((population.province, population.city), CityRow(population.province, population.city))
        row.population, row.population_year = population.population, population.year
    for source in sources:
        for key, values in source.items():
            row = rows.setdefault(key, CityRow(*key))
            row.figures.update({name: figure(values[name]) for name in INDICATORS if name in values})
    for row in rows.values():
        row.figures = {name: row.figures.get(name, 0) for name in INDICATORS}
    return sorted(rows.values(), key=lambda row: (row.province, row.city))
