"""User-facing polish: alert emails in the recipient's language, clean IPC titles, English place names, and
the listing page's contact card: one inquiry button (naming the match that proposed the listing), counted only
once a message is sent."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.template import Context, Template
from django.utils import translation

from marketplace.ipc import ipc_title_clean
from marketplace.models import Demand, IpcClass
from marketplace.regions import PROVINCES, place_name, region_name
from search.alerts.services import _deliver as alert_deliver
from search.alerts.services import alert_email_send
from search.matching import match_listing
from search.matching.services import match_proposals_record
from search.models import AlertDelivery, DemandSubscription

from .factories import MembershipFactory, OrganisationFactory, PublishedListingFactory, UserFactory
from .search.matching_fixtures import battery_listing, search_index, sme_demand

__all__ = ["search_index"]

pytestmark = pytest.mark.django_db


# Alert emails ---------------------------------------------------------------------------------------------

def _alert_for(user_language: str) -> AlertDelivery:
    listing = battery_listing(owner__contact_email="tto@example.cn")
    demand = sme_demand(ipc_hints=["H01M"])
    recipient = demand.created_by
    recipient.preferred_language = user_language
    recipient.save(update_fields=["preferred_language"])
    match_proposals_record(matches=match_listing(listing=listing))
    subscription = DemandSubscription.objects.create(demand=demand, user=recipient)
    assert alert_deliver(listing, recipient.pk, {"demand_subscription": subscription})  # with its notification
    return AlertDelivery.objects.get(listing=listing, user=recipient)


@pytest.mark.parametrize("active", ["zh-hans", "en"])
def test_alert_email_speaks_the_recipients_language_whatever_is_active(site_pages, active):
    english = _alert_for("en")
    chinese = _alert_for("zh-hans")
    with translation.override(active):  # a task runs in whatever language the worker has
        assert alert_email_send(delivery_id=english.pk) and alert_email_send(delivery_id=chinese.pk)
    to_english, to_chinese = mail.outbox
    html_en, html_zh = (message.alternatives[0][0] for message in mail.outbox)

    assert to_english.subject.startswith("New match: ") and "Method for preparing cathode" in to_english.subject
    assert "A new listing matches your demand" in to_english.body and "See the listing:" in to_english.body
    assert "In another region (Beijing)." in to_english.body and "Shared terms:" in to_english.body
    assert 'lang="en"' in html_en and "Stop these alerts" in html_en
    assert "查看发布" not in to_english.body + html_en

    assert to_chinese.subject.startswith("新匹配：") and "一种锂离子电池正极材料" in to_chinese.subject
    assert "有新发布与您的需求" in to_chinese.body and "查看发布：" in to_chinese.body
    assert "位于其他地区（北京市）。" in to_chinese.body and "共同关键词" in to_chinese.body
    assert 'lang="zh-hans"' in html_zh and "停止这些提醒" in html_zh
    assert "See the listing" not in to_chinese.body + html_zh


# IPC titles -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw, clean",
    [
        ("部--化学；冶金", "化学；冶金"),
        ("FORESTRY ;ANIMAL HUSBANDRY ;HUNTING", "FORESTRY; ANIMAL HUSBANDRY; HUNTING"),
        ("焙烤；制作或处理面团的设备；焙烤用面团〔1，8〕", "焙烤；制作或处理面团的设备；焙烤用面团"),
        ("本部其他类目中不包括的技术主题〔８〕", "本部其他类目中不包括的技术主题"),
        ("LINING MACHINES;TYPEWRITERS;STAMPS[4]", "LINING MACHINES; TYPEWRITERS; STAMPS"),
        ("INFORMATION AND COMMUNICATION TECHNOLOGY [ICT] SPECIALLY ADAPTED[8]",
         "INFORMATION AND COMMUNICATION TECHNOLOGY [ICT] SPECIALLY ADAPTED"),
        ("  WEARING  APPAREL ", "WEARING APPAREL"),
    ],
)
def test_ipc_titles_lose_prefixes_edition_markers_and_spacing_artefacts(raw, clean):
    assert ipc_title_clean(raw) == clean


def test_reference_data_is_loaded_clean():
    assert IpcClass.objects.get(code="C").title_zh == "化学；冶金"
    assert IpcClass.objects.get(code="A01").title_en.startswith("FORESTRY; ANIMAL HUSBANDRY;")
    titles = IpcClass.objects.values_list("title_zh", "title_en")
    assert not [pair for pair in titles if any("部--" in t or " ;" in t or t.endswith(("]", "〕")) for t in pair)]


def test_migration_cleans_rows_loaded_before():
    IpcClass.objects.filter(code="C").update(title_zh="部--化学；冶金", title_en="CHEMISTRY ;METALLURGY")
    migration = importlib.import_module("marketplace.migrations.0003_clean_ipc_titles")
    migration.clean(django_apps, None)
    assert IpcClass.objects.filter(code="C").values_list("title_zh", "title_en").get() == (
        "化学；冶金", "CHEMISTRY; METALLURGY"
    )


# Place names ----------------------------------------------------------------------------------------------

def test_provinces_and_capitals_have_english_names_and_other_places_stay_as_written():
    assert len(PROVINCES) == 34
    with translation.override("en"):
        assert region_name("广东省") == "Guangdong" and region_name("广东") == "Guangdong"
        assert region_name("香港特别行政区") == "Hong Kong" and region_name("台湾省") == "Taiwan"
        assert region_name("广西壮族自治区") == "Guangxi" and region_name("武汉市") == "Wuhan"
        assert region_name("抚顺市") == "抚顺市"  # not a capital: as written
        assert place_name("北京市", "北京市") == "Beijing"
        assert place_name("广东省", "广州市") == "Guangzhou, Guangdong"
        assert place_name("辽宁省", "抚顺市") == "抚顺市, Liaoning"
    with translation.override("zh-hans"):
        assert region_name("广东省") == "广东省"
        assert place_name("北京市", "北京市") == "北京市" and place_name("广东省", "广州市") == "广东省 广州市"


def test_place_filter_and_pages_show_provinces_in_the_active_language(client, site_pages):
    owner = OrganisationFactory(province="湖北省", city="武汉市", contact_email="tto@example.cn")
    listing = PublishedListingFactory(owner=owner)
    template = Template("{% load ipmarket %}{{ owner|place }}|{{ '上海市'|region }}")
    with translation.override("en"):
        assert template.render(Context({"owner": owner})) == "Wuhan, Hubei|Shanghai"
    english = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Wuhan, Hubei" in english and "湖北省" not in english
    assert "湖北省 武汉市" in chinese
    organisation = client.get(f"/organisations/{owner.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Wuhan, Hubei" in organisation


def test_search_facets_and_cards_name_provinces_in_english(client, search_index):
    listing = PublishedListingFactory(owner__province="广东省", owner__city="深圳市")
    unknown_city = PublishedListingFactory(owner__province="江苏省", owner__city="昆山市")
    search_index(listing, unknown_city)
    html = client.get("/search/", {"q": "锂电池"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Guangdong" in html and "广东省" not in html
    assert "Shenzhen, Guangdong" in html
    assert "昆山市, Jiangsu" in html  # a city without an English name in regions.py stays as written


# Inquiries from the listing page --------------------------------------------------------------------------

@pytest.fixture
def proposed(site_pages):
    """A battery listing proposed for an SME's open demand; returns (listing, demand member, proposal)."""
    listing = battery_listing(owner__contact_email="tto@example.cn")
    demand = sme_demand()
    proposal = match_proposals_record(matches=match_listing(listing=listing))[listing.pk]
    assert proposal.demand == demand
    return listing, demand.created_by, proposal


