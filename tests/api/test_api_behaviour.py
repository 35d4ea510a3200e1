"""What the permission matrix and schemathesis do not show: tokens end to end, the error body, throttling,
pagination, the search fold-in, writes through the site's services, and the fields that must not leak."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.selectors import api_token_users
from api.services import api_token_create
from marketplace.models import AuditEvent, Listing, ListingRevision, Membership
from search.services import index_listings
from tests.factories import MembershipFactory, UserFactory


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


def test_a_developer_reads_the_docs_makes_a_token_and_lists_their_organisations_deals(world):
    browser = Client()
    docs = browser.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert browser.get("/api/schema/").status_code == 200
    browser.force_login(world.users["other"])
    page = browser.post("/api/tokens/manage/", {"name": "ERP 同步", "user": world.users["other"].pk})
    assert page.status_code == 200
    key = re.search(rb'data-testid="new-key">(ipm_[^<]+)<', page.content).group(1).decode()
    token = ApiToken.objects.get(name="ERP 同步")
    # Only the hash is kept, and the key is shown once.
    assert token.digest == hashlib.sha256(key.encode()).hexdigest() and key not in str(vars(token))
    assert key.encode() not in browser.get("/api/tokens/manage/").content

    deals = _client(key).get("/api/v1/me/deals/")
    assert deals.status_code == 200
    assert [deal["id"] for deal in deals.json()["results"]] == [world.deal.pk]
    assert deals.json()["results"][0]["seller"]["slug"] == "org-a"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_expired_and_malformed_tokens_are_refused_alike(world):
    owner = world.users["owner"]
    token, key = api_token_create(user=owner, name="short-lived", actor=owner)
    assert _client(key).get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = _client(key).get("/api/v1/me/")
    assert expired.status_code == 401 and _error(expired)["code"] == "authentication_failed"
    assert expired["WWW-Authenticate"] == "Token"

    token, key = api_token_create(user=owner, name="revoked", actor=owner)
    assert _client(key).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    revoked = _client(key).get("/api/v1/me/")
    assert revoked.status_code == 401 and _error(revoked)["message"] == _error(expired)["message"]
    assert _client(key + "x").get("/api/v1/me/").status_code == 401
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION="Token two parts")
    assert malformed.get("/api/v1/me/").status_code == 401


def test_an_organisation_administrator_manages_members_tokens_and_not_the_reverse(world):
    owner, colleague = world.users["owner"], world.users["colleague"]
    owner_token, owner_key = api_token_create(user=owner, name="admin's", actor=owner)
    _token, colleague_key = api_token_create(user=colleague, name="mine", actor=colleague)
    assert _client(colleague_key).delete(f"/api/v1/tokens/{owner_token.pk}/").status_code == 404
    made = _client(owner_key).post("/api/v1/tokens/", {"name": "for colleague", "user": colleague.pk}, format="json")
    assert made.status_code == 201 and made.json()["user"] == "colleague" and made.json()["key"].startswith("ipm_")
    refused = _client(colleague_key).post("/api/v1/tokens/", {"name": "x", "user": owner.pk}, format="json")
    assert refused.status_code == 400 and "user" in _error(refused)["fields"]
    duplicate = _client(owner_key).post("/api/v1/tokens/", {"name": "admin's"}, format="json")
    assert duplicate.status_code == 400 and "name" in _error(duplicate)["fields"]


def test_errors_have_one_body_whatever_raised_them(world):
    owner = world.users["owner"]
    client = _client(api_token_create(user=owner, name="t", actor=owner)[1])
    missing = client.post("/api/v1/me/listings/", {"patent": world.unlisted_patent.publication_number},
                          format="json")
    assert missing.status_code == 400 and list(_error(missing)["fields"]) == ["deal_types"]
    # The service's own rule (a patent already listed by the organisation), not the serializer's.
    twice = client.post("/api/v1/me/listings/", {"patent": world.patent.publication_number,
                                                 "deal_types": ["assignment"]}, format="json")
    assert twice.status_code == 400 and _error(twice)["message"]
    assert client.post(f"/api/v1/me/listings/{world.draft.pk}/submit/").status_code == 200
    again = client.post(f"/api/v1/me/listings/{world.draft.pk}/submit/")
    assert again.status_code == 400 and _error(again)["code"] == "invalid"
    not_found = client.get("/api/v1/me/listings/99999999999/")
    assert not_found.status_code == 404 and _error(not_found)["code"] == "not_found"


def test_writes_go_through_the_site_services(world):
    owner = world.users["owner"]
    client = _client(api_token_create(user=owner, name="t", actor=owner)[1])
    created = client.post("/api/v1/me/listings/", {"patent": world.unlisted_patent.publication_number,
                                                   "deal_types": ["assignment"], "asking_price": "800000"},
                          format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    listing = Listing.objects.get(pk=created.json()["id"])
    assert listing.owner == world.a and listing.created_by == owner
    assert AuditEvent.objects.filter(object_id=str(listing.pk), action="create", actor=owner).exists()
    # On a published listing a material change awaits review (listing_update's rule), the rest applies at once.
    edited = client.patch(f"/api/v1/me/listings/{world.published.pk}/",
                          {"title_zh": "新的标题", "trl": 6}, format="json")
    assert edited.status_code == 200
    assert edited.json()["trl"] == 6 and edited.json()["has_pending_changes"] is True
    assert edited.json()["title_zh"] != "新的标题"
    assert ListingRevision.objects.filter(listing=world.published, status=ListingRevision.Status.PENDING).exists()
    posted = client.post(f"/api/v1/me/deals/{world.deal.pk}/messages/", {"body": "  好的  "}, format="json")
    assert posted.status_code == 201 and posted.json()["side"] == "seller" and posted.json()["body"] == "好的"


@override_settings(API_THROTTLE_RATES={"anon": "3/min", "user": "4/min"})
def test_anonymous_and_per_user_rates(world):
    anonymous = APIClient()
    statuses = [anonymous.get("/api/v1/listings/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = anonymous.get("/api/v1/listings/")
    assert _error(limited)["code"] == "throttled" and int(limited["Retry-After"]) > 0
    owner, other = world.users["owner"], world.users["other"]
    owner_client = _client(api_token_create(user=owner, name="t", actor=owner)[1])
    assert [owner_client.get("/api/v1/me/").status_code for _ in range(5)] == [200] * 4 + [429]
    # Counted per user: another user, and the same user with another token, have their own and the same count.
    assert _client(api_token_create(user=other, name="t", actor=other)[1]).get("/api/v1/me/").status_code == 200
    assert _client(api_token_create(user=owner, name="u", actor=owner)[1]).get("/api/v1/me/").status_code == 429


@override_settings(API_MAX_PAGE_SIZE=1)
def test_page_size_is_capped(world):
    page = APIClient().get("/api/v1/listings/?page_size=500")
    assert page.status_code == 200 and len(page.json()["results"]) == 1 and page.json()["count"] == 2
    assert "page=2" in page.json()["next"]


@pytest.mark.parametrize("params", ["q=锂离子电池&kind=patent&per_page=5&sort=newest", "q=&deal_type=assignment",
                                    "price_max=50万&mode=lexical"])
def test_search_answers_as_the_existing_search_api_does(world, site_index, params):
    index_listings(listing_ids=[world.published.pk])
    old = Client().get(f"/api/search/?{params}")
    new = APIClient().get(f"/api/v1/search/?{params}")
    assert old.status_code == new.status_code == 200
    assert new.json() == old.json()


def test_search_errors_keep_their_message_in_the_api_body(world, site_index):
    old = Client().get("/api/search/?sort=cheapest")
    new = APIClient().get("/api/v1/search/?sort=cheapest")
    assert old.status_code == new.status_code == 400
    assert _error(new)["message"] == old.json()["error"]


def test_no_internal_or_other_parties_fields(world):
    listing = APIClient().get(f"/api/v1/listings/{world.published.pk}/").json()
    assert not {"moderation_note", "created_by", "mandate", "attachments"} & set(listing)
    organisation = APIClient().get("/api/v1/organisations/org-a/").json()
    assert not {"unified_credit_code", "legal_representative", "contact_phone", "address"} & set(organisation)
    enterprise = world.users["enterprise"]
    vouchers = _client(api_token_create(user=enterprise, name="t", actor=enterprise)[1]).get("/api/v1/me/vouchers/")
    assert vouchers.status_code == 200 and vouchers.json()
    assert set(vouchers.json()[0]) == {"code", "programme", "face_value", "balance", "status", "issued_at",
                                       "expires_at", "days_left", "usable"}  # balances, not the ledger
    deal = _client(api_token_create(user=world.users["other"], name="t", actor=world.users["other"])[1]).get(
        f"/api/v1/me/deals/{world.deal.pk}/").json()
    assert set(deal) == {"id", "listing", "buyer", "seller", "status", "created_at", "last_message_at",
                         "closed_at", "unread"}


def test_an_administrator_makes_no_token_for_a_member_who_also_belongs_elsewhere(world):
    """A key acts as its user in every organisation of theirs: A's administrator may not get one that opens B."""
    owner, other = world.users["owner"], world.users["other"]
    both = MembershipFactory(organisation=world.a, user=UserFactory(username="in-a-and-b"),
                             role=Membership.Role.MEMBER).user
    MembershipFactory(organisation=world.b, user=both, role=Membership.Role.MEMBER)
    owner_client = _client(api_token_create(user=owner, name="t", actor=owner)[1])
    refused = owner_client.post("/api/v1/tokens/", {"name": "x", "user": both.pk}, format="json")
    assert refused.status_code == 400 and "user" in _error(refused)["fields"]
    with pytest.raises(PermissionDenied):
        api_token_create(user=both, name="x", actor=owner)
    assert both not in api_token_users(actor=owner) and world.users["colleague"] in api_token_users(actor=owner)
    # Revoking stays open to any administrator of one of their organisations: it can only take access away.
    token, _key = api_token_create(user=both, name="own", actor=both)
    assert _client(api_token_create(user=other, name="t", actor=other)[1]).delete(
        f"/api/v1/tokens/{token.pk}/").status_code == 204


