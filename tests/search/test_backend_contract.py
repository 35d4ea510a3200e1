"""One behaviour for every engine: each test runs against the embedded engine and, when MEILISEARCH_URL is set,
against Meilisearch, over the same documents (real records, see conftest)."""

import re

import pytest

from search.backends.base import FACET_FIELDS, SearchError, SearchQuery


def numbers(results) -> list[str]:
    return [hit.document["identifier"] for hit in results.hits]


def search(backend, text="", **options):
    options.setdefault("per_page", 50)
    return backend.search(SearchQuery(text=text, **options))


def test_chinese_query_finds_related_chinese_titles(indexed):
    found = numbers(search(indexed, "锂电池"))
    titles = [hit.document["title_zh"] for hit in search(indexed, "锂电池").hits]
    assert any("锂离子电池" in title for title in titles)
    assert {"CN1114236C", "CN1143403C", "CN1091956C"} <= set(found)
    assert "CN1089174C" not in found  # a radar image scanner


def test_english_stemming(indexed):
    found = numbers(search(indexed, "batteries"))
    assert {"US8626679", "US7583059"} <= set(found)
    assert "US9361534" not in found


def test_mixed_language_query(indexed):
    found = numbers(search(indexed, "储氢 alloy"))
    assert {"CN1045690C", "CN1056018C"} <= set(found)


@pytest.mark.parametrize(("typo", "expected"), [("batery", "US8626679"), ("catalist", "US5625750"),
                                                  ("recogniton", "US5511134")])
def test_typos_in_english_words(indexed, typo, expected):
    assert expected in numbers(search(indexed, typo))


def test_chinese_query_finds_english_only_patent_via_synonyms(indexed):
    assert "US5625750" in numbers(search(indexed, "催化剂"))  # "Catalyst monitor …", English only


def test_chinese_query_finds_english_only_patent_via_ipc_class_title(indexed):
    assert "US5269177" in numbers(search(indexed, "娱乐"))  # baseball bat, class A63 运动；游戏；娱乐活动


def test_english_query_finds_chinese_only_patent_via_ipc_class_title(indexed):
    assert "CN106507892B" in numbers(search(indexed, "weapons"))  # 头盔式目标指示器, class F41 武器


def test_titles_rank_above_passing_mentions(indexed):
    assert numbers(search(indexed, "image recognition"))[0] in {"US9361534", "US5511134"}


def test_filters_or_within_a_field_and_across_fields(indexed, search_documents):
    results = search(indexed, filters={"owner_kind": ["university", "enterprise"], "province": ["北京市"]})
    expected = {d["identifier"] for d in search_documents
                if d["owner_kind"] in {"university", "enterprise"} and d["province"] == "北京市"}
    assert set(numbers(results)) == expected and results.total == len(expected) > 0


def test_list_valued_filters(indexed):
    results = search(indexed, filters={"ipc_class": ["H01"], "deal_type": ["assignment"]})
    assert results.total > 0
    assert all("H01" in hit.document["ipc_class"] and "assignment" in hit.document["deal_type"]
               for hit in results.hits)


def test_price_range_excludes_unpriced_listings(indexed):
    results = search(indexed, price_min=50_000, price_max=150_000)
    assert results.total > 0
    assert all(50_000 <= hit.document["price"] <= 150_000 for hit in results.hits)


def test_facet_counts_are_disjunctive(indexed, search_documents):
    results = search(indexed, filters={"owner_kind": ["university"]}, facets=("owner_kind", "province", "kind"))
    kinds = {}
    for d in search_documents:
        kinds[d["owner_kind"]] = kinds.get(d["owner_kind"], 0) + 1
    assert results.facets["owner_kind"] == dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0])))
    universities = [d for d in search_documents if d["owner_kind"] == "university"]
    assert sum(results.facets["province"].values()) == len(universities)
    assert results.total == len(universities)


def test_facets_follow_the_text_query(indexed):
    results = search(indexed, "锂电池", facets=FACET_FIELDS)
    assert results.facets["ipc_class"].get("H01", 0) >= 3
    assert "A63" not in results.facets["ipc_class"]
    assert set(results.facets) == set(FACET_FIELDS)


