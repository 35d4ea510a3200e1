"""Property-based fuzzing: no request to any of the project's endpoints answers 500.

The endpoints come from the URL resolver (every view outside the admin sites; inside them, the Django admin
pages of our ModelAdmins and the Wagtail views we add or that show our models) and the CMS pages with their
routable sub-pages, so a new view is fuzzed without touching this file. Left out: `logout`, which would end
the session the rest of an example relies on, and Django's and Wagtail's own admin pages, tested upstream
(the middleware shields them from control characters all the same). Path parameters are
filled with the ids, slugs and tokens of a small world (organisations of every kind, a user per role, a
published and a submitted listing, a demand, a match proposal, a saved search, a payment with a refund and
a webhook event) or junk. Query strings and form posts use the names the site's own pages use (read from
their forms and links in a first pass) plus random ones, with values from NUL and other control
characters, lone surrogates (sent as the invalid UTF-8 a client could send), huge and non-ASCII strings.

The `ci` profile (default) keeps the run near a minute; HYPOTHESIS_PROFILE=deep fuzzes longer.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from marketplace.models import Listing, Organisation
from payments.models import Payment, Refund, WebhookEvent
from search.models import DemandSubscription, MatchProposal, SavedSearch

from .factories import (
    DemandFactory,
    ListingFactory,
    MembershipFactory,
    OrganisationFactory,
    PublishedListingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

settings.register_profile(
    "ci", max_examples=6, deadline=None, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("deep", parent=settings.get_profile("ci"), max_examples=60, derandomize=False)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

OUR_APPS = ("marketplace", "cms", "search", "payments", "deals", "licences", "vouchers", "ipmarket")
ADMIN_SITES = ("admin/", "django-admin/")  # Django's and Wagtail's own pages there are tested upstream
# Logging out mid-example would turn the rest of it anonymous; it takes no parameters worth fuzzing.
EXCLUDED = {"logout"}
# Hypothesis starts each endpoint with its simplest example, made of the first choice everywhere: the
# superuser (a member too, so every view lets it in) sending poisoned values.
ROLES = ("superuser", "member", "sme", "operator", "anonymous")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')
OPTION_VALUE = re.compile(r'<(?:option|input)\b[^>]*\bvalue="([^"]*)"')
LINK = re.compile(r'href="([^"]*\?[^"]*)"')


@dataclass(frozen=True)
class Endpoint:
    route: str  # Django path syntax: /dashboard/listings/<int:pk>/
    name: str


def _is_ours(route: str, callback) -> bool:
    """Everything outside the admin sites (our views, and Django's and Wagtail's that our site mounts); in
    them, the pages we add: Django admin pages of our ModelAdmins and Wagtail views of our models."""
    if not route.startswith(ADMIN_SITES):
        return True
    owner = getattr(callback, "model_admin", None)
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if owner is not None:
        module = type(owner).__module__
    elif model is not None:
        module = model if isinstance(model, str) else model.__module__  # a string is "app_label.Model"
    else:
        module = getattr(callback, "view_class", callback).__module__
    return module.split(".")[0] in OUR_APPS


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        # Regex routes all belong to Django's and Wagtail's own admin pages, except Wagtail's page serving.
        if not isinstance(entry.pattern, RoutePattern):
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def discover_endpoints() -> list[Endpoint]:
    found = {route: Endpoint("/" + route, pattern.name or route) for route, pattern in _walk(get_resolver())
             if _is_ours(route, pattern.callback) and pattern.name not in EXCLUDED}
    return sorted(found.values(), key=lambda endpoint: endpoint.route)


def page_endpoints() -> list[Endpoint]:
    """The CMS pages Wagtail serves, with each routable page's sub-pages (listing details, profiles)."""
    endpoints = []
    for page in Page.objects.live().specific():
        url = page.get_url()
        if url is None:
            continue
        endpoints.append(Endpoint(url, f"page {url}"))
        if isinstance(page, RoutablePageMixin):
            endpoints += [Endpoint(url + str(route.pattern), f"page {url}{route.pattern}")
                          for route in page.get_subpage_urls() if str(route.pattern)]
    return endpoints


