"""The yearly city indicators: which patents count as in force at the year's end, the population of the year
(or the latest before it), and the year's licences, income, voucher spend and demands by city."""

import datetime
from decimal import Decimal

import pytest

from licences.models import Instalment
from marketplace.models import Patent
from operations.models import CityPopulation
from operations.selectors.cities import city_indicators
from tests.factories import DemandFactory, ListingFactory, OrganisationFactory, PatentFactory
from tests.royalties.helpers import licence_create

from .helpers import dated, local

P = Patent


def _offered(owner, when: datetime.datetime, **patent):
    return dated(ListingFactory(owner=owner, patent=PatentFactory(**patent)), when)


@pytest.fixture
def town(db):
    owner = OrganisationFactory(kind="university", province="测试省", city="测试市")
    granted = {"grant_date": datetime.date(2019, 6, 1)}
    _offered(owner, local(2025, 3, 1, 9, 0), **granted)  # in force
    _offered(owner, local(2025, 3, 1, 9, 0), grant_date=datetime.date(2021, 1, 1))  # in force
    _offered(owner, local(2025, 3, 1, 9, 0), grant_date=datetime.date(2020, 1, 1),
             expiry_date=datetime.date(2026, 6, 1))  # in force at the end of 2025, not of 2026
    _offered(owner, local(2025, 3, 1, 9, 0), patent_type=P.PatentType.UTILITY_MODEL, **granted)  # not an invention
    _offered(owner, local(2025, 3, 1, 9, 0), legal_status=P.LegalStatus.LAPSED, **granted)  # lapsed
    _offered(owner, local(2025, 3, 1, 9, 0), grant_date=datetime.date(2026, 2, 1))  # granted in 2026
    _offered(owner, local(2026, 1, 1, 0, 0), **granted)  # offered from New Year's Day 2026 (Beijing time)
    CityPopulation.objects.create(province="测试省", city="测试市", year=2024, population=40000)
    CityPopulation.objects.create(province="测试省", city="测试市", year=2026, population=50000)
    return owner


def _row(year: int):
    return next(row for row in city_indicators(year) if row.city == "测试市")


def test_invention_patents_in_force_per_10000_people(town):
    row_2025 = _row(2025)
    assert (row_2025.population, row_2025.population_year) == (40000, 2024)  # the latest entered up to 2025
    assert row_2025.figures["invention_patents"] == 3
    assert row_2025.patents_per_10k == Decimal("0.7500")
    row_2026 = _row(2026)
    # One expired in June 2026; one was granted in February 2026; one more offered on 1 January 2026.
    assert (row_2026.population, row_2026.population_year) == (50000, 2026)
    assert row_2026.figures["invention_patents"] == 4
    assert row_2026.patents_per_10k == Decimal("0.8000")


def test_the_years_licences_income_and_demands(town):
    licensee = OrganisationFactory(kind="enterprise", province="别省", city="别市")
    licence = licence_create(licensor=town, licensee=licensee)
    licence.patents.add(licence.listing.patent)  # as licence_record does
    dated(licence, local(2026, 12, 31, 23, 59), "recorded_at")
    Instalment.objects.create(agreement=licence.agreement, licence=licence, kind=Instalment.Kind.UPFRONT,
                              amount=Decimal("8000.00"), currency="CNY", status=Instalment.Status.PAID,
                              paid_at=local(2026, 5, 1, 9, 0))
    dated(DemandFactory(organisation=licensee, province="测试省", city="测试市"), local(2026, 7, 1, 9, 0))
    dated(DemandFactory(province="测试省", city="测试市"), local(2027, 1, 1, 0, 0))  # next year in Beijing
    figures = _row(2026).figures
    assert figures["licences"] == 1 and figures["patents_licensed"] == 1
    assert figures["licence_income"] == Decimal("8000.00")
    assert figures["demands"] == 1 and figures["voucher_spend"] == 0
    assert _row(2025).figures["licences"] == 0


def test_a_city_without_population_shows_its_figures_without_a_ratio(db):
    owner = OrganisationFactory(kind="enterprise", province="某省", city="某市")
    _offered(owner, local(2026, 3, 1, 9, 0), grant_date=datetime.date(2019, 6, 1))
    row = next(row for row in city_indicators(2026) if row.city == "某市")
    assert row.population is None and row.patents_per_10k is None
    assert row.figures["invention_patents"] == 1
