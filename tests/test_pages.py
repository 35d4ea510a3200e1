import datetime
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Site

from cms.models import GuidePage, HomePage, ListingIndexPage, NewsIndexPage, NewsPage, OrganisationIndexPage
from marketplace.models import Listing, Organisation, PatentPool, PoolMember
from search.backends.base import SearchUnavailable
from search.documents import listing_documents

from .factories import (
    DemandFactory, ListingFactory, MembershipFactory, OrganisationFactory, PatentFactory, PublishedListingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_setup_site_builds_the_tree_once(site_pages):
    call_command("setup_site", stdout=__import__("io").StringIO())
    assert Site.objects.get(is_default_site=True).root_page.specific == site_pages
    assert HomePage.objects.count() == 1
    assert ListingIndexPage.objects.get().url == "/listings/"
    assert OrganisationIndexPage.objects.get().url == "/organisations/"
    assert NewsIndexPage.objects.get().url == "/news/"
    assert NewsPage.objects.count() == 3
    assert GuidePage.objects.get().title == "如何发布专利"


def test_home_page_shows_counts_latest_listings_sectors_and_sections(client, site_pages, site_index):
    PublishedListingFactory(title_zh="石墨烯导热膜")
    DemandFactory()
    site_index.index(listing_documents())
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "石墨烯导热膜" in html
    assert response.context["counts"] == {"listings": 1, "pools": 0, "owners": 1, "open_demands": 1}
    assert 'href="/search/?ipc_section=H"' in html and 'href="/search/?sector=new_energy"' in html
    assert 'name="q"' in html and 'action="/search/"' in html
    assert "<title>知识产权运营交易中心</title>" in html


def test_home_page_figures_are_the_search_page_facet_counts(client, site_pages, site_index):
    """The tiles link to facets of the search page, so they count what the facets count: the index, where a
    pool of patents in two sections counts once in each (the database's per-patent count did not)."""
    PublishedListingFactory.create_batch(2, sector="new_energy")
    PublishedListingFactory(patent=PatentFactory(ipc_section="C", ipc_class="C22", ipc_main="C22C21/00"))
    pool = PatentPool.objects.create(name_zh="混合专利池", slug="mixed-pool", administrator=OrganisationFactory())
    pool.patents.set([PatentFactory(ipc_section="A", ipc_class="A61", ipc_main="A61K9/00"),
                      PatentFactory(ipc_section="C", ipc_class="C22", ipc_main="C22C1/00")])
    PublishedListingFactory(patent=None, pool=pool, title_zh=pool.name_zh, title_en="", sector="biomedicine")
    ListingFactory(sector="new_energy")  # a draft: counted nowhere
    site_index.index(listing_documents())
    home = client.get("/").context
    search = client.get("/search/").context
    facets = {f.field: {v.value: v.count for v in [*f.values, *f.more]} for f in search["facets"]}
    assert home["counts"]["listings"] == search["results"].total == 4
    assert home["counts"]["pools"] == facets["kind"]["pool"] == 1
    assert {section.code: n for section, n in home["sections"] if n} == facets["ipc_section"] == {"H": 2, "C": 2, "A": 1}
    assert {value: n for value, _label, n in home["sectors"] if n} == facets["sector"]


def test_home_page_without_the_search_engine_still_links_the_tiles(client, site_pages):
    PublishedListingFactory(sector="new_energy")
    with mock.patch("search.selectors.get_backend", side_effect=SearchUnavailable("down")):
        response = client.get("/")
    assert response.status_code == 200
    assert 'href="/search/?sector=new_energy"' in response.content.decode()
    assert all(count is None for _value, _label, count in response.context["sectors"])


def test_listing_index_is_the_search_page_for_good(client, site_pages):
    response = client.get("/listings/")
    assert response.status_code == 301 and response["Location"] == "/search/"


@pytest.mark.parametrize(("old", "new"), [
    ({"q": "锂电池"}, {"q": ["锂电池"]}),
    ({"sector": "new_energy", "page": "2"}, {"sector": ["new_energy"], "page": ["2"]}),
    ({"ipc_section": "H", "ipc_class": "H01", "owner_kind": "university", "legal_status": "granted",
      "province": "北京市"},
     {"ipc_section": ["H"], "ipc_class": ["H01"], "owner_kind": ["university"], "legal_status": ["granted"],
      "province": ["北京市"]}),
    ({"offer": "pool", "q": ""}, {"kind": ["pool"]}),
    ({"deal_type": ["assignment", "exclusive_licence"]}, {"deal_type": ["assignment", "exclusive_licence"]}),
    ({"unknown": "x"}, {}),
])
def test_old_listing_filter_addresses_redirect_to_the_same_search(client, site_pages, old, new):
    response = client.get("/listings/", old)
    assert response.status_code == 301
    location = urlsplit(response["Location"])
    assert location.path == "/search/" and parse_qs(location.query) == new


def test_an_owner_filter_becomes_the_owner_name_in_the_words(client, site_pages):
    owner = OrganisationFactory(name_zh="北京理工大学", slug="bit")
    response = client.get("/listings/", {"owner": owner.slug, "q": "电池"})
    assert parse_qs(urlsplit(response["Location"]).query) == {"q": ["电池 北京理工大学"]}


def test_menu_and_footer_send_browsing_to_the_search_page(client, site_pages):
    html = client.get("/news/").content.decode()
    assert 'href="/search/"' in html and 'href="/listings/"' not in html


def test_listing_detail_shows_every_patent_fact_in_both_languages(client, site_pages):
    patent = PatentFactory(
        application_number="CN201510012345.6", abstract_zh="本发明公开了一种正极材料。",
        abstract_en="A cathode material is disclosed.", claims="1. 一种正极材料，其特征在于……",
        ipc_codes=["H01M4/58", "H01M10/0525"], inventors=["王五"], agency="北京专利事务所",
        application_date=datetime.date(2015, 1, 9), family_size=4, expiry_date=None,
    )
    owner = OrganisationFactory(contact_email="tto@example.cn")
    listing = PublishedListingFactory(patent=patent, owner=owner, asking_price=None)
    response = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["一种锂离子电池正极材料的制备方法", "Method for preparing cathode material of lithium ion battery",
                 patent.publication_number, "CN201510012345.6", "本发明公开了一种正极材料。",
                 "A cathode material is disclosed.", "王五", "北京专利事务所", "H01M10/0525", "基本电气元件",
                 "mailto:tto@example.cn", f"/organisations/{owner.slug}/"]:
        assert text in html, text
    # No expiry date stored, but filed 2015-01-09: the term ends by 2035-01-09 at the latest, never invented.
    assert "最迟于 2035-01-09" in html


def test_pool_listing_shows_members_shares_and_terms(client, site_pages):
    admin_org, member = OrganisationFactory(), OrganisationFactory(name_zh="成员研究所")
    pool = PatentPool.objects.create(name_zh="新能源专利池", slug="ne-pool", administrator=admin_org,
                                     royalty_rate="3.50", territory="中国大陆")
    pool.patents.set([PatentFactory(), PatentFactory()])
    PoolMember.objects.create(pool=pool, organisation=admin_org, share="60")
    PoolMember.objects.create(pool=pool, organisation=member, share="40")
    listing = PublishedListingFactory(owner=admin_org, patent=None, pool=pool, title_zh="新能源专利池", title_en="")
    html = client.get(f"/listings/{listing.pk}/").content.decode()
    assert "成员研究所" in html and "40.00 %" in html and "3.50 %" in html and "中国大陆" in html


def test_unpublished_listing_is_404_except_for_owner_members_and_operators(client, site_pages, operator):
    member = MembershipFactory().user
    listing = ListingFactory(owner=member.organisations.get(), status=Listing.Status.SUBMITTED)
    url = f"/listings/{listing.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    client.force_login(operator)
    assert client.get(url).status_code == 200


def test_organisation_index_and_profile(client, site_pages):
    owner = OrganisationFactory(name_zh="华南理工大学", slug="scut")
    PublishedListingFactory(owner=owner, title_zh="华南成果")
    OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, name_zh="某科技公司")
    index = client.get("/organisations/", {"kind": "university"})
    assert index.status_code == 200
    assert "华南理工大学" in index.content.decode() and "某科技公司" not in index.content.decode()
    profile = client.get("/organisations/scut/")
    assert profile.status_code == 200 and "华南成果" in profile.content.decode()
    assert client.get("/organisations/no-such-org/").status_code == 404


def test_news_and_guide_pages(client, site_pages):
    news = client.get("/news/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert news.status_code == 200 and "知识产权强市" in news.content.decode()
    assert client.get("/news/", {"category": "policy"}).context["page_obj"].paginator.count == 3
    item = client.get("/news/ip-strong-cities-guidance-2016/", HTTP_ACCEPT_LANGUAGE="en")
    assert item.status_code == 200 and "CNIPA issues guidance on building IP-strong cities" in item.content.decode()
    guide = client.get("/how-to-list-a-patent/", HTTP_ACCEPT_LANGUAGE="en")
    assert guide.status_code == 200 and "How to list a patent" in guide.content.decode()


def test_standard_page_renders_bilingual_body(client, site_pages):
    from cms.models import StandardPage

    page = StandardPage(title="关于我们", title_en="About us", slug="about", intro="中心简介", intro_en="About the centre")
    site_pages.add_child(instance=page)
    assert "关于我们" in client.get("/about/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "About us" in english and "About the centre" in english


def test_language_switch_changes_ui_strings(client, site_pages):
    assert "登录" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert "Log in" in html and "登录" not in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "最新发布" in client.get("/").content.decode()
