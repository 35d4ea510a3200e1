"""The public search page /search/: words in both languages, facets, sorting, paging, escaping, bad input."""

import re
from html import unescape
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from search.backends.base import SearchUnavailable
from search.documents import listing_documents
from search.models import SavedSearch

from ..factories import PatentFactory, PublishedListingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_index(site_pages, site_index, search_documents):
    site_index.index(search_documents)
    return site_index


def search(client, language="zh-hans", **params):
    return client.get("/search/", params, HTTP_ACCEPT_LANGUAGE=language)


def identifiers(response) -> list[str]:
    return [card.identifier for card in response.context["cards"]]


def facet(response, field) -> dict[str, int]:
    return {value.value: value.count for f in response.context["facets"] if f.field == field
            for value in [*f.values, *f.more]}


def test_chinese_query_finds_the_listing_highlighted_and_linked(client, page_index, search_listings):
    listing = search_listings[0]  # 一种锂离子电池正极材料的制备方法
    response = search(client, q="锂电池 正极")
    assert response.status_code == 200
    assert identifiers(response)[0] == listing.patent.publication_number
    html = response.content.decode()
    assert "<mark>" in html
    assert f'href="/listings/{listing.pk}/"' in html
    assert response.context["results"].total >= 1


def test_english_query_and_titles_in_the_active_language(client, page_index, search_listings):
    listing = search_listings[0]
    english = search(client, "en", q="lithium battery cathode")
    chinese = search(client, "zh-hans", q="lithium battery cathode")
    assert listing.patent.publication_number in identifiers(english)
    assert identifiers(english) == identifiers(chinese)  # only the labels change
    first = english.context["cards"][identifiers(english).index(listing.patent.publication_number)]
    assert "cathode" in first.title.lower() and "Sort by" in english.content.decode()
    first_zh = chinese.context["cards"][identifiers(chinese).index(listing.patent.publication_number)]
    assert "正极" in first_zh.title and "排序" in chinese.content.decode()


def test_facet_counts_and_filters_narrow_the_results(client, page_index):
    everything = search(client, "en")
    counts = facet(everything, "owner_kind")
    assert sum(counts.values()) == everything.context["results"].total
    link = next(v.url for f in everything.context["facets"] if f.field == "owner_kind" for v in f.values
                if v.value == "university")
    narrowed = client.get("/search/" + link, HTTP_ACCEPT_LANGUAGE="en")
    assert narrowed.context["results"].total == counts["university"]
    assert [chip.label for chip in narrowed.context["chips"]] == ["Owner type: University"]
    # the same value's link now removes it and keeps the rest
    again = next(v for f in narrowed.context["facets"] if f.field == "owner_kind" for v in f.values
                 if v.value == "university")
    assert again.selected and "owner_kind" not in parse_qs(urlsplit(again.url).query)


def test_class_facet_appears_under_the_chosen_section_and_goes_with_it(client, page_index):
    assert "ipc_class" not in {f.field for f in search(client).context["facets"]}
    response = search(client, ipc_section="H")
    classes = facet(response, "ipc_class")
    assert classes and all(code.startswith("H") for code in classes)
    assert "基本电气元件" in response.content.decode()  # bilingual IPC titles from IpcClass
    with_class = search(client, ipc_section="H", ipc_class="H01", q="电池")
    section_chip = next(chip for chip in with_class.context["chips"] if "H01" not in chip.label)
    assert parse_qs(urlsplit(section_chip.url).query) == {"q": ["电池"]}


def test_city_facet_follows_the_province(client, page_index):
    assert "city" not in {f.field for f in search(client).context["facets"]}
    assert facet(search(client, province="北京市"), "city") == {"北京市": facet(search(client), "province")["北京市"]}


def test_sort_orders_and_price_range(client, page_index):
    response = search(client, sort="price_asc", price_min="20000", price_max="200000", per_page="50")
    prices = [card.price for card in response.context["cards"]]
    assert prices == sorted(prices) and all(20_000 <= p <= 200_000 for p in prices)
    labels = [chip.label for chip in response.context["chips"]]
    assert len(labels) == 2 and "20000" in labels[0] and "200000" in labels[1]
    descending = [card.price for card in search(client, sort="price_desc").context["cards"]]
    assert descending == sorted(descending, reverse=True)


