"""GET /api/search/ and /api/search/suggest/, and the search_listings command."""

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from search.backends.base import SearchUnavailable


@pytest.fixture
def api_index(site_index, search_documents):
    site_index.index(search_documents)
    return site_index


def test_search_returns_results_facets_and_pages(client, api_index, search_documents):
    response = client.get("/api/search/", {"q": "锂电池", "per_page": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] >= 3 and body["pages"] == -(-body["total"] // 2) and len(body["results"]) == 2
    first = body["results"][0]
    assert {"id", "identifier", "title", "score", "highlights", "url", "price", "deal_type"} <= set(first)
    assert "<mark>" in json.dumps(first["highlights"], ensure_ascii=False)
    assert body["facets"]["ipc_class"]["H01"] >= 3


def test_filters_from_repeated_or_comma_separated_parameters(client, api_index):
    repeated = client.get("/api/search/?owner_kind=university&owner_kind=enterprise&province=北京市").json()
    joined = client.get("/api/search/?owner_kind=university,enterprise&province=北京市").json()
    assert repeated["total"] == joined["total"] > 0
    assert {r["owner_kind"] for r in repeated["results"]} <= {"university", "enterprise"}


def test_sort_and_price_range(client, api_index):
    body = client.get("/api/search/", {"sort": "price_asc", "price_min": "20000", "price_max": "90000"}).json()
    prices = [r["price"] for r in body["results"]]
    assert prices == sorted(prices) and all(20_000 <= p <= 90_000 for p in prices)


@pytest.mark.parametrize(("params", "message"), [
    ({"sort": "cheapest"}, "is not a sort order we offer"),
    ({"page": "0"}, "page number"),
    ({"page": "two"}, "page number"),
    ({"per_page": "1000"}, "results per page"),
    ({"price_min": "cheap"}, "minimum price"),
    ({"price_max": "-5"}, "maximum price"),
    ({"price_min": "9", "price_max": "1"}, "above the maximum price"),
    ({"deal_type": "barter"}, "“barter” is not one of the choices for “Deal type”"),
])
def test_bad_parameters_are_400_with_a_message(client, api_index, params, message):
    response = client.get("/api/search/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_page_beyond_the_end_is_empty(client, api_index):
    body = client.get("/api/search/", {"page": 999}).json()
    assert body["results"] == [] and body["total"] > 0


@pytest.mark.parametrize("q", ['"', "NEAR(", "x" * 20_000, "'; DROP TABLE docs; --", "锂电池 OR 1=1"])
def test_hostile_queries_never_fail(client, api_index, q):
    assert client.get("/api/search/", {"q": q, "province": q[:50]}).status_code == 200


def test_unavailable_engine_is_503(client, db):
    with mock.patch("search.views.listing_search", side_effect=SearchUnavailable("down")):
        response = client.get("/api/search/", {"q": "battery"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and "unavailable" in response.json()["error"]


def test_suggest(client, api_index):
    body = client.get("/api/search/suggest/", {"q": "锂离"}).json()
    assert any("锂离子电池" in title for title in body["suggestions"])


def test_only_get(client, db):
    assert client.post("/api/search/").status_code == 405


def test_search_listings_command_json(api_index):
    out = StringIO()
    call_command("search_listings", "锂电池", "--limit", "3", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 3
    assert all({"publication_number", "title", "score"} <= set(row) for row in rows)
    assert rows[0]["score"] >= rows[-1]["score"]


def test_search_listings_command_text_and_pool_identifier(api_index):
    out = StringIO()
    call_command("search_listings", "专利池", stdout=out)
    assert "POOL-" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("search_listings", "x", "--limit", "0")


def test_results_link_to_the_listing_detail_page(client, api_index, site_pages):
    body = client.get("/api/search/", {"q": "锂电池"}).json()
    first = body["results"][0]
    assert first["url"] == f"/listings/{first['id']}/"
