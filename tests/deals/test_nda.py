"""The click-through NDA: operators publish versions; while the listing asks for it and the buyer has not
accepted the current version, the buyer's members see confidential files only as locked, and get 404 for them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deals.models import NdaAcceptance, NdaVersion
from deals.nda_services import nda_accept, nda_version_publish
from deals.selectors import deal_confidential_locked, nda_version_current
from deals.services import deal_message_post, deal_open_or_continue
from marketplace.models import Listing, Notification
from marketplace.workflow import history
from tests.notices import read_notice

from ..factories import MembershipFactory, PublishedListingFactory, UserFactory
from ..uploads import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def deal(listing, buyer_org, buyer):
    Listing.objects.filter(pk=listing.pk).update(requires_nda=True)
    listing.refresh_from_db()
    return deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="想看技术资料。")


@pytest.fixture
def files(deal, seller):
    """One confidential and one ordinary file from the owner."""
    secret = deal_message_post(deal=deal, author=seller, body="保密资料", files=[pdf("工艺参数.pdf")],
                               confidential=True).attachments.get()
    public = deal_message_post(deal=deal, author=seller, body="公开资料", files=[pdf("简介.pdf")]).attachments.get()
    return secret, public


def test_the_first_version_ships_in_both_languages():
    version = nda_version_current()
    assert version.number == 1 and "保密协议" in version.body_zh and "Non-Disclosure Agreement" in version.body_en


def test_operators_publish_new_versions_and_never_change_old_ones(operator, seller):
    first = nda_version_current()
    second = nda_version_publish(actor=operator, body_zh="保密协议（第二版）", body_en="NDA, second edition")
    assert second.number == first.number + 1 and nda_version_current() == second
    first.refresh_from_db()
    assert "保密协议" in first.body_zh and history(second).get().action == "publish"
    with pytest.raises(ValidationError, match="This is the current text"):
        nda_version_publish(actor=operator, body_zh=" 保密协议（第二版）", body_en="NDA, second edition ")
    with pytest.raises(ValidationError) as caught:
        nda_version_publish(actor=operator, body_zh="  ", body_en="x")
    assert caught.value.message_dict == {"body_zh": ["Write the NDA's text in both languages."]}
    with pytest.raises(PermissionDenied):
        nda_version_publish(actor=seller, body_zh="甲", body_en="A")
    assert NdaVersion.objects.count() == 2


def test_the_buyer_sees_confidential_files_locked_until_it_accepts(client, deal, files, buyer, buyer_colleague):
    secret, public = files
    client.force_login(buyer)
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert "Accept the NDA to see 1 confidential file" in page and "工艺参数.pdf" not in page
    assert secret.file.url not in page and public.file.url in page
    assert nda_version_current().body_en.splitlines()[0] in page and 'name="confirm"' in page
    assert client.get(secret.file.url).status_code == 404  # as for anyone who may not see it
    assert client.get(public.file.url).status_code == 200

    response = client.post(reverse("deals:nda_accept", args=[deal.pk]),
                           {"version": nda_version_current().pk, "confirm": "on"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.organisation, acceptance.user, acceptance.version, acceptance.ip_address) == (
        deal.buyer, buyer, nda_version_current(), "203.0.113.7")
    client.force_login(buyer_colleague)  # the organisation accepted: every member of it sees the files
    page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
    assert "工艺参数.pdf" in page and "Accept the NDA" not in page and "Version 1 accepted by" in page
    assert client.get(secret.file.url).status_code == 200


def test_the_owners_side_and_operators_always_see_confidential_files(client, deal, files, seller, operator):
    secret, _public = files
    for user in (seller, operator):
        client.force_login(user)
        page = client.get(reverse("deals:room", args=[deal.pk])).content.decode()
        assert "工艺参数.pdf" in page and 'name="confirm"' not in page
        assert client.get(secret.file.url).status_code == 200


def test_outsiders_get_404_for_confidential_files_even_after_acceptance(client, deal, files, buyer, outsider):
    secret, _public = files
    nda_accept(deal=deal, user=buyer, version=nda_version_current())
    client.force_login(outsider)
    assert client.get(secret.file.url).status_code == 404
    client.logout()
    assert client.get(secret.file.url).status_code == 404


def test_without_an_nda_required_confidential_files_are_not_locked(client, deal, files, buyer):
    Listing.objects.filter(pk=deal.listing_id).update(requires_nda=False)
    client.force_login(buyer)
    assert client.get(files[0].file.url).status_code == 200
    with pytest.raises(ValidationError, match="does not ask for an NDA"):
        nda_accept(deal=deal, user=buyer, version=nda_version_current())


def test_a_new_version_must_be_accepted_again(deal, files, buyer, operator):
    nda_accept(deal=deal, user=buyer, version=nda_version_current())
    assert not deal_confidential_locked(deal=deal, user=buyer)
    nda_version_publish(actor=operator, body_zh="保密协议（修订）", body_en="NDA (revised)")
    assert deal_confidential_locked(deal=deal, user=buyer)


def test_accepting_twice_gives_one_acceptance_audited_and_notified_once(deal, buyer, buyer_colleague, seller):
    seller.preferred_language = "zh-hans"
    seller.save()
    version = nda_version_current()
    first = nda_accept(deal=deal, user=buyer, version=version, ip_address="198.51.100.1")
    again = nda_accept(deal=deal, user=buyer_colleague, version=version, ip_address="198.51.100.2")
    assert first == again and NdaAcceptance.objects.count() == 1
    event = history(deal).get(action="nda_accept")
    assert event.actor == buyer and event.data == {"acceptance_id": first.pk, "version": 1, "ip": "198.51.100.1"}
    notification = Notification.objects.get(recipient=seller, kind="deal_nda_accepted")
    text = read_notice(notification, "zh-hans")
    assert "接受了保密协议" in text["headline"] and text["path"] == reverse("deals:room", args=[deal.pk])
    assert not Notification.objects.filter(recipient=buyer, kind="deal_nda_accepted").exists()


def test_only_the_buyer_accepts_and_only_the_current_version(deal, seller, operator, buyer):
    version = nda_version_current()
    for user in (seller, operator):
        with pytest.raises(PermissionDenied):
            nda_accept(deal=deal, user=user, version=version)
    newer = nda_version_publish(actor=operator, body_zh="第二版", body_en="Second")
    with pytest.raises(ValidationError, match="The NDA has changed"):
        nda_accept(deal=deal, user=buyer, version=version)
    assert nda_accept(deal=deal, user=buyer, version=newer).version == newer


def test_accepting_without_ticking_the_box_is_a_clear_form_error(client, deal, files, buyer):
    client.force_login(buyer)
    response = client.post(reverse("deals:nda_accept", args=[deal.pk]), {"version": nda_version_current().pk})
    assert response.status_code == 400 and "Tick the box to accept the NDA." in response.content.decode()
    assert not NdaAcceptance.objects.exists()


def test_accepting_a_superseded_version_from_an_old_page_is_refused(client, deal, files, buyer, operator):
    old = nda_version_current()
    nda_version_publish(actor=operator, body_zh="第二版", body_en="Second version")
    client.force_login(buyer)
    response = client.post(reverse("deals:nda_accept", args=[deal.pk]), {"version": old.pk, "confirm": "on"})
    page = response.content.decode()
    assert response.status_code == 400 and "The NDA has changed since you opened the page" in page
    assert "Second version" in page and not NdaAcceptance.objects.exists()


def test_the_nda_accept_url_is_404_for_outsiders_and_403_for_the_owner(client, deal, outsider, seller):
    data = {"version": nda_version_current().pk, "confirm": "on"}
    client.force_login(outsider)
    assert client.post(reverse("deals:nda_accept", args=[deal.pk]), data).status_code == 404
    assert client.post(reverse("deals:nda_accept", args=[999999]), data).status_code == 404
    client.force_login(seller)
    assert client.post(reverse("deals:nda_accept", args=[deal.pk]), data).status_code == 403
    assert not NdaAcceptance.objects.exists()


def test_operators_publish_a_version_in_the_wagtail_admin(client, operator, seller):
    client.force_login(operator)
    page = client.get(reverse("nda_versions")).content.decode()
    assert "保密协议" in page and "Publish as version 2" in page
    response = client.post(reverse("nda_versions"), {"body_zh": "保密协议 v2", "body_en": "NDA v2"})
    assert response.status_code == 302 and nda_version_current().number == 2
    assert nda_version_current().created_by == operator
    response = client.post(reverse("nda_versions"), {"body_zh": "保密协议 v2", "body_en": "NDA v2"})
    assert response.status_code == 400 and "This is the current text" in response.content.decode()
    client.force_login(seller)
    assert client.get(reverse("nda_versions")).status_code in (302, 403)


def test_the_owner_requires_an_nda_in_the_listing_form(client, university, seller):
    """Through the listing services: the row is locked and only the changed field is saved and audited."""
    listing = PublishedListingFactory(owner=university, sector="new_energy", title_en="", description_zh="",
                                      description_en="", asking_price=None)
    client.force_login(seller)
    form = client.get(reverse("dashboard_listing_edit", args=[listing.pk])).content.decode()
    assert 'name="requires_nda"' in form
    data = {"title_zh": listing.title_zh, "title_en": "", "description_zh": "", "description_en": "",
            "currency": "CNY", "price_negotiable": "on", "sector": "new_energy",
            "deal_types": list(listing.deal_types.values_list("code", flat=True)), "requires_nda": "on"}
    response = client.post(reverse("dashboard_listing_edit", args=[listing.pk]), data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.requires_nda and listing.status == Listing.Status.PUBLISHED
    assert "requires_nda" in history(listing).filter(action="edit").last().data["fields"]


def test_a_member_of_both_organisations_sees_the_files(client, deal, files, buyer_org, university):
    both = UserFactory(username="both")
    MembershipFactory(organisation=buyer_org, user=both)
    MembershipFactory(organisation=university, user=both)
    client.force_login(both)
    assert client.get(files[0].file.url).status_code == 200
