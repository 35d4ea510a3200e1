"""A patent's legal status is shown with its date and source, and its data source as a readable attribution."""

import datetime

import pytest

from marketplace.data_sources import CNIPA_DATABASE_EXPORTS, ENTERED_BY_OWNER
from marketplace.models import Patent
from search.documents import listing_documents

from .factories import PatentFactory, PublishedListingFactory

pytestmark = pytest.mark.django_db
EXPORTED = {"publication_number": "CN113347225A", "kind_code": "A", "legal_status": Patent.LegalStatus.GRANTED,
            "legal_status_source": Patent.LegalStatusSource.EXPORT,
            "legal_status_as_of": datetime.date(2022, 12, 19), "source": CNIPA_DATABASE_EXPORTS,
            "application_date": datetime.date(2021, 4, 19), "expiry_date": datetime.date(2041, 4, 19)}


def test_listing_page_shows_status_date_source_and_attribution_in_both_languages(client, site_pages):
    listing = PublishedListingFactory(patent=PatentFactory(**EXPORTED))
    chinese = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "有效（截至 2022-12-19，来源：数据导出）" in chinese
    assert "国家知识产权局公开的专利文献，取自 GitHub 上公开的 incoPat 与 Patentics 导出数据" in chinese
    assert "2041-04-19" in chinese
    english = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In force as of 2022-12-19, source: exported record" in english
    assert "from incoPat and Patentics exports published on GitHub" in english
    for page in (chinese, english):
        assert CNIPA_DATABASE_EXPORTS not in page and "demo slice" not in page


def test_a_patent_entered_by_hand_says_so_in_words(client, site_pages):
    patent = PatentFactory(source=ENTERED_BY_OWNER, legal_status=Patent.LegalStatus.PENDING,
                           legal_status_source=Patent.LegalStatusSource.PUBLICATION, legal_status_as_of=None)
    listing = PublishedListingFactory(patent=patent)
    html = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "由挂牌机构填写" in html and "数据来源</dt><dd>manual" not in html
    assert "审查中（来源：据公告文献推定，日期不详）" in html


def test_search_cards_show_the_status_with_its_date_and_source(client, site_pages, site_index):
    PublishedListingFactory(patent=PatentFactory(**EXPORTED))
    PublishedListingFactory(patent=PatentFactory(publication_number="CN113000001A"))  # status without a source
    site_index.index(list(listing_documents()))
    response = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en")
    statuses = {card.identifier: card.legal_statuses for card in response.context["cards"]}
    assert statuses["CN113347225A"] == [("granted", "In force as of 2022-12-19, source: exported record")]
    assert statuses["CN113000001A"] == [("granted", "In force")]
    assert "In force as of 2022-12-19, source: exported record" in response.content.decode()
