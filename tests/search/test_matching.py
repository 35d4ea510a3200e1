from decimal import Decimal

import pytest
from django.utils import translation

from marketplace.models import Organisation
from search.documents import listing_document
from search.models import MatchProposal
from search.matching import match_demand, match_listing
from search.matching.profiles import demand_profile, listing_profile
from search.matching.scoring import explain, score, with_wording

from ..factories import OrganisationFactory, PatentFactory
from .matching_fixtures import (
    battery_listing,
    english_only_listing,
    search_index,
    sme_demand,
    unrelated_listing,
)

pytestmark = pytest.mark.django_db
__all__ = ["search_index"]


def test_relevant_listing_ranks_first_with_reasons(search_index):
    relevant, other = battery_listing(), unrelated_listing()
    search_index(relevant, other)
    demand = sme_demand(ipc_hints=["H01M"])
    with translation.override("en"):
        matches = match_demand(demand=demand)
        reasons = matches[0].reasons
    assert matches[0].listing_id == relevant.pk
    assert all(m.listing_id != other.pk or m.score < matches[0].score for m in matches)
    assert "锂电池" in reasons[0] and "正极材料" in reasons[0]
    assert reasons[1] == "IPC H01M matches H01M4/58 (as asked)."
    assert 0 <= matches[-1].score <= matches[0].score <= 100


def test_chinese_demand_finds_english_only_patent_and_vice_versa(search_index):
    english = english_only_listing()
    search_index(english, unrelated_listing())
    demand = sme_demand(title="寻找锂电池正极材料", description="提高锂电池正极材料的循环寿命")
    matches = match_demand(demand=demand)
    assert matches[0].listing_id == english.pk
    shared = dict(matches[0].factors["parts"]["text"]["terms"])
    assert shared["锂电池"].lower() == "lithium ion battery"
    assert shared["正极材料"].lower() in {"cathode material", "positive electrode material"}

    chinese = battery_listing(patent=PatentFactory(title_en=""), title_en="")
    search_index(chinese)
    english_demand = sme_demand(
        title="Cathode material for lithium batteries",
        description="We need a better cathode material for our lithium battery packs.",
    )
    assert chinese.pk in [m.listing_id for m in match_demand(demand=english_demand)[:2]]


def test_unpublished_and_expired_listings_are_not_proposed(search_index):
    import datetime

    expired = battery_listing(patent=PatentFactory(expiry_date=datetime.date(2001, 1, 1)))
    search_index(expired)
    assert match_demand(demand=sme_demand()) == []


def _score(demand, listing) -> dict:
    offer = listing_profile(listing_document(listing))
    return with_wording(score(demand_profile(demand), offer), offer)


def test_region_deal_type_and_budget_change_the_score_as_documented():
    beijing = OrganisationFactory(province="北京市", city="北京市")
    shenzhen = OrganisationFactory(province="广东省", city="深圳市")
    guangzhou = OrganisationFactory(province="广东省", city="广州市")
    demand = sme_demand(budget_max=Decimal("400000"))
    demand.deal_types.set(["exclusive_licence"])

    far, same_city, same_province = (battery_listing(owner=org) for org in (beijing, shenzhen, guangzhou))
    region = {
        name: _score(demand, lst)["parts"]["region"]["value"]
        for name, lst in [("far", far), ("city", same_city), ("province", same_province)]
    }
    assert region == {"far": 0.0, "city": 1.0, "province": 0.6}
    # no IPC hints: text, region, deal and budget weigh 45 + 10 + 10 + 10, so region is worth 10/75 of 100
    region_weight = 100 * 10 / 75
    assert _score(demand, same_city)["score"] - _score(demand, far)["score"] == pytest.approx(
        region_weight, abs=1
    )

    licensed = battery_listing(owner=beijing, deal_types=["exclusive_licence", "assignment"])
    assert _score(demand, licensed)["score"] - _score(demand, far)["score"] == pytest.approx(
        region_weight, abs=1
    )
    with translation.override("en"):
        assert "Offers Exclusive licence, as you want." in explain(_score(demand, licensed))

    budget = {
        "within": battery_listing(asking_price=Decimal("350000")),
        "above_negotiable": battery_listing(asking_price=Decimal("500000"), price_negotiable=True),
        "above": battery_listing(asking_price=Decimal("900000"), price_negotiable=True),
        "fixed_above": battery_listing(asking_price=Decimal("500000"), price_negotiable=False),
        "negotiable": battery_listing(asking_price=None, price_negotiable=True),
    }
    values = {name: _score(demand, lst)["parts"]["budget"]["value"] for name, lst in budget.items()}
    assert values == {
        "within": 1.0,
        "above_negotiable": 0.4,
        "above": 0.0,
        "fixed_above": 0.0,
        "negotiable": 0.6,
    }


def test_factors_the_demand_leaves_open_do_not_count():
    listing = battery_listing()
    parts = _score(sme_demand(province="", city=""), listing)["parts"]
    assert set(parts) == {"text"}
    assert _score(sme_demand(province="", city=""), listing)["score"] == round(100 * parts["text"]["value"])


def test_match_listing_finds_the_demand_and_ranks_it_first(operator):
    wanted = sme_demand(ipc_hints=["H01M4"])
    sme_demand(title="寻找茶叶加工设备", description="需要自动化的茶叶揉捻机。")
    closed = sme_demand(status="closed")
    listing = battery_listing()
    matches = match_listing(listing=listing)
    assert matches[0].demand == wanted and closed not in [m.demand for m in matches]
    # the same score whichever side asks
    assert matches[0].score == _score(wanted, listing)["score"]


def test_match_listing_ignores_unpublished_listings():
    sme_demand()
    assert match_listing(listing=battery_listing(status="draft")) == []


def test_sme_organisation_kind_is_used_in_demands():
    assert sme_demand().organisation.kind == Organisation.Kind.ENTERPRISE


def test_listings_gone_from_the_database_but_still_indexed_are_not_proposed(client, search_index):
    """Found by the fuzz: the matches page recorded proposals for listings the index had not yet dropped,
    a foreign key violation (500) on PostgreSQL."""
    kept, withdrawn, deleted = battery_listing(), battery_listing(), battery_listing()
    search_index(kept, withdrawn, deleted)
    withdrawn.status = "withdrawn"
    withdrawn.save()
    deleted_pk = deleted.pk
    deleted.delete()
    demand = sme_demand()
    assert [match.listing_id for match in match_demand(demand=demand)] == [kept.pk]
    client.force_login(demand.created_by)
    assert client.get(f"/demands/{demand.pk}/matches/").status_code == 200
    assert not MatchProposal.objects.filter(listing_id__in=[withdrawn.pk, deleted_pk]).exists()
