"""Hybrid search end to end: a Chinese query reaches the English listing about it, which shares no word or
synonym with it, through the API and the search page; needs an engine that fuses `SearchQuery.neighbours`."""

import pytest

from search.documents import listing_documents
from search.semantic.services import listings_embed

from .test_semantic import english_baseball_listing

pytestmark = pytest.mark.django_db


def test_a_chinese_query_finds_the_english_listing(client, semantic, site_index):
    english = english_baseball_listing()
    site_index.index(listing_documents([english]))
    assert client.get("/api/search/", {"q": "棒球", "mode": "lexical"}).json()["total"] == 0
    listings_embed()
    payload = client.get("/api/search/", {"q": "棒球"}).json()
    assert payload["semantic"] is True
    assert [hit["id"] for hit in payload["results"]] == [english.pk]
    assert payload["results"][0]["similarity"] > 0.3
    page = client.get("/search/", {"q": "棒球"}, headers={"accept-language": "zh-hans"}).content.decode()
    assert "Baseball pitching machine" in page
    # Found by meaning alone, so its card says why: 语义匹配 and its sentence closest to the query.
    assert page.count('class="semantic-reason"') == 1 and "语义匹配" in page and "最接近的句子" in page


def test_a_keyword_match_shows_no_semantic_reason(client, semantic, site_index):
    english = english_baseball_listing()
    site_index.index(listing_documents([english]))
    listings_embed()
    page = client.get("/search/", {"q": "baseball"}).content.decode()
    assert "<mark>Baseball</mark> pitching machine" in page and 'class="semantic-reason"' not in page