ENDPOINTS = discover_endpoints()


@pytest.fixture
def world(site_pages):
    """One of everything a path parameter can name, and the users that act on them."""
    organisations = {kind: OrganisationFactory(kind=kind, slug=f"org-{kind}".replace("_", "-"))
                     for kind in Organisation.Kind.values}
    member = MembershipFactory(organisation=organisations["university"], user=UserFactory(username="fz-member"))
    sme = MembershipFactory(organisation=organisations["enterprise"], user=UserFactory(username="fz-sme"))
    operator = MembershipFactory(organisation=organisations["operation_centre"],
                                 user=UserFactory(username="fz-operator")).user
    published = PublishedListingFactory(owner=organisations["university"])
    ListingFactory(owner=organisations["university"], status=Listing.Status.SUBMITTED)
    demand = DemandFactory(organisation=organisations["enterprise"], published=True)  # on the demand board too
    proposal = MatchProposal.objects.create(demand=demand, listing=published, score=70, factors={})
    saved = SavedSearch.objects.create(user=sme.user, query="锂电池")
    subscription = DemandSubscription.objects.create(demand=demand, user=sme.user)
    payment = Payment.objects.create(payer=organisations["enterprise"], payee=organisations["university"],
                                     amount=Decimal("100.00"), provider="offline", provider_reference="fz-ref",
                                     status=Payment.Status.PARTIALLY_REFUNDED)
    refund = Refund.objects.create(payment=payment, amount=Decimal("10.00"), reason="fz")
    WebhookEvent.objects.create(provider="stripe", event_id="evt_fz", event_type="refund.updated", payment=payment)
    root = MembershipFactory(organisation=organisations["university"],
                             user=UserFactory(username="fz-root", is_superuser=True, is_staff=True)).user
    users = {"member": member.user, "sme": sme.user, "operator": operator, "superuser": root}
    ids = sorted({obj.pk for obj in [*organisations.values(), member, sme, published, demand, proposal, saved,
                                     payment, refund, *users.values()]})
    words = [*(o.slug for o in organisations.values()), saved.unsubscribe_token, subscription.unsubscribe_token]
    return {"users": users, "ids": [str(pk) for pk in ids], "words": words}


# Values a fuzzer should try: what breaks parsers, databases and templates.
NASTY = [
    "", "\x00", "a\x00b", "\x01", "\x1f", "\t\r\n", "\ud800", "a\udfffb", "\x7f", "\u202e", "\ufeff", "%00",
    "0", "-1", "1.5", "1e309", "NaN", "inf", "99999999999999999999", "9223372036854775808", "２", "٣", "𝟙",
    "true", "on", "[]", "{}", "null", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "%",
    "锂电池 正极", "H01M", "2024-02-30", "2024-01-01", "https://evil.example/", "//evil.example", "/",
]
HUGE = st.sampled_from(["x", "锂", "\x00", "9", "%"]).map(lambda c: c * 3000)  # beyond every max_length
# Hypothesis's characters() never yields lone surrogates: they are added.
TEXT = st.text(alphabet=st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=40)


SLUGS = st.from_regex(r"[-a-zA-Z0-9_]+", fullmatch=True)


# Appended to plausible values (first, so every endpoint's simplest example carries a NUL).
POISON = ["\x00", "\x01", "\x0b", "\x1f", "\ud800"]


def values(plausible: list[str]) -> st.SearchStrategy[str]:
    plausible_values = st.sampled_from(plausible)
    poisoned = st.tuples(plausible_values, st.sampled_from(POISON)).map("".join)
    return st.one_of(poisoned, plausible_values, st.sampled_from(NASTY), TEXT, HUGE,
                     st.integers(-2**70, 2**70).map(str))


