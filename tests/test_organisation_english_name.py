"""An organisation's optional English name shows wherever its name does, for readers of English; the demo's
universities and institutes have one, and their cities translate."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cms.forms import OrganisationProfileForm
from cms.links import listing_url, organisation_url
from marketplace.demo.universities import OWNERS
from marketplace.models import Membership
from marketplace.regions import PROVINCES, place_name, region_name

from .factories import PublishedListingFactory

pytestmark = pytest.mark.django_db


def test_the_name_follows_the_readers_language(university):
    university.name_en = "Beijing Test University"
    template = Template("{% load ipmarket %}{{ organisation }} | {{ organisation|bilingual:'name' }}")
    shown = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            shown[language] = (str(university), template.render(Context({"organisation": university})))
    assert shown["zh-hans"] == (university.name_zh, f"{university.name_zh} | {university.name_zh}")
    assert shown["en"] == ("Beijing Test University", "Beijing Test University | Beijing Test University")
    university.name_en = ""
    with translation.override("en"):
        assert str(university) == university.name_zh  # no English name: the Chinese one


def test_listing_and_organisation_pages_show_the_english_name_to_english_readers(client, university, site_pages):
    university.name_en, university.province, university.city = "Beijing Test University", "江苏省", "苏州市"
    university.save()
    listing = PublishedListingFactory(owner=university)
    for url in (listing_url(listing), organisation_url(university)):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "Beijing Test University" in english and "Suzhou, Jiangsu" in english
        assert university.name_zh in chinese and "江苏省 苏州市" in chinese


def test_every_demo_owner_has_an_english_name_and_a_place_that_translates():
    with translation.override("en"):
        for name_zh, (name_en, (province, city)) in OWNERS.items():
            assert name_en.isascii() and name_en.strip() == name_en != "", name_zh
            assert province in PROVINCES or province == city == "", name_zh
            if city:
                assert region_name(city).isascii(), f"{name_zh}: {city} has no English name"
        assert place_name("江苏省", "苏州市") == "Suzhou, Jiangsu"
        assert place_name("北京市", "北京市") == "Beijing"


def test_an_administrator_gives_the_organisation_its_english_name(client, university, university_member, site_pages):
    Membership.objects.filter(user=university_member).update(role=Membership.Role.ADMIN)
    client.force_login(university_member)
    data = {name: getattr(university, name) for name in OrganisationProfileForm.TEXT_FIELDS}
    data.update({f"initial-{name}": value for name, value in data.items()}, name_en="  Beijing Test University ")
    assert client.post(reverse("dashboard_organisation_profile"), data).status_code == 302
    university.refresh_from_db()
    assert university.name_en == "Beijing Test University"
    client.logout()
    english = client.get(organisation_url(university), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Beijing Test University" in english
