"""Who may call what on the API: every endpoint × every role, on A's objects (own for A's members, another
organisation's for everyone else) and on a deal no role takes part in.

Each request runs in a savepoint rolled back afterwards, so every role meets the same world. A role the endpoint
does not serve must be turned away with the expected status *and change nothing* (the project's tables are
compared before and after); a role it serves must get the expected success, and a write must change something.
A URL of the API that is in no row fails `test_every_api_url_is_in_the_matrix`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from .world import World

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "colleague", "other", "operator", "enterprise", "agent", "officer")
SIGNED_IN = tuple(role for role in ROLES if role != "anonymous")
A_MEMBERS = ("owner", "colleague")
DEAL_PARTIES = ("owner", "colleague", "other", "operator")  # A sells to B; operators see every deal
PROJECT_APPS = ("marketplace", "cms", "search", "payments", "deals", "licences", "vouchers", "api")


@dataclass
class Endpoint:
    name: str  # the URL's name, api:…
    method: str
    path: Callable[[World], str]
    allowed: dict[str, int]  # role → expected success status
    denied: int = 404  # what a signed-in role outside `allowed` gets
    data: Callable[[World], dict] = field(default=lambda world: {})
    public: bool = False
    refused: dict[str, int] = field(default_factory=dict)  # roles turned away otherwise than with `denied`

    def expected(self, role: str) -> int:
        if role in self.allowed:
            return self.allowed[role]
        if role in self.refused:
            return self.refused[role]
        return 401 if role == "anonymous" and not self.public else self.denied

    @property
    def writes(self) -> bool:
        return self.method != "get"


def public(name, path, status=200):
    return Endpoint(name, "get", path, {role: status for role in ROLES} if status == 200 else {}, public=True,
                    denied=status)


def only(roles, status=200):
    return {role: status for role in roles}


ENDPOINTS = [
    public("api:schema", lambda w: "/api/schema/"),
    public("api:docs", lambda w: "/api/docs/"),
    public("api:search", lambda w: "/api/v1/search/?q=锂电池&kind=patent"),
    public("api:navigation", lambda w: "/api/v1/navigation/?ipc=G08G"),
    public("api:listing-list", lambda w: "/api/v1/listings/?sector=other"),
    public("api:listing-detail", lambda w: f"/api/v1/listings/{w.published.pk}/"),
    public("api:listing-detail", lambda w: f"/api/v1/listings/{w.draft.pk}/", status=404),
    public("api:patent-list", lambda w: "/api/v1/patents/"),
    public("api:patent-detail", lambda w: f"/api/v1/patents/{w.patent.publication_number}/"),
    public("api:patent-detail", lambda w: f"/api/v1/patents/{w.unlisted_patent.publication_number}/", status=404),
    public("api:pool-list", lambda w: "/api/v1/pools/"),
    public("api:pool-detail", lambda w: "/api/v1/pools/no-such-pool/", status=404),
    public("api:organisation-list", lambda w: "/api/v1/organisations/?kind=university"),
    public("api:organisation-detail", lambda w: "/api/v1/organisations/org-a/"),
    public("api:service-product-list", lambda w: "/api/v1/service-products/"),
    public("api:service-product-detail", lambda w: f"/api/v1/service-products/{w.vouchers.claim.order.product_id}/"),
    public("api:demand-list", lambda w: "/api/v1/demands/"),
    public("api:demand-detail", lambda w: f"/api/v1/demands/{w.board_demand.pk}/"),
    public("api:demand-detail", lambda w: f"/api/v1/demands/{w.demand.pk}/", status=404),  # not published
    Endpoint("api:me", "get", lambda w: "/api/v1/me/", only(SIGNED_IN)),
    Endpoint("api:my-listing-list", "get", lambda w: "/api/v1/me/listings/", only(SIGNED_IN)),
    Endpoint("api:my-listing-list", "post", lambda w: "/api/v1/me/listings/",
             only(("owner", "colleague", "operator"), 201), denied=403,
             data=lambda w: {"owner": w.a.pk, "patent": w.unlisted_patent.publication_number,
                             "deal_types": ["assignment"], "asking_price": "500000"}),
    Endpoint("api:my-listing-detail", "get", lambda w: f"/api/v1/me/listings/{w.draft.pk}/", only(A_MEMBERS)),
    Endpoint("api:my-listing-detail", "patch", lambda w: f"/api/v1/me/listings/{w.draft.pk}/", only(A_MEMBERS),
             data=lambda w: {"title_en": "A better title", "deal_types": ["assignment"]}),
    Endpoint("api:my-listing-submit", "post", lambda w: f"/api/v1/me/listings/{w.draft.pk}/submit/",
             only(A_MEMBERS)),
    Endpoint("api:my-demand-list", "get", lambda w: "/api/v1/me/demands/", only(SIGNED_IN)),
    Endpoint("api:my-demand-list", "post", lambda w: "/api/v1/me/demands/",
             only(("owner", "colleague", "other", "operator", "enterprise"), 201), denied=403,  # each for its own
             data=lambda w: {"title": "寻找储能技术", "description": "需要长寿命储能电池技术。", "sector": "new_energy",
                             "budget_max": "1000000", "deal_types": ["assignment"]}),
    Endpoint("api:my-demand-detail", "get", lambda w: f"/api/v1/me/demands/{w.demand.pk}/", only(A_MEMBERS)),
    Endpoint("api:my-demand-matches", "get", lambda w: f"/api/v1/me/demands/{w.demand.pk}/matches/",
             only(A_MEMBERS)),
    Endpoint("api:my-deal-list", "get", lambda w: "/api/v1/me/deals/", only(SIGNED_IN)),
    Endpoint("api:my-deal-detail", "get", lambda w: f"/api/v1/me/deals/{w.deal.pk}/", only(DEAL_PARTIES)),
    Endpoint("api:my-deal-detail", "get", lambda w: f"/api/v1/me/deals/{w.foreign_deal.pk}/", only(("operator",))),
    Endpoint("api:my-deal-messages", "get", lambda w: f"/api/v1/me/deals/{w.deal.pk}/messages/",
             only(DEAL_PARTIES)),
    Endpoint("api:my-deal-messages", "post", lambda w: f"/api/v1/me/deals/{w.deal.pk}/messages/",
             only(DEAL_PARTIES, 201), data=lambda w: {"body": "请看我们的报价。"}),
    Endpoint("api:my-deal-messages", "post", lambda w: f"/api/v1/me/deals/{w.foreign_deal.pk}/messages/",
             only(("operator",), 201), data=lambda w: {"body": "运营中心提醒。"}),
    Endpoint("api:my-deal-offers", "get", lambda w: f"/api/v1/me/deals/{w.deal.pk}/offers/", only(DEAL_PARTIES)),
    Endpoint("api:my-deal-offers", "post", lambda w: f"/api/v1/me/deals/{w.deal.pk}/offers/",
             only(("owner", "colleague", "other"), 201), data=lambda w: {"terms": _terms(w), "note": "还价"},
             refused={"operator": 403}),  # the operation centre brokers; it makes no offers
    Endpoint("api:my-deal-accept-offer", "post",
             lambda w: f"/api/v1/me/deals/{w.deal.pk}/offers/{w.offer.pk}/accept/", only(A_MEMBERS),
             refused={"other": 400, "operator": 403}),  # B made it
    Endpoint("api:my-deal-withdraw-offer", "post",
             lambda w: f"/api/v1/me/deals/{w.deal.pk}/offers/{w.offer.pk}/withdraw/", only(("other",)),
             refused={"owner": 400, "colleague": 400, "operator": 403}),
    Endpoint("api:my-deal-documents", "get", lambda w: f"/api/v1/me/deals/{w.deal.pk}/documents/",
             only(DEAL_PARTIES)),
    Endpoint("api:my-vouchers", "get", lambda w: "/api/v1/me/vouchers/", only(("enterprise", "other")),
             denied=403),  # B is an enterprise too, without vouchers
    Endpoint("api:my-orders", "get", lambda w: "/api/v1/me/orders/", only(("enterprise", "other", "agent")),
             denied=403),
    Endpoint("api:my-claims", "get", lambda w: "/api/v1/me/claims/", only(("agent", "officer")), denied=403),
    Endpoint("api:token-list", "get", lambda w: "/api/v1/tokens/", only(SIGNED_IN)),
    Endpoint("api:token-list", "post", lambda w: "/api/v1/tokens/", only(SIGNED_IN, 201),
             data=lambda w: {"name": "nightly sync"}),
    Endpoint("api:token-list", "post", lambda w: "/api/v1/tokens/", only(A_MEMBERS, 201), denied=400,
             data=lambda w: {"name": "for a colleague", "user": w.users["colleague"].pk}),
    Endpoint("api:token-detail", "get", lambda w: f"/api/v1/tokens/{w.colleague_token.pk}/", only(A_MEMBERS)),
    Endpoint("api:token-detail", "delete", lambda w: f"/api/v1/tokens/{w.colleague_token.pk}/",
             only(A_MEMBERS, 204)),
    # The dashboard's token page (HTML, session log-in).
    Endpoint("api:token-page", "get", lambda w: "/api/tokens/manage/", only(SIGNED_IN), denied=302),
    Endpoint("api:token-revoke-page", "post", lambda w: f"/api/tokens/manage/{w.colleague_token.pk}/revoke/",
             only(A_MEMBERS, 302)),
]
def _terms(world: World) -> dict:
    start = date.today()
    return {"deal_kind": "non_exclusive_licence", "patent_ids": [world.patent.pk], "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=3 * 365)).isoformat(), "territory": "中国大陆",
            "upfront_fee": "150000.00", "royalty_rate": "3.000", "minimum_annual_royalty": "40000.00",
            "milestones": [{"label": "首次量产", "amount": "80000.00"}]}


HTML_PAGES = {"api:token-page", "api:token-revoke-page"}


def _fingerprint() -> dict:
    """Every row of the project's tables but the tokens' (a request records when its token was last used)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for config in apps.get_app_configs() if config.name.split(".")[0] in PROJECT_APPS
        for model in config.get_models() if model._meta.label != "api.ApiToken"
    }