def encode(text: str) -> str:
    """Percent-encode as a browser would, lone surrogates becoming the invalid UTF-8 a client could send."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query_string(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)


def fill(route: str, draw, world, parameter_values: st.SearchStrategy[str]) -> str:
    """Path parameters: for int and slug converters, first values they accept (others never reach the view)."""
    matching = {"int": st.one_of(st.sampled_from(world["ids"]), st.integers(0, 2**70).map(str)),
                "slug": st.one_of(st.sampled_from(world["words"]), SLUGS)}

    def value(match: re.Match) -> str:
        converter = match.group("converter") or "str"
        if converter in matching and not draw(st.booleans()):
            text = draw(matching[converter])
        else:
            text = draw(parameter_values)
        return encode(text) or "x"

    return PARAMETER.sub(value, route)


@dataclass
class Harvest:
    """What the site's pages offer: form field and query parameter names, and values to choose from."""

    names: set[str]
    options: set[str]
    methods: tuple[str, ...]


def harvest(responses) -> Harvest:
    names, options, methods = set(), set(), set()
    for response in responses:
        if response.status_code == 405:
            methods.add("POST")
            continue
        methods.add("GET")
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        if 'method="post"' in page.lower():
            methods.add("POST")
        names.update(FIELD_NAME.findall(page))
        options.update(unescape(value) for value in OPTION_VALUE.findall(page))
        for link in LINK.findall(page):
            pairs = parse_qsl(urlsplit(unescape(link)).query)
            names.update(key for key, _value in pairs)
            options.update(value for _key, value in pairs)
    return Harvest(names - {"csrfmiddlewaretoken"}, options, tuple(sorted(methods)))


def clients(world) -> dict[str, Client]:
    """One client per role, logged in once: a fresh login per request would double the run's time."""
    clients = {role: Client(raise_request_exception=True) for role in ROLES}
    for role, user in world["users"].items():
        clients[role].force_login(user)
    return clients


def test_every_endpoint_is_fuzzed():
    """The resolver walk finds the views of every app, so a new one cannot slip past unfuzzed."""
    routes = {endpoint.route for endpoint in ENDPOINTS}
    assert {"/search/", "/alerts/save/", "/alerts/unsubscribe/<str:token>/", "/payments/webhooks/stripe/",
            "/dashboard/demands/<int:pk>/close/", "/admin/listing-moderation/<int:pk>/",
            "/admin/reports/matches/", "/admin/payments/", "/django-admin/payments/payment/",
            "/accounts/signup/"} <= routes
    assert not any(route.startswith("/admin/pages/") for route in routes)  # Wagtail's own admin is not ours


def test_no_request_gets_a_500(world, capsys):
    endpoints = ENDPOINTS + page_endpoints()
    by_role = clients(world)
    # The superuser sees every admin form, a member every dashboard form; anyone else sees no other.
    found = {endpoint: harvest(by_role[role].get(PARAMETER.sub(world["ids"][0], endpoint.route))
                               for role in ("member", "superuser"))
             for endpoint in endpoints}
    all_names = sorted(set().union(*(h.names for h in found.values())))
    plausible = world["words"] + world["ids"] + sorted(set().union(*(h.options for h in found.values())))
    parameter_values = values(plausible)
    ran = {"examples": 0}

    for endpoint in endpoints:
        own = found[endpoint]
        # Mostly the names this page's own forms and links use; POST-only views get every form's names.
        names = st.one_of(st.sampled_from(sorted(own.names) or all_names), st.sampled_from(all_names), TEXT)
        pairs = st.lists(st.tuples(names, parameter_values), min_size=1, max_size=8)

        @PROFILE
        @given(data=st.data())
        def fuzz(data):
            role = data.draw(st.sampled_from(ROLES))
            path = fill(endpoint.route, data.draw, world, parameter_values)
            query = query_string(data.draw(pairs))
            client = by_role[role]
            if data.draw(st.sampled_from(own.methods)) == "GET":
                response = client.get(f"{path}?{query}")
            else:
                response = client.post(f"{path}?{query}", query_string(data.draw(pairs)),
                                       content_type="application/x-www-form-urlencoded")
            ran["examples"] += 1
            assert response.status_code < 500, f"{endpoint.name}: {response.status_code} for {role} at {path}"

        fuzz()
    with capsys.disabled():
        print(f"\nfuzz: {ran['examples']} requests over {len(endpoints)} endpoints and {len(ROLES)} roles "
              f"({len(all_names)} field and parameter names harvested)")