def test_sorts(indexed):
    newest = search(indexed, sort="newest").hits
    published = [hit.document["published_ts"] for hit in newest]
    assert published == sorted(published, reverse=True)
    prices = [hit.document["price"] for hit in search(indexed, sort="price_asc").hits]
    priced = [p for p in prices if p is not None]
    assert priced == sorted(priced) and prices[:len(priced)] == priced  # unpriced last
    prices = [hit.document["price"] for hit in search(indexed, sort="price_desc").hits]
    priced = [p for p in prices if p is not None]
    assert priced == sorted(priced, reverse=True) and prices[:len(priced)] == priced
    expiry = search(indexed, sort="expiry").hits[0]
    assert expiry.document["expiry_date"] == "2030-01-01"


def test_empty_query_lists_everything_newest_first(indexed, search_documents):
    results = search(indexed, per_page=5)
    assert results.total == len(search_documents)
    assert numbers(results)[0] == search_documents[0]["identifier"]


def test_pagination(indexed, search_documents):
    pages = [search(indexed, per_page=10, page=page, sort="newest") for page in (1, 2, 3, 4, 5)]
    seen = [number for page in pages for number in numbers(page)]
    assert len(seen) == len(set(seen)) == len(search_documents)
    assert pages[0].pages == 5 and pages[0].total == len(search_documents)
    beyond = search(indexed, per_page=10, page=99)
    assert beyond.hits == [] and beyond.total == len(search_documents)


def test_highlights_are_escaped_and_marked(engine, search_documents):
    document = dict(search_documents[0], title_en="Lithium <script>alert(1)</script> battery & cathode")
    engine.index([document, *search_documents[1:]])
    hit = next(h for h in search(engine, "battery").hits if h.listing_id == document["id"])
    title = hit.highlights["title_en"]
    assert "<mark>battery</mark>" in title
    assert "<script>" not in title and "&lt;script&gt;" in title
    assert not re.search(r"<(?!/?mark>)", title)


def test_abstract_snippets_are_highlighted(indexed):
    hit = next(h for h in search(indexed, "fuzzy").hits if h.document["identifier"] == "US8626679")
    assert "<mark>fuzzy</mark>" in hit.highlights["abstract_en"].lower()


def test_delete_and_reindex(indexed, search_documents):
    document = next(d for d in search_documents if d["identifier"] == "US5625750")
    indexed.delete([document["id"]])
    assert "US5625750" not in numbers(search(indexed, "catalyst"))
    indexed.index([dict(document, title_en="Zeppelin mooring mast")])
    assert numbers(search(indexed, "zeppelin")) == ["US5625750"]
    indexed.clear()
    assert search(indexed).total == 0


def test_pool_documents_are_searchable(indexed):
    hit = search(indexed, "专利池").hits[0]
    assert hit.document["kind"] == "pool" and hit.document["identifier"].startswith("POOL-")
    assert set(hit.document["ipc_class"]) == {"H01"} and hit.document["patent_count"] == 2
    assert search(indexed, filters={"kind": ["pool"]}).total == 1


@pytest.mark.parametrize("typed", ["CN1114236C", "CN1114236", "cn1114236", "1114236"])
def test_a_publication_number_is_found_without_its_kind_code_or_country(indexed, typed):
    assert numbers(search(indexed, typed))[0] == "CN1114236C"


def test_a_patent_number_finds_the_pool_that_bundles_it(indexed):
    found = numbers(search(indexed, "CN1045690"))
    assert "CN1045690C" in found and any(number.startswith("POOL-") for number in found)


def test_match_any_ranks_partial_matches(indexed):
    text = "我们公司生产电动汽车，需要提高锂电池的能量密度，也关注储氢合金和燃料电池催化剂"
    found = numbers(search(indexed, text, match_any=True))
    assert {"CN1114236C", "CN1045690C"} <= set(found)


def test_suggest_completes_prefixes(indexed):
    assert any("锂离子电池" in title for title in indexed.suggest("锂离"))
    assert any("battery" in title.lower() for title in indexed.suggest("batt"))
    assert indexed.suggest("") == []


@pytest.mark.parametrize("text", [
    '"', '""', "'", "lithium\" OR \"1\"=\"1", "AND", "OR NOT", "NEAR(a b, 3)", "battery*", "* ( ) : ^ -",
    "title:battery", "-battery", "^battery", "'; DROP TABLE docs; --", "1; SELECT * FROM sqlite_master",
    "x" * 10_000, "锂电池 " * 2_000, "\x00\x01\x02", "\\", "{title}: 锂", "%_%", "<script>alert(1)</script>",
])
def test_hostile_input_is_safe(indexed, search_documents, text):
    results = search(indexed, text, facets=FACET_FIELDS, filters={"province": [text[:100]]})
    assert results.total >= 0
    assert isinstance(indexed.suggest(text), list)
    assert search(indexed).total == len(search_documents)  # the index is intact


