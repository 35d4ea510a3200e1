"""The zh-hans catalogue is complete and compiled, and key pages show no UI text of the other language."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.users.models import UserProfile

from marketplace.models import DealType

from .factories import DemandFactory, ListingFactory, PublishedListingFactory
from .search.matching_fixtures import search_index

__all__ = ["search_index"]

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Shown in their own language on purpose: the language switcher names the other language in that language.
LANGUAGE_NAMES = {"English", "简体中文"}
# A few labels checked by name both ways (nav, search, cards, detail, dashboard, alerts, moderation).
KNOWN_LABELS = {
    "Dashboard": "工作台",
    "Log out": "退出",
    "Latest listings": "最新发布",
    "Interested?": "有意向？",
    "Deal terms": "交易条件",
    "Technology demands": "技术需求",
    "Saved searches": "保存的搜索",
    "Contact the owner": "联系权利人",
    "Approve and publish": "通过并发布",
    "Refine": "筛选",
}


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_message_is_translated(catalogue):
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    assert catalogue.obsolete_entries() == []
    assert not catalogue.metadata_is_fuzzy


def test_compiled_catalogue_matches_the_po(catalogue):
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue.translated_entries():
        context = entry.msgctxt
        if entry.msgid_plural:
            found = (compiled.npgettext(context, entry.msgid, entry.msgid_plural, 1) if context
                     else compiled.ngettext(entry.msgid, entry.msgid_plural, 1))
            assert found == entry.msgstr_plural[0], entry.msgid
        else:
            found = compiled.pgettext(context, entry.msgid) if context else compiled.gettext(entry.msgid)
            assert found == entry.msgstr, entry.msgid
    # A message with a context is stored under "context\x04message".
    in_mo = {key if isinstance(key, str) else key[0] for key in compiled._catalog if key}
    in_po = {f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
             for entry in catalogue.translated_entries()}
    assert in_mo == in_po, "the .mo is stale: run `manage.py compilemessages`"


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read (placeholder, aria-label, title, alt), each stripped."""

    READ_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}

    def __init__(self):
        super().__init__()
        self.nodes: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.nodes.update(value.strip() for name, value in attrs if name in self.READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.add(" ".join(data.split()))


def visible_text(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.nodes


@pytest.fixture
def pages(client, operator, site_pages, search_index, django_capture_on_commit_callbacks):
    """The key pages, seen by an operator (who sees the dashboard, alerts, matches and moderation)."""
    listing = PublishedListingFactory(owner__contact_email="tto@example.cn")
    submitted = ListingFactory(status="submitted")
    search_index(listing)
    demand = DemandFactory(organisation=operator.organisations.get())
    client.force_login(operator)
    return [
        "/",
        f"/listings/{listing.pk}/",
        "/search/?q=锂电池",
        "/search/?q=锂电池&deal_type=barter",  # a value left out, with a message
        "/dashboard/",
        "/alerts/",
        f"/demands/{demand.pk}/matches/",
        "/admin/listing-moderation/",
        f"/admin/listing-moderation/{submitted.pk}/",
    ]


def render(client, user, url: str, language: str) -> set[str]:
    # Wagtail's admin speaks the language of the user's admin profile, the site that of the request.
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(preferred_language=language)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def test_key_pages_show_no_english_ui_text_in_chinese(client, operator, pages, catalogue):
    english_ui = {entry.msgid for entry in catalogue.translated_entries()
                  if entry.msgid != entry.msgstr and re.search("[A-Za-z]{2}", entry.msgid)} - LANGUAGE_NAMES
    english_ui |= set(DealType.objects.values_list("name_en", flat=True))  # reference data is bilingual too
    seen = set()
    for url in pages:
        text = render(client, operator, url, "zh-hans")
        seen |= text
        assert not text & english_ui, url
    assert set(KNOWN_LABELS.values()) <= seen and not set(KNOWN_LABELS) & seen


def test_key_pages_show_no_chinese_ui_text_in_english(client, operator, pages, catalogue):
    chinese_ui = {entry.msgstr for entry in catalogue.translated_entries() if CJK.search(entry.msgstr)}
    chinese_ui |= set(DealType.objects.values_list("name_zh", flat=True))
    seen = set()
    for url in pages:
        text = render(client, operator, url, "en")
        seen |= text
        assert not text & (chinese_ui - LANGUAGE_NAMES), url
    assert set(KNOWN_LABELS) <= seen and not set(KNOWN_LABELS.values()) & seen
