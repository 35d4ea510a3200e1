"""Offer pages: the offer and counter-offer form (errors keep what was typed, status 400), the room's side-by-side
comparison, withdraw, accept with its confirmation; easy-access terms for the owner and the buyer's acceptance."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from cms.links import listing_url
from deals.easy_access import easy_access_terms_save
from deals.models import Agreement, Deal, EasyAccessTerms, Offer
from deals.offer_services import offer_make
from deals.terms import add_months
from marketplace.models import PatentPool

from ..factories import PatentFactory, PublishedListingFactory
from .offer_helpers import good_terms, open_deal, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def deal(listing, buyer_org, buyer):
    return open_deal(listing, buyer_org, buyer)


def _form_data(**changes) -> dict:
    start = date.today()
    data = {
        "deal_kind": "non_exclusive_licence", "field_of_use": "动力电池", "territory": "中国大陆",
        "start_date": start.isoformat(), "end_date": (start + timedelta(days=730)).isoformat(),
        "currency": "CNY", "upfront_fee": "120000", "royalty_rate": "3.5", "royalty_base": "net_sales",
        "minimum_annual_royalty": "20000", "reporting_period": "quarterly", "note": "请考虑",
        "milestones-TOTAL_FORMS": "2", "milestones-INITIAL_FORMS": "0",
        "milestones-0-label": "首次量产", "milestones-0-amount": "50000", "milestones-0-due_date": "",
        "milestones-1-label": "", "milestones-1-amount": "", "milestones-1-due_date": "",
    }
    data.update(changes)
    return data


def test_the_buyer_makes_an_offer_from_the_form(client, deal, buyer):
    client.force_login(buyer)
    url = reverse("deals:offer_create", args=[deal.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert [code for code, _label in page.context["form"].fields["deal_kind"].choices] == ["non_exclusive_licence"]
    response = client.post(url, _form_data())
    assert response.status_code == 302 and response.url == f"/deals/{deal.pk}/#offers"
    offer = Offer.objects.get(deal=deal)
    terms = offer.terms
    assert (offer.side, terms.upfront_fee, terms.royalty_rate, offer.note) == ("buyer", Decimal("120000.00"),
                                                                              Decimal("3.500"), "请考虑")
    assert [(m.label, m.amount) for m in terms.milestones] == [("首次量产", Decimal("50000.00"))]


@pytest.mark.parametrize("changes,field,message", [
    ({"upfront_fee": "abc"}, "upfront_fee", "Enter an amount"),
    ({"upfront_fee": "-5"}, "upfront_fee", "greater than zero"),
    ({"upfront_fee": "9999999999999"}, "upfront_fee", "too large"),
    ({"royalty_rate": "150"}, "royalty_rate", "between 0 and 100"),
    ({"royalty_rate": "NaN"}, "royalty_rate", "royalty rate such as"),
    ({"end_date": "2020-01-01"}, "end_date", "after the start date"),
    ({"start_date": "not a date"}, "start_date", "valid date"),
    ({"milestones-0-amount": "0"}, None, "greater than zero"),
])
def test_bad_input_shows_field_errors_and_keeps_what_was_typed(client, deal, buyer, changes, field, message):
    client.force_login(buyer)
    before = snapshot()
    response = client.post(reverse("deals:offer_create", args=[deal.pk]), _form_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field if field else "__all__", [])
    assert any(message in error for error in errors), form.errors
    page = response.content.decode()
    for value in changes.values():
        assert f'value="{value}"' in page
    assert 'value="动力电池"' not in page and "动力电池" in page  # the textarea keeps it too
    assert snapshot() == before


def test_a_counter_offer_starts_from_the_latest_offer(client, deal, buyer, seller, listing):
    offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id], upfront_fee=Decimal("88000")))
    client.force_login(seller)
    page = client.get(reverse("deals:offer_create", args=[deal.pk]))
    assert page.context["counter"] and page.context["form"].initial["upfront_fee"] == Decimal("88000.00")
    assert 'value="88000.00"' in page.content.decode() and 'value="首次量产"' in page.content.decode()
    response = client.post(reverse("deals:offer_create", args=[deal.pk]), _form_data(upfront_fee="99000"))
    assert response.status_code == 302
    assert list(deal.offers.order_by("pk").values_list("side", "status")) == [("buyer", "superseded"),
                                                                                ("seller", "live")]


def test_the_room_shows_the_latest_two_offers_with_changed_terms_marked(client, deal, buyer, seller, listing):
    offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    offer_make(deal=deal, author=seller, terms=good_terms([listing.patent_id], royalty_rate=Decimal("5")))
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert "Buyer's offer" in page and "Owner's counter-offer" in page
    assert page.count('class="offer-changed"') == 1  # only the royalty rate differs
    assert "5 %" in page and "3.5 %" in page and "Running royalty rate" in page
    assert reverse("deals:offer_accept", args=[deal.pk, deal.offers.get(status="live").pk]) in page
    assert "Offer history" in page


def test_the_room_in_chinese_shows_terms_in_chinese(client, deal, buyer, listing, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "普通许可" in page and "入门费" in page and "提成费" in page


def test_accepting_shows_the_terms_and_the_commission_first(client, deal, buyer, seller, listing, settings):
    settings.PLATFORM_COMMISSION_PERCENT = Decimal("3")
    offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    client.force_login(seller)
    url = reverse("deals:offer_accept", args=[deal.pk, offer.pk])
    page = client.get(url).content.decode()
    assert "commission of 3 %" in page and "CNY 6,000.00" in page and "CNY 200,000.00" in page
    assert Deal.objects.get().status == "open"  # the confirmation page changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert Deal.objects.get().status == "agreed" and Agreement.objects.get().offer == offer


def test_accepting_your_own_offer_from_the_page_is_refused(client, deal, buyer, listing):
    offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    client.force_login(buyer)
    url = reverse("deals:offer_accept", args=[deal.pk, offer.pk])
    assert "not open for you to accept" in client.get(url).content.decode()
    before = snapshot()
    response = client.post(url, follow=True)
    assert "cannot accept your own side&#x27;s offer" in response.content.decode()
    assert snapshot() == before


def test_withdrawing_from_the_room(client, deal, buyer, listing):
    offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    client.force_login(buyer)
    response = client.post(reverse("deals:offer_withdraw", args=[deal.pk, offer.pk]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_operators_and_outsiders_cannot_use_the_offer_pages(client, deal, buyer, listing, operator, outsider):
    offer = offer_make(deal=deal, author=buyer, terms=good_terms([listing.patent_id]))
    before = snapshot()
    client.force_login(operator)
    assert client.get(reverse("deals:offer_create", args=[deal.pk])).status_code == 403
    assert client.post(reverse("deals:offer_accept", args=[deal.pk, offer.pk])).status_code == 403
    client.force_login(outsider)
    for name in ("offer_accept", "offer_withdraw"):
        assert client.post(reverse(f"deals:{name}", args=[deal.pk, offer.pk])).status_code == 404
    assert client.post(reverse("deals:offer_create", args=[deal.pk]), _form_data()).status_code == 404
    assert snapshot() == before


def test_a_pool_offer_form_offers_the_whole_pool_or_chosen_patents(client, university, buyer_org, buyer):
    patents = [PatentFactory(title_en=f"Battery patent {n}") for n in range(3)]
    pool = PatentPool.objects.create(name_zh="电池专利池", slug="battery-pool", administrator=university)
    pool.patents.set(patents)
    listing = PublishedListingFactory(owner=university, patent=None, pool=pool, title_zh="电池专利池",
                                      title_en="Battery pool")
    deal = open_deal(listing, buyer_org, buyer)
    client.force_login(buyer)
    url = reverse("deals:offer_create", args=[deal.pk])
    page = client.get(url).content.decode()
    assert patents[0].publication_number in page and "Battery patent 0" in page
    response = client.post(url, _form_data(coverage="chosen"))
    assert response.status_code == 400 and "Choose at least one patent" in response.content.decode()
    client.post(url, _form_data(coverage="chosen", patent_ids=[patents[1].pk, patents[2].pk]))
    assert deal.offers.get().terms.patent_ids == tuple(sorted([patents[1].pk, patents[2].pk]))
    client.post(url, _form_data(coverage="pool"))
    assert len(deal.offers.get(status="live").terms.patent_ids) == 3
    room = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert "The whole pool (3 patents)" in room


# Easy access

def _easy_data(**changes) -> dict:
    data = {"enabled": "on", "duration_months": "24", "field_of_use": "", "territory": "中国大陆", "currency": "CNY",
            "upfront_fee": "10000", "royalty_rate": "2", "royalty_base": "net_sales",
            "minimum_annual_royalty": "0", "reporting_period": "annually"}
    data.update(changes)
    return data


def test_the_owner_sets_easy_access_terms(client, listing, seller, outsider):
    url = reverse("deals:easy_access_edit", args=[listing.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, _easy_data()).status_code == 404
    client.force_login(seller)
    assert client.get(url).status_code == 200
    bad = client.post(url, _easy_data(royalty_rate="120", upfront_fee="x"))
    assert bad.status_code == 400 and not EasyAccessTerms.objects.exists()
    assert 'value="120"' in bad.content.decode()
    assert client.post(url, _easy_data()).status_code == 302
    easy = EasyAccessTerms.objects.get(listing=listing)
    assert (easy.enabled, easy.duration_months, easy.updated_by) == (True, 24, seller)
    assert easy.terms_data["upfront_fee"] == "10000.00" and "start_date" not in easy.terms_data
    assert reverse("deals:easy_access_edit", args=[listing.pk]) in client.get(
        reverse("dashboard_listing_edit", args=[listing.pk])).content.decode()


def test_easy_access_terms_cannot_run_past_the_patent(client, listing, seller):
    listing.patent.expiry_date = date.today() + timedelta(days=200)
    listing.patent.save()
    client.force_login(seller)
    response = client.post(reverse("deals:easy_access_edit", args=[listing.pk]), _easy_data())
    assert response.status_code == 400 and "cannot run past it" in response.content.decode()


def test_a_buyer_accepts_the_easy_access_licence_from_the_listing_page(client, site_pages, listing, seller,
                                                                       buyer, buyer_org):
    listing.deal_types.add("exclusive_licence")
    easy_access_terms_save(listing=listing, actor=seller, terms=good_terms([], milestones=()), duration_months=12,
                           enabled=True)
    client.force_login(buyer)
    page = client.get(listing_url(listing)).content.decode()
    accept_url = reverse("deals:easy_access_accept", args=[listing.pk])
    assert accept_url in page and "Easy-access licence" in page
    confirm = client.get(accept_url).content.decode()
    assert "Non-exclusive licence" in confirm and "commission of 3 %" in confirm
    assert not Deal.objects.exists()
    response = client.post(accept_url)
    assert response.status_code == 302, response.context["form"].errors
    deal = Deal.objects.get()
    assert response.status_code == 302 and response.url == f"/deals/{deal.pk}/#offers"
    offer = deal.offers.get()
    assert (deal.status, offer.status, offer.easy_access, offer.side) == ("agreed", "accepted", True, "seller")
    terms = offer.terms
    assert (terms.deal_kind, terms.start_date) == ("non_exclusive_licence", date.today())
    assert terms.end_date == add_months(date.today(), 12)
    assert Agreement.objects.get(deal=deal).terms_data == offer.terms_data
    again = client.post(accept_url)
    assert again.status_code == 400 and "already" in again.content.decode()


def test_the_owner_and_switched_off_terms_offer_no_easy_access(client, site_pages, listing, seller, buyer):
    easy_access_terms_save(listing=listing, actor=seller, terms=good_terms([], milestones=()), duration_months=12,
                           enabled=False)
    client.force_login(buyer)
    assert client.get(reverse("deals:easy_access_accept", args=[listing.pk])).status_code == 404
    assert reverse("deals:easy_access_accept", args=[listing.pk]) not in client.get(listing_url(listing)).content.decode()
    EasyAccessTerms.objects.update(enabled=True)
    client.force_login(seller)
    before = snapshot()
    response = client.post(reverse("deals:easy_access_accept", args=[listing.pk]))
    assert response.status_code == 400 and "owns this listing" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("day,months,expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 29), 14, date(2028, 1, 29)), (date(2026, 12, 31), 12, date(2027, 12, 31)),
])
def test_an_easy_access_term_ends_the_same_day_months_later(day, months, expected):
    assert add_months(day, months) == expected
