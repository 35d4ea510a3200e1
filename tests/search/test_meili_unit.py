"""Meilisearch pieces that need no server: filter quoting, settings, highlight conversion, error mapping."""

import pytest

from search.backends.base import SearchQuery, SearchUnavailable
from search.backends.meili import MeilisearchBackend, _highlight, filter_expressions, index_settings, quote, synonym_map


@pytest.mark.parametrize(("value", "expected"), [
    ("北京市", '"北京市"'),
    ('a"b', '"a\\"b"'),
    ("a\\", '"a\\\\"'),
    ('x"] OR kind = "pool', '"x\\"] OR kind = \\"pool"'),
])
def test_quote_escapes_quotes_and_backslashes(value, expected):
    assert quote(value) == expected


def test_filter_expressions():
    query = SearchQuery(filters={"province": ["北京市", '上"海'], "deal_type": ["assignment"], "city": []},
                        price_min=10, price_max=2.5e6)
    assert filter_expressions(query) == [
        'province IN ["北京市", "上\\"海"]', 'deal_type IN ["assignment"]', "price >= 10.000000",
        "price <= 2500000.000000",
    ]
    assert filter_expressions(query, without="province")[0] == 'deal_type IN ["assignment"]'


def test_filter_fields_are_whitelisted():
    with pytest.raises(ValueError):
        filter_expressions(SearchQuery(filters={"id > 0 OR province": ["x"]}))


def test_settings_share_the_synonyms_and_localise_chinese_fields():
    settings = index_settings()
    assert "lithium battery" in settings["synonyms"]["锂电池"]
    assert "锂电池" in synonym_map()["lithium battery"]
    assert {"locales": ["cmn"]}.items() <= settings["localizedAttributes"][0].items()
    assert "price" in settings["filterableAttributes"] and "published_ts" in settings["sortableAttributes"]
    assert settings["searchableAttributes"][:2] == ["title_zh", "title_en"]


def test_highlight_conversion_escapes_html():
    assert _highlight("a <b> \x02battery\x03 & c") == "a &lt;b&gt; <mark>battery</mark> &amp; c"
    assert _highlight("no match") is None


def test_unreachable_server_is_search_unavailable(settings):
    backend = MeilisearchBackend(url="http://127.0.0.1:9", index_prefix="unit_")
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="battery"))
    with pytest.raises(SearchUnavailable):
        backend.index([{"id": 1}])
