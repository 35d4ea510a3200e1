"""A match needs specific evidence: generic words (测试, system …) and IPC section titles carry none alone."""

import pytest

from search.matching import match_demand, match_listing
from search.matching.generic_terms import frequent_terms, generic_terms, is_generic, spread_terms

from ..factories import PatentFactory, PublishedListingFactory
from .matching_fixtures import battery_listing, search_index, sme_demand

pytestmark = pytest.mark.django_db
__all__ = ["search_index"]


def _listing(title_zh: str, title_en: str, ipc: str):
    patent = PatentFactory(title_zh=title_zh, title_en=title_en, abstract_zh="", abstract_en="", ipc_main=ipc,
                           ipc_codes=[ipc], ipc_section=ipc[0], ipc_class=ipc[:3])
    return PublishedListingFactory(patent=patent, title_zh=title_zh, title_en=title_en, description_zh="",
                                   description_en="")


def test_a_demand_of_generic_words_matches_nothing(search_index):
    chip_tester = _listing("一种芯片测试装置及系统", "Chip test device and system", "G01R31/28")
    search_index(chip_tester)
    for title, description in [("校验测试", "测试"), ("测试系统", "一种测试方法和装置"), ("Test system", "A test method.")]:
        demand = sme_demand(title=title, description=description)
        assert match_demand(demand=demand) == [], title
    assert match_listing(listing=chip_tester) == []


def test_generic_words_still_add_to_specific_evidence(search_index):
    chip_tester = _listing("一种芯片测试装置及系统", "Chip test device and system", "G01R31/28")
    search_index(chip_tester)
    demand = sme_demand(title="芯片测试", description="需要芯片测试技术")
    [match] = match_demand(demand=demand)
    assert match.listing_id == chip_tester.pk and match.score >= 50
    assert {own for own, _theirs in match.factors["parts"]["text"]["terms"]} >= {"芯片", "测试"}


def test_a_word_of_an_ipc_section_title_is_no_evidence(search_index):
    """Section F is "mechanical engineering; lighting; heating; weapons; blasting": elevator lighting is no weapon."""
    elevator_lighting = _listing("一种电梯轿厢照明灯具", "Elevator car lighting fixture", "F21V33/00")
    search_index(elevator_lighting)
    for title in ("weapons", "武器"):
        demand = sme_demand(title=title, description=title)
        assert match_demand(demand=demand) == []
    assert match_listing(listing=elevator_lighting) == []


def test_a_word_of_an_ipc_class_title_still_counts(search_index):
    launcher = _listing("一种发射筒锁紧机构", "Locking mechanism for a launch tube", "F41F3/04")  # F41: weapons
    search_index(launcher)
    demand = sme_demand(title="weapons", description="weapons")
    [match] = match_demand(demand=demand)
    assert match.listing_id == launcher.pk and match.factors["parts"]["text"]["ipc_terms"] == ["weapons"]


def test_a_specific_demand_still_matches(search_index):
    listing = battery_listing()
    search_index(listing)
    demand = sme_demand(ipc_hints=["H01M"])
    [match] = match_demand(demand=demand)
    assert match.listing_id == listing.pk and match.score >= 50
    assert [m.demand.pk for m in match_listing(listing=listing, min_score=50)] == [demand.pk]


def test_the_shipped_generic_terms_are_the_common_words_only():
    terms = generic_terms()
    assert {"测试", "系统", "方法", "装置", "test", "system", "method", "devic", "apparatus"} <= terms
    assert not {"锂电池", "正极", "芯片", "weapon", "lithium", "校验"} & terms


def test_a_term_made_of_generic_words_is_generic():
    assert is_generic("测试系统") and is_generic("Test systems")
    assert not is_generic("锂电池") and not is_generic("lithium battery") and not is_generic("校验")


def test_generic_terms_are_both_frequent_and_spread_over_classes():
    abstracts = ["一种测试方法"] * 5 + ["虚拟现实"] * 90 + ["锂电池"] * 5
    assert frequent_terms(abstracts) >= {"测试", "虚拟现实", "锂电池"}  # 5 % each: frequent, not yet generic
    titles = [(f"C{n:02d}", "测试方法") for n in range(20) for _ in range(30)] + [("H01", "虚拟现实")] * 30
    spread = spread_terms(titles)
    assert "测试" in spread and "虚拟现实" not in spread  # one corpus's topic is not a generic word
