"""Polish users notice: workflow states in words, one money format, the listing form's "Offer", admin plurals."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.template.loader import render_to_string
from django.utils import translation

from cms.templatetags.ipmarket import amount, money
from marketplace.models import Listing
from marketplace.workflow import history, record_event
from search.documents import listing_documents

from .factories import PublishedListingFactory, UserFactory

pytestmark = pytest.mark.django_db
OUR_APPS = {"cms", "marketplace", "search", "deals", "payments", "vouchers", "licences", "operations", "navigation", "api"}
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (500_000, "", "CNY 500,000"), (Decimal("500000.00"), "CNY", "CNY 500,000"), (Decimal("1234.5"), "USD", "USD 1,234.50"),
    (0, "", "CNY 0"), (None, "CNY", ""),
])
def test_money_is_written_one_way(amount, currency, shown):
    assert money(amount, currency) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("717500.00"), "717,500"), (Decimal("1234.5"), "1,234.50"), (2020, 2020), (24870895, 24870895), ("北京市", "北京市"),
])
def test_amounts_in_tables_are_grouped_like_money_and_nothing_else_changes(value, shown):
    assert amount(value) == shown


def test_listing_pages_and_search_cards_show_prices_the_same_way(client, site_pages, site_index):
    listing = PublishedListingFactory(asking_price=Decimal("500000.00"), currency="CNY")
    site_index.index(listing_documents())
    pages = [client.get("/").content.decode(), client.get(f"/listings/{listing.pk}/").content.decode(),
             client.get("/search/").content.decode()]
    for html in pages:
        assert "CNY 500,000" in html
        assert "500000" not in html.replace("price_", "") and "¥" not in html


def test_history_names_states_in_the_readers_language(university_member):
    listing = PublishedListingFactory(status=Listing.Status.SUBMITTED)
    record_event(listing, action="submit", from_state="draft", to_state="submitted", actor=university_member)
    record_event(listing, action="create", to_state="draft", actor=university_member)
    for language, words in (("zh-hans", ("由“草稿”变为“待审核”", "现为“草稿”")),
                            ("en", ("from “Draft” to “Submitted for review”", "now “Draft”"))):
        html = _history_in(language, listing)
        assert all(word in html for word in words), html
        assert "→" not in html and "“draft”" not in html and "“submitted”" not in html
    assert not re.search("draft|submitted", html_zh := _history_in("zh-hans", listing)), html_zh


def _history_in(language: str, listing) -> str:
    with translation.override(language):
        return render_to_string("cms/includes/history.html", {"events": history(listing)})


def test_the_listing_forms_offer_section_is_not_called_patent_or_pool(client, university_member, site_pages):
    client.force_login(university_member)
    html = client.get("/dashboard/listings/new/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<legend>挂牌内容与条件</legend>" in html and "专利 / 专利池" not in html


def test_every_model_names_its_plural():
    """Django adds an "s" to a verbose name without a plural: "交易方式s" in the Chinese admin."""
    models = [model for model in apps.get_models() if model._meta.app_label in OUR_APPS]
    assert [m.__name__ for m in models if "verbose_name_plural" not in m._meta.original_attrs] == []
    with translation.override("zh-hans"):
        latin_s = [str(m._meta.verbose_name_plural) for m in models
                   if re.search(f"{CJK.pattern}s$", str(m._meta.verbose_name_plural))]
    assert latin_s == []


def test_the_chinese_admin_index_has_no_english_plural_endings(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/django-admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "交易方式" in html and not re.search(f"{CJK.pattern}s<", html)