def _client(world: World, endpoint: Endpoint, role: str):
    if endpoint.name in HTML_PAGES:
        from django.test import Client

        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        return client
    return world.client(role)


def _request(world: World, endpoint: Endpoint, client):
    if endpoint.name in HTML_PAGES:
        return client.generic(endpoint.method.upper(), endpoint.path(world))
    return getattr(client, endpoint.method)(endpoint.path(world), endpoint.data(world), format="json")


def _label(endpoint: Endpoint) -> str:
    return f"{endpoint.method.upper()} {endpoint.name}"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{i}-{_label(e)}" for i, e in enumerate(ENDPOINTS)])
def test_endpoint_for_every_role(world, endpoint):
    failures = []
    for role in ROLES:
        with transaction.atomic():
            client = _client(world, endpoint, role)
            before = _fingerprint()
            response = _request(world, endpoint, client)
            after = _fingerprint()
            transaction.set_rollback(True)
        expected = endpoint.expected(role)
        served = role in endpoint.allowed
        if endpoint.name in HTML_PAGES and role == "anonymous":
            expected = 302  # to the log-in page
        if response.status_code != expected:
            failures.append(f"{role}: {response.status_code} (expected {expected}) "
                            f"{getattr(response, 'content', b'')[:300]!r}")
        elif not served:
            if before != after:
                failures.append(f"{role}: turned away but changed the database")
            if endpoint.name not in HTML_PAGES and "error" not in response.json():
                failures.append(f"{role}: error without the API's error body")
        elif endpoint.writes and before == after:
            failures.append(f"{role}: served but changed nothing (the request does not exercise the view)")
    assert not failures, "\n".join(failures)


def _api_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "api:":
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_api_url_is_in_the_matrix():
    assert _api_url_names() - {e.name for e in ENDPOINTS} == set()