@pytest.mark.parametrize("options", [{"sort": "cheapest"}, {"page": 0}, {"per_page": 0}, {"per_page": 1000},
                                     {"filters": {"owner": ["x"]}}, {"facets": ("colour",)},
                                     {"price_min": 200_000, "price_max": 100_000}])
def test_unanswerable_queries_raise_search_error(indexed, options):
    with pytest.raises(SearchError):
        indexed.search(SearchQuery(text="battery", **options))


def test_embedded_processes_follow_each_others_changes(tmp_path, search_documents):
    """Two engines on one index file (as two worker processes): the reader's columns and cached matches are
    updated for the documents the writer changed, and agree with a freshly opened engine."""
    from search.backends.embedded import EmbeddedBackend

    path = str(tmp_path / "search.sqlite3")
    writer, reader = EmbeddedBackend(path), EmbeddedBackend(path)
    writer.index(search_documents)
    everything = SearchQuery(text="catalyst", facets=FACET_FIELDS, per_page=50)
    assert "US5625750" in numbers(reader.search(everything))
    catalyst = next(d for d in search_documents if d["identifier"] == "US5625750")
    writer.delete([catalyst["id"]])
    assert "US5625750" not in numbers(reader.search(everything))
    writer.index([dict(catalyst, title_en="Zeppelin catalyst mast", owner_kind="enterprise", province="上海市")])
    for query in (everything, SearchQuery(text="zeppelin", facets=FACET_FIELDS),
                  SearchQuery(facets=FACET_FIELDS, filters={"province": ["上海市"]}, sort="price_desc")):
        followed, fresh = reader.search(query), EmbeddedBackend(path).search(query)
        assert numbers(followed) == numbers(fresh) and followed.total == fresh.total
        assert followed.facets == fresh.facets
    assert numbers(reader.search(SearchQuery(text="zeppelin"))) == ["US5625750"]
    writer.clear()
    assert reader.search(everything).total == 0 and reader.search(SearchQuery()).total == 0


def test_embedded_follows_successive_changes(tmp_path, search_documents):
    """Deletions and re-indexing in several rounds, each seen by a reader between them: the reader's inverted
    index keeps every earlier change and agrees with a freshly opened engine."""
    from search.backends.embedded import EmbeddedBackend

    path = str(tmp_path / "search.sqlite3")
    writer, reader = EmbeddedBackend(path), EmbeddedBackend(path)
    writer.index(search_documents)
    by_number = {d["identifier"]: d for d in search_documents}
    reader.search(SearchQuery(text="battery"))
    writer.delete([by_number["US8626679"]["id"]])
    assert "US8626679" not in numbers(reader.search(SearchQuery(text="battery", per_page=50)))
    writer.index([dict(by_number["US7583059"], title_en="Zeppelin battery mast")])
    reader.search(SearchQuery(text="zeppelin"))
    writer.delete([by_number["US5625750"]["id"]])
    for text in ("battery", "zeppelin", "catalyst", "锂电池", ""):
        query = SearchQuery(text=text, per_page=50, facets=FACET_FIELDS)
        followed, fresh = reader.search(query), EmbeddedBackend(path).search(query)
        assert numbers(followed) == numbers(fresh) and followed.facets == fresh.facets
    assert "US8626679" not in numbers(reader.search(SearchQuery(text="battery", per_page=50)))
    assert numbers(reader.search(SearchQuery(text="zeppelin"))) == ["US7583059"]


def test_search_without_highlighting(indexed):
    hits = search(indexed, "battery", highlight=False).hits
    assert hits and all(hit.highlights == {} for hit in hits)


