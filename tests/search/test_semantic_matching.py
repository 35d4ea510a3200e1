"""Demand matching by meaning: a Chinese demand reaches an English listing no shared term or synonym connects
it to, with the listing's closest sentence as the reason, in either language."""

import pytest
from django.utils import translation

from search.matching import match_demand, match_listing
from search.matching.scoring import explain
from search.semantic.services import listings_embed

from .matching_fixtures import battery_listing, search_index, sme_demand  # noqa: F401
from .test_semantic import english_baseball_listing

pytestmark = pytest.mark.django_db

BASEBALL_DEMAND = {"title": "寻找棒球训练设备", "description": "我们需要一种棒球投球装置，用于青少年击球训练。",
                   "ipc_hints": []}


def _semantic_reason(reasons: list[str]) -> str:
    return next(reason for reason in reasons if "Semantic match" in reason or "语义匹配" in reason)


def test_a_chinese_demand_is_matched_to_an_english_listing_with_its_closest_sentence(semantic, search_index):
    listing = english_baseball_listing()
    battery = battery_listing()
    search_index(listing, battery)
    listings_embed()
    demand = sme_demand(**BASEBALL_DEMAND)
    matches = match_demand(demand=demand)
    assert [match.listing_id for match in matches] == [listing.pk]
    part = matches[0].factors["parts"]["text"]
    assert part["terms"] == [] and part["value"] > 0  # nothing shared but the meaning
    assert part["semantic"]["sentence"] in {"Baseball pitching machine with adjustable speed",
                                            "A machine throws baseballs for batting practice."}
    with translation.override("en"):
        english = _semantic_reason(explain(matches[0].factors))
    with translation.override("zh-hans"):
        chinese = _semantic_reason(explain(matches[0].factors))
    assert english.startswith("Semantic match (similarity ") and part["semantic"]["sentence"] in english
    assert chinese.startswith("语义匹配") and part["semantic"]["sentence"] in chinese


def test_without_vectors_the_chinese_demand_finds_nothing(settings, semantic, search_index):
    search_index(english_baseball_listing())
    settings.SEARCH_SEMANTIC = False
    assert match_demand(demand=sme_demand(**BASEBALL_DEMAND)) == []


def test_a_new_english_listing_is_matched_to_the_open_chinese_demand(semantic):
    demand = sme_demand(**BASEBALL_DEMAND)
    listing = english_baseball_listing()
    listings_embed()
    matches = match_listing(listing=listing)
    assert [match.demand for match in matches] == [demand]
    assert matches[0].factors["parts"]["text"]["semantic"]["sentence"]


def test_a_listing_not_embedded_yet_is_matched_by_its_terms_only(semantic):
    sme_demand(**BASEBALL_DEMAND)
    assert match_listing(listing=english_baseball_listing()) == []