def test_empty_query_lists_everything_newest_first(client, page_index, search_listings):
    response = search(client)
    assert response.status_code == 200
    assert response.context["results"].total == len(search_listings)
    assert identifiers(response)[:3] == [listing.identifier for listing in search_listings[:3]]
    assert '<option value="newest" selected>' in response.content.decode()
    assert response.context["facets"]


def test_pagination_keeps_the_words_and_filters(client, page_index):
    response = search(client, q="方法 method", per_page="2", province="北京市")
    html = response.content.decode()
    results = response.context["results"]
    assert results.pages > 1
    next_link = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    params = parse_qs(urlsplit(next_link.replace("&amp;", "&")).query)
    assert params["page"] == ["2"] and params["province"] == ["北京市"] and params["per_page"] == ["2"]
    assert params["q"] == ["方法 method"]


def test_highlighting_escapes_the_listing_text(client, page_index):
    patent = PatentFactory(title_zh="<script>alert(1)</script>石墨烯电池", title_en="<b>graphene</b> battery")
    PublishedListingFactory(patent=patent)
    page_index.index(list(listing_documents()))
    html = search(client, q="石墨烯").content.decode() + search(client, "en", q="graphene").content.decode()
    assert "<script>alert(1)" not in html and "<b>graphene" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>石墨烯</mark>" in html
    assert "&lt;b&gt;<mark>graphene</mark>&lt;/b&gt;" in html


def test_typed_query_text_is_never_marked_safe(client, page_index):
    html = search(client, q='"><script>x()</script>').content.decode()
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html


@pytest.mark.parametrize("params", [
    {"q": "电池" * 5_000},
    {"q": "x" * 10_000},
    {"q": '"NEAR( AND OR NOT * ^ :'},
    {"q": "'; DROP TABLE docs; --"},
    {"q": "1=1 OR title LIKE '%'"},
    {"province": "火星", "deal_type": "no-such-deal", "ipc_class": "Z99"},
    {"page": "999"},
    {"colour": "blue"},
])
def test_odd_input_gives_a_page(client, page_index, params):
    response = search(client, **params)
    assert response.status_code == 200
    assert response.context["results"] is not None


def test_unknown_facet_values_show_as_removable_chips(client, page_index):
    response = search(client, province="火星", ipc_class="Z99")
    assert response.context["results"].total == 0
    html = response.content.decode()
    assert "火星" in html and "Z99" in html
    assert "Clear all filters" in search(client, "en", province="火星").content.decode()


def test_page_beyond_the_end_says_how_many_pages(client, page_index):
    response = search(client, "en", page="999")
    html = response.content.decode()
    assert response.status_code == 200 and "There are only 3 pages" in html and "page=3" in html


@pytest.mark.parametrize(("params", "message"), [
    ({"sort": "cheapest"}, "is not a sort order we offer"),
    ({"page": "0"}, "The page number starts at 1"),
    ({"page": "two"}, "The page number must be a whole number"),
    ({"price_min": "cheap"}, "The minimum price must be an amount in yuan"),
    ({"price_max": "-5"}, "The maximum price must be an amount in yuan"),
    ({"price_min": "500000", "price_max": "100000"}, "The minimum price (500000) is above the maximum price (100000)"),
])
def test_unusable_parameters_are_400_with_the_input_kept(client, page_index, params, message):
    response = search(client, "en", q="电池", **params)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert 'value="电池"' in html
    for name in ("price_min", "price_max"):  # what was typed stays in the form
        if name in params:
            assert f'name="{name}" value="{params[name]}"' in html
    assert not any(code in response.context["error"] for code in ("price_min", "price_max", "per_page", "relevance"))


def test_no_match_suggests_removing_filters_and_popular_sectors(client, page_index):
    response = search(client, "en", q="电池", owner_kind="enterprise", province="火星")
    html = response.content.decode()
    assert "Remove a filter" in html and "Popular sectors" in html and "?sector=new_energy" in html


def test_a_corrected_typo_is_shown(client, page_index):
    response = search(client, "en", q="lithum battery")
    assert response.context["correction"] == "lithium battery"
    assert "Did you mean" in response.content.decode()
    assert search(client, q="lithium battery").context["correction"] is None


