"""The demo gives the operations dashboard something to show: an operator opening it after `load_demo_data`
sees figures in every trend chart, and the city report has populations and patents per 10,000 people."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import User
from operations.demo import DEMO_POPULATIONS
from operations.models import CityPopulation
from operations.tables import SPECS

# Transactional, as tests/test_demo_data.py: the demo deals' follow-ups are signals sent on commit.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_demo_fills_every_chart_and_the_city_report(client):
    call_command("load_demo_data", stdout=StringIO())
    assert CityPopulation.objects.filter(year=2020).count() == len(DEMO_POPULATIONS)
    call_command("load_demo_populations", stdout=StringIO())  # again: nothing added twice
    assert CityPopulation.objects.count() == len(DEMO_POPULATIONS)

    client.force_login(User.objects.get(username="demo_operator"))
    response = client.get("/dashboard/operations/")
    assert response.status_code == 200
    tables = {table.key: table for table in response.context["tables"]}
    for spec in SPECS:
        figures = [cell for row in tables[spec.key].rows for cell in row[1:] if isinstance(cell, int | float | Decimal)]
        if spec.chart or spec.key in ("deal_stages", "programmes", "agencies", "by_ipc"):
            assert any(figures), f"{spec.key} is empty on the demo"

    cities = client.get("/dashboard/operations/cities/").context["rows"]
    assert any(row[5] for row in cities), "no city has patents per 10,000 people"
