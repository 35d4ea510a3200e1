"""The public side: the service catalogue (a Wagtail page) with each agency's record, a product's page, the
agencies on public notice with the objection form, and the credit supervision list."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from vouchers.models import (
    Accreditation,
    Objection,
    ServiceCataloguePage,
    ServiceCategory,
    ServiceOrder,
    ServiceProduct,
)
from vouchers.selectors.catalogue import (
    CatalogueQuery,
    catalogue_search,
    notice_days_left,
    notices_public,
    sanctions_standing,
)
from vouchers.services.orders import order_place
from vouchers.services.sanctions import sanction_impose

pytestmark = pytest.mark.django_db


def make_agency(slug, name_zh, name_en, city, authority, status=Accreditation.Status.ACTIVE, **accreditation):
    agency = OrganisationFactory(name_zh=name_zh, name_en=name_en, slug=slug, city=city,
                                 kind=Organisation.Kind.SERVICE_AGENCY)
    Accreditation.objects.create(
        agency=agency, authority=authority, status=status, legal_entity=name_zh,
        unified_credit_code="91320594MA1X000001", legal_representative="赵六", founded=datetime.date(2012, 1, 1),
        premises="某路 1 号", staff_qualifications="代理师 3 名", services_and_prices="评估 2 万元", **accreditation)
    return agency


def make_product(agency, title_zh, price, category=ServiceCategory.PATENT_SEARCH, **fields):
    return ServiceProduct.objects.create(agency=agency, category=category, title_zh=title_zh, price=Decimal(price),
                                         description_zh=fields.pop("description_zh", "服务说明"), delivery_days=10,
                                         **fields)


def completed_orders(voucher, product, buyer, ratings, status=ServiceOrder.Status.CONFIRMED):
    """Orders of `product` taken to `status` with those ratings (set directly: only the record is under test)."""
    for rating in ratings:
        order = order_place(voucher=voucher, product=product, actor=buyer, price="100")
        ServiceOrder.objects.filter(pk=order.pk).update(status=status, rating=rating)


@pytest.fixture
def market(authority, agency, product, voucher, buyer):
    """Suzhou IP (the fixture agency, 10,000 patent search, two 5★ and one 3★ confirmed orders), a Nanjing agency
    (valuation 20,000, one 4★), a Wuxi agency on notice, a withdrawn product, a sanctioned agency."""
    programme = voucher.programme
    programme.categories = [*programme.categories, ServiceCategory.VALUATION]
    programme.save(update_fields=["categories"])
    completed_orders(voucher, product, buyer, [5, 5, 3])
    order_place(voucher=voucher, product=product, actor=buyer, price="100")  # placed: not completed
    nanjing = make_agency("nanjing-ip", "南京价值评估事务所", "Nanjing Valuation", "南京市", authority)
    valuation = make_product(nanjing, "知识产权价值评估", "20000", ServiceCategory.VALUATION, title_en="IP valuation",
                             description_en="Valuation for pledge financing")
    completed_orders(voucher, valuation, buyer, [4], status=ServiceOrder.Status.SETTLED)
    wuxi = make_agency("wuxi-ip", "无锡专利事务所", "", "无锡市", authority, status=Accreditation.Status.NOTICE,
                       notice_ends_at=timezone.now() + datetime.timedelta(days=3))
    make_product(wuxi, "无锡检索服务", "500")
    make_product(agency, "已撤下的服务", "1", active=False)
    cheater = make_agency("cheat-ip", "失信代理公司", "", "苏州市", authority)
    make_product(cheater, "低价检索", "50")
    sanction_impose(organisation=cheater, actor=MembershipFactory(organisation=authority).user,
                    kind="fraud", reason="虚开发票")
    return {"search": product, "valuation": valuation, "nanjing": nanjing, "wuxi": wuxi, "cheater": cheater}


def titles(query: CatalogueQuery) -> list[str]:
    return [product.title_zh for product in catalogue_search(query)]


def test_only_offered_products_of_active_unsanctioned_agencies(market):
    assert titles(CatalogueQuery()) == ["专利检索分析", "知识产权价值评估"]  # by price


def test_search_in_chinese_and_english_over_titles_descriptions_and_agency(market):
    assert titles(CatalogueQuery(q="价值")) == ["知识产权价值评估"]
    assert titles(CatalogueQuery(q="valuation")) == ["知识产权价值评估"]
    assert titles(CatalogueQuery(q="PLEDGE")) == ["知识产权价值评估"]  # English description, any case
    assert titles(CatalogueQuery(q="苏州知识产权")) == ["专利检索分析"]  # the agency's name
    assert titles(CatalogueQuery(q="侵权 检索")) == ["专利检索分析"]  # every word must match
    assert titles(CatalogueQuery(q="商标")) == []


def test_filter_by_category_and_city_and_sort(market):
    assert titles(CatalogueQuery(category=ServiceCategory.VALUATION)) == ["知识产权价值评估"]
    assert titles(CatalogueQuery(city="南京市")) == ["知识产权价值评估"]
    assert titles(CatalogueQuery(category="no-such")) == ["专利检索分析", "知识产权价值评估"]
    assert titles(CatalogueQuery(sort="-price")) == ["知识产权价值评估", "专利检索分析"]
    assert titles(CatalogueQuery(sort="rating")) == ["专利检索分析", "知识产权价值评估"]  # 4.33 before 4.0


def test_agency_record_in_one_query(market, django_assert_num_queries):
    with django_assert_num_queries(1):
        products = {p.title_zh: p for p in catalogue_search(CatalogueQuery())}
        record = {title: (p.orders_completed, p.rating_count, p.rating_average, p.agency.name_zh)
                  for title, p in products.items()}
    assert record["专利检索分析"][:2] == (3, 3)
    assert record["专利检索分析"][2] == pytest.approx(13 / 3)
    assert record["知识产权价值评估"][:3] == (1, 1, 4)


def test_an_agency_without_orders_has_an_empty_record(authority):
    fresh = make_agency("fresh", "新机构", "", "苏州市", authority)
    make_product(fresh, "专利培训", "800", ServiceCategory.TRAINING)
    product = catalogue_search(CatalogueQuery()).get()
    assert (product.orders_completed, product.rating_count, product.rating_average) == (0, 0, None)


def test_public_notices_and_sanctions_lists(market):
    assert [a.agency for a in notices_public()] == [market["wuxi"]]
    assert [(s.organisation, s.reason) for s in sanctions_standing()] == [(market["cheater"], "虚开发票")]


# --- Pages -------------------------------------------------------------------------------------------------

def test_setup_site_puts_the_catalogue_in_the_menu(site_pages, client):
    page = ServiceCataloguePage.objects.get()
    assert page.url == "/services/" and page.title == "知识产权服务超市" and page.title_en == "Service catalogue"
    assert page.show_in_menus and page.get_parent().specific == site_pages
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'href="/services/"' in html


def test_catalogue_page_searches_filters_and_pages(site_pages, market, client):
    response = client.get("/services/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "专利检索分析" in html and "知识产权价值评估" in html and "低价检索" not in html and "无锡检索服务" not in html
    assert "已完成 3 单" in html and "满意度 4.3 / 5（3 条评价）" in html
    assert response.context["cities"] == ["南京市", "苏州市"]  # of the agencies listed (not Wuxi's, on notice)
    response = client.get("/services/", {"q": "评估", "city": "南京市", "category": "valuation"})
    assert [p.title_zh for p in response.context["page_obj"]] == ["知识产权价值评估"]
    response = client.get("/services/", {"category": "nonsense", "page": "99"})  # ignored, nearest page
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 2
    assert response.context["form"].errors


def test_catalogue_pages_results(site_pages, authority, client):
    many = make_agency("many", "大型代理", "", "苏州市", authority)
    for number in range(25):
        make_product(many, f"服务{number:02d}", str(100 + number))
    first = client.get("/services/")
    assert len(first.context["page_obj"]) == 20 and 'rel="next"' in first.content.decode()
    assert len(client.get("/services/", {"page": 2}).context["page_obj"]) == 5


def test_product_page_shows_the_agency_card_and_the_order_link(site_pages, market, client):
    product = market["valuation"]
    response = client.get(f"/services/{product.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "南京价值评估事务所" in html and "苏州市市场监督管理局" in html
    assert f'href="/vouchers/enterprise/orders/new/?product={product.pk}"' in html
    assert client.get(f"/services/{market['wuxi'].service_products.get().pk}/").status_code == 404
    assert client.get("/services/999999/").status_code == 404
    redirect = client.get(reverse("vouchers:product", args=[product.pk]))
    assert redirect.status_code == 302 and redirect["Location"] == f"/services/{product.pk}/"


def test_product_address_works_without_the_catalogue_page(market, client):
    product = market["search"]
    response = client.get(reverse("vouchers:product", args=[product.pk]))
    assert response.status_code == 200 and "专利检索分析" in response.content.decode()
    sanctioned = market["cheater"].service_products.get()
    assert client.get(reverse("vouchers:product", args=[sanctioned.pk])).status_code == 404


def test_notice_page_offers_the_objection_form_to_signed_in_users(market, client, buyer):
    url = reverse("vouchers:notices")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无锡专利事务所" in html and "91320594MA1X000001" in html
    assert reverse("login") in html and 'name="reason"' not in html
    client.force_login(buyer)
    html = client.get(url).content.decode()
    assert 'name="reason"' in html


def test_raising_an_objection_from_the_notice_page(market, client, buyer):
    accreditation = Accreditation.objects.get(agency=market["wuxi"])
    post_url = reverse("vouchers:objection-create", args=[accreditation.pk])
    assert client.post(post_url, {"reason": "资质造假"})["Location"].startswith(reverse("login"))
    client.force_login(buyer)
    response = client.post(post_url, {"reason": "  "})
    assert response.status_code == 400 and not Objection.objects.exists()
    response = client.post(post_url, {"reason": "资质造假"})
    assert response.status_code == 302
    assert Objection.objects.get().raised_by == buyer
    # The notice ended meanwhile: the form comes back with the reason kept and a message.
    ended = timezone.now() - datetime.timedelta(hours=1)
    Accreditation.objects.filter(pk=accreditation.pk).update(notice_ends_at=ended)
    response = client.post(post_url, {"reason": "再次异议"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "再次异议" in response.content.decode()
    assert "only while the agency is on public notice" in response.content.decode()
    active = Accreditation.objects.get(agency=market["nanjing"])
    assert client.post(reverse("vouchers:objection-create", args=[active.pk]), {"reason": "x"}).status_code == 404


def test_sanctions_page(market, client):
    response = client.get(reverse("vouchers:sanctions"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200 and "失信代理公司" in html and "虚开发票" in html and "南京" not in html


def test_days_left_count_a_part_day_as_one():
    now = timezone.now()
    notice = Accreditation(notice_ends_at=now + datetime.timedelta(days=7))
    assert notice_days_left(notice, now) == 7
    assert notice_days_left(notice, now + datetime.timedelta(days=6, hours=23)) == 1
    assert notice_days_left(notice, now + datetime.timedelta(days=7)) == 0
    assert notice_days_left(Accreditation(), now) == 0