def test_unavailable_engine_is_a_503_page_with_the_site_around_it(client, site_pages):
    with mock.patch("search.web.views.listing_search", side_effect=SearchUnavailable("down")):
        response = search(client, "en", q="battery")
    html = response.content.decode()
    assert response.status_code == 503
    assert "Search is temporarily unavailable" in html and 'class="site-header"' in html
    assert 'value="battery"' in html


def test_save_this_search_for_members(client, page_index):
    assert "Log in to save this search" in search(client, "en", q="电池").content.decode()
    client.force_login(UserFactory(username="saver"))
    html = search(client, "zh-hans", q="电池", deal_type="assignment").content.decode()
    assert "保存搜索并接收提醒" in html and 'action="/alerts/save/"' in html
    response = client.post("/alerts/save/", {"q": "电池", "deal_type": "assignment", "next": "/search/?q=电池"})
    assert response.status_code == 302
    assert SavedSearch.objects.get(user__username="saver").filters == {"deal_type": ["assignment"]}


def test_suggestions_endpoint_and_its_hook_on_the_page(client, page_index):
    body = client.get("/api/search/suggest/", {"q": "锂离"}).json()
    assert any("锂离子电池" in title for title in body["suggestions"])
    html = search(client).content.decode()
    assert 'data-url="/api/search/suggest/"' in html and "search/search.js" in html


def test_home_and_header_search_boxes_submit_to_the_search_page(client, site_pages):
    html = client.get("/").content.decode()
    assert html.count('action="/search/"') >= 2


@pytest.mark.parametrize(("typed", "field", "value"), [
    ({"jurisdiction": "cn"}, "jurisdiction", "CN"),
    ({"ipc_section": "h"}, "ipc_section", "H"),
    ({"ipc_class": "h01m4/58"}, "ipc_class", "H01"),
    ({"sector": "NEW_ENERGY"}, "sector", "new_energy"),
    ({"sector": "新能源"}, "sector", "new_energy"),
    ({"sector": "new energy"}, "sector", "new_energy"),
    ({"owner_kind": "University"}, "owner_kind", "university"),
    ({"owner_kind": "高校"}, "owner_kind", "university"),
    ({"kind": "专利池"}, "kind", "pool"),
    ({"deal_type": "Assignment"}, "deal_type", "assignment"),
    ({"province": "北京"}, "province", "北京市"),
    ({"province": "beijing"}, "province", "北京市"),
])
def test_facet_values_are_taken_as_people_write_them(client, page_index, search_documents, typed, field, value):
    response = search(client, "en", **typed)
    assert response.status_code == 200
    assert response.context["query"].filters == {field: [value]}
    expected = {d["id"] for d in search_documents if value in (d[field] if isinstance(d[field], list) else [d[field]])}
    assert response.context["results"].total == len(expected) > 0
    selected = [v for f in response.context["facets"] if f.field == field for v in [*f.values, *f.more] if v.selected]
    assert [v.value for v in selected] == [value]  # the facet list shows the value ticked


def test_a_value_outside_a_fixed_list_is_left_out_with_a_message_and_the_rest_kept(client, page_index):
    response = search(client, "en", q="电池", deal_type=["no-such-deal", "assignment"], owner_kind="university")
    assert response.status_code == 200
    assert response.context["query"].filters == {"deal_type": ["assignment"], "owner_kind": ["university"]}
    html = response.content.decode()
    assert "“no-such-deal” is not one of the choices for “Deal type”. It was left out of this search." in html
    assert 'name="deal_type" value="no-such-deal"' not in html  # a new search does not carry it again


def test_prices_may_be_written_with_separators_or_in_ten_thousands(client, page_index):
    plain = search(client, price_min="100000", price_max="200000").context["results"].total
    assert search(client, price_min="100,000", price_max="20万").context["results"].total == plain > 0


def test_every_example_in_the_search_box_finds_listings(client, page_index):
    html = search(client, "en").content.decode()
    placeholder = re.search(r'id="search-q"[^>]*placeholder="e\.g\. ([^"]+)"', html, re.S).group(1)
    examples = unescape(placeholder).split(", ")
    assert len(examples) == 4
    for example in examples:
        assert search(client, "en", q=example).context["results"].total > 0, example