def _card(client, listing) -> str:
    html = client.get(f"/listings/{listing.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return html[html.index('class="card contact-card"'):html.index("</aside>")]


def test_the_demands_members_get_one_inquiry_button_naming_the_proposal(client, proposed):
    listing, member, proposal = proposed
    client.force_login(member)
    card = _card(client, listing)
    with_proposal = f'href="/deals/new/{listing.pk}/?proposal={proposal.pk}"'
    assert card.count('class="button') == 1 and with_proposal in card and "Proposed for your demand" in card
    assert 'href="mailto:tto@example.cn"' in card and "<form" not in card  # e-mail only as secondary contact

    client.post(f"/deals/new/{listing.pk}/?proposal={proposal.pk}", {"body": "请报价"})
    proposal.refresh_from_db()
    assert proposal.inquired_at is not None
    card = _card(client, listing)  # followed up: a further message goes into the same deal room
    assert f'href="/deals/new/{listing.pk}/"' in card and "?proposal=" not in card


def test_visitors_others_and_closed_demands_get_the_plain_inquiry_button(client, proposed):
    listing, member, proposal = proposed
    plain = f'href="/deals/new/{listing.pk}/"'
    card = _card(client, listing)  # anonymous: the form sends them to log in and back
    assert plain in card and "mailto:tto@example.cn" in card
    response = client.get(f"/deals/new/{listing.pk}/")
    assert response.status_code == 302 and f"next=/deals/new/{listing.pk}/" in response["Location"]

    client.force_login(MembershipFactory(organisation=OrganisationFactory(), user=UserFactory()).user)
    assert plain in _card(client, listing)

    Demand.objects.filter(pk=proposal.demand_id).update(status=Demand.Status.CLOSED)
    client.force_login(member)
    assert plain in _card(client, listing)


def test_the_owners_members_are_not_invited_to_inquire(client, proposed):
    listing, _member, _proposal = proposed
    client.force_login(MembershipFactory(organisation=listing.owner).user)
    card = _card(client, listing)
    assert "/deals/new/" not in card and "Your organisation owns this listing" in card
    assert "mailto:tto@example.cn" in card
