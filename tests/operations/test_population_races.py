"""Two operators saving the same city and year at the same moment: one row, both saves applied in turn (the
second sees the first's figure as the one it replaces), none lost and no duplicate."""

import pytest

from marketplace.models import AuditEvent, Organisation
from operations.models import CityPopulation
from operations.services import city_population_save
from tests.concurrency import race, racing
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def two_operators(transactional_db):
    centre = OrganisationFactory(kind=Organisation.Kind.OPERATION_CENTRE)
    return [MembershipFactory(organisation=centre, user=UserFactory(username=name)).user for name in ("op1", "op2")]


def _save(population: int, actor):
    return lambda: city_population_save(province="江苏省", city="苏州市", year=2024, population=population,
                                        source="统计公报", actor=actor)


@racing
@pytest.mark.parametrize("existing", [False, True], ids=["first-entry", "correction"])
def test_two_operators_saving_one_city_and_year(two_operators, existing):
    if existing:
        city_population_save(province="江苏省", city="苏州市", year=2024, population=100, actor=two_operators[0])
    outcomes = race(_save(12_000_000, two_operators[0]), _save(13_000_000, two_operators[1]))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    row = CityPopulation.objects.get()  # exactly one row
    saves = list(AuditEvent.objects.filter(object_id=str(row.pk), action__in=("create", "edit"))
                 .order_by("created_at", "pk").values_list("data", flat=True))
    figures = [save["population"] for save in saves]
    assert sorted(figures[-2:]) == [12_000_000, 13_000_000]
    # Serialised: the later save replaced the earlier one's figure, and the row holds the later one.
    assert saves[-1]["before"] == figures[-2]
    assert row.population == figures[-1]
    assert saves[-2]["before"] == (100 if existing else None)