def test_confidential_files_have_no_url_for_the_buyer_until_the_nda_is_accepted(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deals.nda_services import nda_accept
    from deals.selectors import nda_version_current
    from deals.services import deal_message_post
    from tests.uploads import PDF

    Listing.objects.filter(pk=world.published.pk).update(requires_nda=True)
    world.deal.listing.refresh_from_db()
    owner, other = world.users["owner"], world.users["other"]
    deal_message_post(deal=world.deal, author=owner, body="保密资料", confidential=True,
                      files=[SimpleUploadedFile("工艺参数.pdf", PDF, content_type="application/pdf")])
    deal_message_post(deal=world.deal, author=owner, body="公开资料",
                      files=[SimpleUploadedFile("简介.pdf", PDF, content_type="application/pdf")])
    path = f"/api/v1/me/deals/{world.deal.pk}/documents/"

    names = iter(range(10))

    def urls(user):
        files = _client(api_token_create(user=user, name=f"t{next(names)}", actor=user)[1]).get(path).json()
        return {item["original_name"]: item["url"] for item in files["attachments"]}

    buyer_sees = urls(other)
    assert buyer_sees["工艺参数.pdf"] is None and buyer_sees["简介.pdf"]
    assert urls(owner)["工艺参数.pdf"]  # the owner's side always sees its files
    nda_accept(deal=world.deal, user=other, version=nda_version_current())
    assert urls(other)["工艺参数.pdf"]