def test_embedded_feedback_terms_rerank_but_never_add_matches(search_documents):
    """Pseudo-relevance feedback on a multi-word query: a word typical of its best matches (heliostat) lifts
    the other matches that have it, yet a document lacking a query word stays out however typical it is."""
    from search.backends.embedded import EmbeddedBackend

    template = dict(search_documents[0], title_zh="", abstract_zh="", description_zh="", description_en="",
                    patent_titles=[], ipc_titles_zh=[], ipc_titles_en=[], ipc_codes=[], ipc_class=[])
    groups = {
        "best": ("Solar panel heliostat", "A solar panel heliostat; the solar panel follows the sun."),
        "typical": ("Mounting device", "A bracket holding a solar panel and a heliostat mirror."),
        # Higher ids than "typical" (same publication date), so first on equal scores.
        "plain": ("Mounting device", "A bracket holding a solar panel and a steel frame."),
        "lacking": ("Solar heliostat", "A solar heliostat; the solar heliostat follows the sun."),
    }
    documents = [dict(template, id=900_000 + 100 * g + n, identifier=f"{name}{n}", title_en=title,
                      abstract_en=abstract)
                 for g, (name, (title, abstract)) in enumerate(groups.items()) for n in range(12)]
    backend = EmbeddedBackend(":memory:")
    backend.index(documents)
    found = numbers(backend.search(SearchQuery(text="solar panel", per_page=50)))
    assert sorted(found) == sorted(f"{group}{n}" for group in ("best", "typical", "plain") for n in range(12))
    groups_found = [number.rstrip("0123456789") for number in found]
    assert groups_found == ["best"] * 12 + ["typical"] * 12 + ["plain"] * 12


# --- hybrid retrieval: the nearest listings of the query's embedding join the lexical matches -------------------

def _takes_neighbours(engine):
    from search.backends.meili import MeilisearchBackend

    if isinstance(engine, MeilisearchBackend):
        pytest.skip("Meilisearch takes the query's `vector` (its own hybrid search), not neighbour ids")


def test_neighbours_join_the_matches_and_their_counts(indexed, search_documents):
    _takes_neighbours(indexed)
    catalyst = next(d for d in search_documents if d["identifier"] == "US5625750")
    lexical = search(indexed, "battery", facets=("province",))
    hybrid = search(indexed, "battery", facets=("province",), neighbours=((catalyst["id"], 0.83),))
    assert "US5625750" not in numbers(lexical) and "US5625750" in numbers(hybrid)
    assert hybrid.total == lexical.total + 1
    assert hybrid.facets["province"].get(catalyst["province"], 0) == lexical.facets["province"].get(
        catalyst["province"], 0) + 1
    hit = next(h for h in hybrid.hits if h.document["identifier"] == "US5625750")
    assert hit.similarity == pytest.approx(0.83)
    assert all(h.similarity is None for h in hybrid.hits if h is not hit)


def test_neighbours_obey_filters_and_price_bounds(indexed, search_documents):
    _takes_neighbours(indexed)
    unpriced = next(d for d in search_documents if d["price"] is None)
    other_province = next(d for d in search_documents if d["province"] != unpriced["province"])
    neighbours = ((unpriced["id"], 0.9), (other_province["id"], 0.8))
    priced = search(indexed, "zeppelin", price_min=1, neighbours=neighbours)
    assert unpriced["identifier"] not in numbers(priced)
    filtered = search(indexed, "zeppelin", filters={"province": [unpriced["province"]]}, neighbours=neighbours)
    assert numbers(filtered) == [unpriced["identifier"]] and filtered.total == 1


def test_neighbours_alone_are_the_matches_best_first(indexed, search_documents):
    _takes_neighbours(indexed)
    chosen = [search_documents[5], search_documents[2], search_documents[9]]
    results = search(indexed, neighbours=tuple((d["id"], 0.9 - n / 10) for n, d in enumerate(chosen)))
    assert numbers(results) == [d["identifier"] for d in chosen] and results.total == 3
    newest = search(indexed, neighbours=tuple((d["id"], 0.5) for d in chosen), sort="newest")
    assert [h.document["published_ts"] for h in newest.hits] == sorted(
        (d["published_ts"] for d in chosen), reverse=True)


def test_hybrid_ranking_fuses_lexical_and_neighbour_ranks(indexed, search_documents):
    """Reciprocal rank fusion: a listing found by both rankings beats one found by either alone; with all the
    weight on the semantic side the neighbours come first, in their order."""
    _takes_neighbours(indexed)
    lexical = search(indexed, "battery").hits
    assert len(lexical) >= 3
    last = lexical[-1]
    outsider = next(d for d in search_documents if d["identifier"] == "US5625750")
    neighbours = ((outsider["id"], 0.9), (last.listing_id, 0.8))
    fused = search(indexed, "battery", neighbours=neighbours)
    assert fused.hits[0].listing_id == last.listing_id
    semantic = search(indexed, "battery", neighbours=neighbours, semantic_weight=1.0)
    assert [h.listing_id for h in semantic.hits[:2]] == [outsider["id"], last.listing_id]
    assert [h.listing_id for h in search(indexed, "battery", neighbours=neighbours, semantic_weight=0.0).hits][
        :len(lexical)] == [h.listing_id for h in lexical]
