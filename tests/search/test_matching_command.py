import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from .matching_fixtures import battery_listing, search_index, sme_demand, unrelated_listing

pytestmark = pytest.mark.django_db
__all__ = ["search_index"]


def test_match_demand_json_lists_matches_with_reasons(search_index, capsys):
    listing = battery_listing()
    search_index(listing, unrelated_listing())
    demand = sme_demand(ipc_hints=["H01M"])
    call_command("match_demand", str(demand.pk), "--limit", "5", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows and len(rows) <= 5
    assert set(rows[0]) >= {"publication_number", "title", "score", "reasons"}
    assert rows[0]["publication_number"] == listing.patent.publication_number
    assert isinstance(rows[0]["score"], int) and 0 <= rows[0]["score"] <= 100
    assert all(isinstance(reason, str) for reason in rows[0]["reasons"])


def test_match_demand_table_and_unknown_id(search_index, capsys):
    search_index(battery_listing())
    call_command("match_demand", str(sme_demand().pk))
    assert "正极材料" in capsys.readouterr().out
    with translation.override("en"), pytest.raises(CommandError, match="no demand with id 999999"):
        call_command("match_demand", "999999")
