"""Listings built from real records (tests/search/data) and the search engines under test."""

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.models import Organisation, Patent, PatentPool
from search.documents import listing_documents
from tests.factories import OrganisationFactory, PatentFactory, PublishedListingFactory

RECORDS = json.loads((Path(__file__).parent / "data" / "records.json").read_text(encoding="utf-8"))
# Classes for the English-only US records (they carry none), so cross-language search via IPC titles is testable.
US_CLASSES = {"US5269177": "A63", "USD349814": "A63", "US5864973": "B42", "US9361534": "G06", "US5511134": "G06",
              "US8626679": "H01", "US7583059": "H01", "US5625750": "F01", "US8297047": "F01"}
DEAL_TYPES = ["assignment", "exclusive_licence", "non_exclusive_licence"]
OWNER_KINDS = [Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE, Organisation.Kind.ENTERPRISE]
PROVINCES = ["北京市", "上海市", "广东省"]


def _patent(record: dict) -> Patent:
    number = record["publication_number"]
    klass = record.get("ipc_class") or US_CLASSES.get(number, "")
    return PatentFactory(
        publication_number=number,
        jurisdiction=number[:2],
        kind_code="",
        title_zh=record.get("title_zh", ""),
        title_en=record.get("title_en", ""),
        abstract_en=record.get("abstract_en", ""),
        ipc_main=record.get("ipc_main", ""),
        ipc_codes=record.get("ipc_codes", []),
        ipc_section=klass[:1],
        ipc_class=klass,
        applicants=record.get("applicants", []),
        inventors=record.get("inventors", []),
        province=record.get("province", ""),
        city=record.get("city", ""),
        legal_status=Patent.LegalStatus.GRANTED if number.endswith(("B", "C")) or number.startswith("US")
        else Patent.LegalStatus.PENDING,
    )


@pytest.fixture
def search_listings(db):
    """About forty published listings from real records with varied owners, deal types, prices and dates.

    Listing n (0-based) is published n days ago; every third has no price; the factory's
    “一种锂离子电池正极材料的制备方法” is listing 0; one pool bundles the two hydrogen-storage patents.
    """
    owners = [
        OrganisationFactory(name_zh=f"测试机构{i}", name_en=f"Test organisation {i}", kind=OWNER_KINDS[i % 3],
                            province=PROVINCES[i % 3], city=PROVINCES[i % 3])
        for i in range(6)
    ]
    now = timezone.now()
    listings = []
    patents = [PatentFactory(expiry_date=date(2030, 1, 1)), *(_patent(record) for record in RECORDS)]
    for n, patent in enumerate(patents):
        listings.append(PublishedListingFactory(
            owner=owners[n % len(owners)],
            patent=patent,
            asking_price=None if n % 3 == 2 else Decimal(10_000 * (n + 1)),
            price_negotiable=n % 3 == 2,
            published_at=now - timedelta(days=n),
            sector="new_energy" if "H01" in patent.ipc_class else "other",
            deal_types=[DEAL_TYPES[n % 3]] + (["assignment"] if n % 5 == 0 else []),
        ))
    hydrogen = [p for p in patents if "储氢" in p.title_zh]
    pool = PatentPool.objects.create(name_zh="储氢材料专利池", name_en="Hydrogen storage materials pool",
                                     slug="hydrogen-pool", administrator=owners[0])
    pool.patents.set(hydrogen)
    listings.append(PublishedListingFactory(
        owner=owners[0], patent=None, pool=pool, title_zh=pool.name_zh, title_en=pool.name_en,
        asking_price=Decimal("500000"), price_negotiable=False, published_at=now - timedelta(days=100),
        deal_types=["non_exclusive_licence"],
    ))
    return listings


@pytest.fixture
def search_documents(search_listings):
    return list(listing_documents())


def _engines():
    yield pytest.param("embedded", id="embedded")
    yield pytest.param("meilisearch", id="meilisearch", marks=[
        pytest.mark.meilisearch,
        pytest.mark.skipif(not settings.MEILISEARCH_URL, reason="MEILISEARCH_URL is not set: no Meilisearch server"),
    ])


@pytest.fixture(params=list(_engines()))
def engine(request):
    """A fresh, empty index of each engine (Meilisearch: a unique index per test, deleted afterwards)."""
    if request.param == "embedded":
        from search.backends.embedded import EmbeddedBackend

        backend = EmbeddedBackend(":memory:")
        backend.configure()
        yield backend
        return
    from search.backends.meili import MeilisearchBackend

    backend = MeilisearchBackend(index_prefix=f"test_{uuid.uuid4().hex[:12]}_", wait=True)
    backend.configure()
    yield backend
    backend.client.delete_index(backend.uid)


@pytest.fixture
def indexed(engine, search_documents):
    engine.index(search_documents)
    return engine



@pytest.fixture
def semantic(settings, tmp_path):
    """Semantic retrieval switched on, with the test embedder (tests/search/embedder.py, returned) and a vector
    index of the test's own."""
    from search.semantic import vector_index
    from search.semantic.embedders import get_embedder
    from search.semantic.selectors import _query_vector_bytes

    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_EMBEDDER = "tests.search.embedder.ConceptEmbedder"
    settings.SEARCH_VECTOR_INDEX_DIR = tmp_path / "vectors"
    embedder = get_embedder()
    embedder.calls.clear()
    _query_vector_bytes.cache_clear()
    yield embedder
    vector_index._views.clear()
