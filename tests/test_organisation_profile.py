"""Organisation profiles: edited by the organisation's administrators on the dashboard (changed fields only,
audited), shown on the public organisation page and on the listings' contact cards in the reader's language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cms.links import listing_url, organisation_url
from marketplace.models import Membership, Organisation
from marketplace.services.organisations import organisation_update_profile
from marketplace.workflow import history

from .factories import MembershipFactory, PublishedListingFactory, UserFactory
from .uploads import PDF, image_bytes

pytestmark = pytest.mark.django_db

PROFILE = {"description_zh": "我们是一所研究型大学。", "description_en": "We are a research university.",
           "website": "https://www.example.edu.cn", "contact_email": "tto@example.edu.cn",
           "contact_phone": "+86 512-6588 1234", "address": "苏州市工业园区仁爱路 1 号"}


def png(name="logo.png"):
    return SimpleUploadedFile(name, image_bytes("PNG", (40, 20)), content_type="image/png")


@pytest.fixture
def english(settings):
    """Messages in their English source text, for services and for pages without Accept-Language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def admin(university_member):
    return university_member  # MembershipFactory makes administrators


@pytest.fixture
def colleague(university):
    return MembershipFactory(organisation=university, user=UserFactory(username="colleague"),
                             role=Membership.Role.MEMBER).user


def test_an_administrator_updates_the_profile_changed_fields_only_and_audited(university, admin):
    organisation = organisation_update_profile(organisation=university, actor=admin, **PROFILE, logo=png())
    organisation.refresh_from_db()
    assert {name: getattr(organisation, name) for name in PROFILE} == PROFILE
    assert organisation.logo.name.startswith("organisations/logos/") and organisation.logo.name.endswith(".png")
    event = history(organisation).get(action="profile_edit")
    assert event.actor == admin and event.data["fields"] == sorted([*PROFILE, "logo"])
    organisation_update_profile(organisation=university, actor=admin, contact_phone=" +86 512-6588 1234 ")
    assert history(organisation).filter(action="profile_edit").count() == 1  # nothing changed: nothing written


def test_a_new_logo_replaces_the_old_file_and_false_removes_it(university, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = organisation_update_profile(organisation=university, actor=admin, logo=png()).logo
    storage, old_name = first.storage, first.name
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update_profile(organisation=university, actor=admin, logo=png("new.png"))
    assert not storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_update_profile(organisation=university, actor=admin, logo=False)
    assert not organisation.logo and not Organisation.objects.get(pk=university.pk).logo


def test_members_who_are_not_administrators_and_outsiders_cannot_edit(university, colleague, outsider_admin):
    for user in (colleague, outsider_admin):
        with pytest.raises(PermissionDenied):
            organisation_update_profile(organisation=university, actor=user, website="https://evil.example")
    assert Organisation.objects.get(pk=university.pk).website == ""


@pytest.fixture
def outsider_admin(db):
    return MembershipFactory(user=UserFactory(username="other-admin")).user


@pytest.mark.parametrize("fields,key,message", [
    ({"website": "not a url"}, "website", "Enter a valid URL."),
    ({"contact_email": "tto@"}, "contact_email", "Enter a valid email address."),
    ({"contact_phone": "call me"}, "contact_phone", "Enter a phone number: digits, spaces and + ( ) - only."),
    ({"logo": SimpleUploadedFile("logo.png", PDF)}, "logo", "Upload a JPEG, PNG, WebP or GIF image."),
    ({"logo": SimpleUploadedFile("big.png", image_bytes() + b"0" * 5 * 1024 * 1024)}, "logo",
     "The file is 5.0 MB; the limit is 5 MB."),
])
def test_bad_input_is_refused_per_field_and_nothing_is_saved(university, admin, fields, key, message, english):
    with pytest.raises(ValidationError) as caught:
        organisation_update_profile(organisation=university, actor=admin, address="新地址", **fields)
    assert caught.value.message_dict[key] == [message]
    assert Organisation.objects.get(pk=university.pk).address == ""


def _form_data(organisation, **changes):
    """What the profile page posts: each field's value and the value the page showed (hidden initial)."""
    data = {}
    for name in ("name_en", "description_zh", "description_en", "website", "contact_email", "contact_phone",
                 "address"):
        data[name] = data[f"initial-{name}"] = getattr(organisation, name)
    data.update(changes)
    return data


def test_the_dashboard_page_saves_what_the_administrator_changed(client, university, admin, english):
    client.force_login(admin)
    page = client.get(reverse("dashboard_organisation_profile")).content.decode()
    assert 'name="contact_phone"' in page and 'name="logo"' in page
    response = client.post(reverse("dashboard_organisation_profile"),
                           {**_form_data(university, contact_phone="0512-65881234"), "logo": png()})
    assert response.status_code == 302
    university.refresh_from_db()
    assert university.contact_phone == "0512-65881234" and university.logo
    assert history(university).get(action="profile_edit").data["fields"] == ["contact_phone", "logo"]


def test_two_administrators_editing_different_fields_from_the_same_page_both_keep_theirs(
        client, university, admin, english):
    other_admin = MembershipFactory(organisation=university, user=UserFactory(username="admin2")).user
    shown = Organisation.objects.get(pk=university.pk)  # both opened the page now
    client.force_login(admin)
    client.post(reverse("dashboard_organisation_profile"), _form_data(shown, website="https://a.example.cn"))
    client.force_login(other_admin)
    client.post(reverse("dashboard_organisation_profile"), _form_data(shown, contact_email="b@example.cn"))
    university.refresh_from_db()
    assert (university.website, university.contact_email) == ("https://a.example.cn", "b@example.cn")


def test_bad_input_on_the_page_keeps_what_was_typed(client, university, admin, english):
    client.force_login(admin)
    response = client.post(reverse("dashboard_organisation_profile"),
                           _form_data(university, description_zh="一段很长的介绍", contact_phone="电话"))
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a phone number" in page and "一段很长的介绍" in page
    assert Organisation.objects.get(pk=university.pk).description_zh == ""


def test_the_page_is_for_administrators_only(client, university, colleague, admin, english):
    client.force_login(colleague)
    assert client.get(reverse("dashboard_organisation_profile")).status_code == 403
    assert client.post(reverse("dashboard_organisation_profile"),
                       _form_data(university, website="https://x.example")).status_code == 403
    assert "Organisation profile" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(admin)
    assert "Organisation profile" in client.get(reverse("dashboard")).content.decode()
    client.logout()
    assert client.get(reverse("dashboard_organisation_profile")).status_code == 302


def test_the_public_page_and_contact_card_show_the_profile_in_the_readers_language(
        client, university, admin, site_pages):
    organisation_update_profile(organisation=university, actor=admin, **PROFILE, logo=png())
    university.refresh_from_db()
    listing = PublishedListingFactory(owner=university)
    for language, description in (("zh-hans", PROFILE["description_zh"]), ("en", PROFILE["description_en"])):
        for url in (organisation_url(university), listing_url(listing)):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert university.logo.url in page and PROFILE["contact_phone"] in page
            assert PROFILE["address"] in page and PROFILE["contact_email"] in page
        page = client.get(organisation_url(university), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert description in page
    assert client.get(university.logo.url).status_code == 200  # public, like the page
    organisation_update_profile(organisation=university, actor=admin, description_en="")
    page = client.get(organisation_url(university), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert PROFILE["description_zh"] in page  # no English text: the Chinese one
