"""Who and what the API tests act on, made through the services like the site's own tests.

Organisation A (a university) owns a published listing, a draft, a demand and sells in a deal to B (an
enterprise); C and D have a deal of their own that no role here takes part in, except the operators who see
every deal. The voucher roles (an enterprise holding a voucher, an agency, an authority's officer) come from
tests/vouchers/officer_helpers.py."""

from django.test import TestCase
from rest_framework.test import APIClient

from api.services import api_token_create
from deals.offer_services import offer_make
from deals.services import deal_message_post, deal_open_or_continue
from marketplace.models import Membership, Organisation
from tests.deals.offer_helpers import good_terms
from tests.factories import (
    DemandFactory,
    ListingFactory,
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
    UserFactory,
)
from tests.vouchers.officer_helpers import OfficerObjects


class World:
    def __init__(self, operator):
        self.a = OrganisationFactory(name_zh="甲大学", slug="org-a")
        self.b = OrganisationFactory(name_zh="乙公司", slug="org-b", kind=Organisation.Kind.ENTERPRISE)
        self.c = OrganisationFactory(name_zh="丙大学", slug="org-c")
        self.d = OrganisationFactory(name_zh="丁公司", slug="org-d", kind=Organisation.Kind.ENTERPRISE)
        self.users = {
            "owner": MembershipFactory(organisation=self.a, user=UserFactory(username="owner")).user,
            "colleague": MembershipFactory(organisation=self.a, user=UserFactory(username="colleague"),
                                           role=Membership.Role.MEMBER).user,
            "other": MembershipFactory(organisation=self.b, user=UserFactory(username="other")).user,
            "operator": operator,
        }
        c_member = MembershipFactory(organisation=self.c, user=UserFactory(username="c-member")).user
        d_member = MembershipFactory(organisation=self.d, user=UserFactory(username="d-member")).user
        self.patent = PatentFactory(publication_number="CN1234567C")
        self.published = PublishedListingFactory(owner=self.a, patent=self.patent)
        self.draft = ListingFactory(owner=self.a)
        self.demand = DemandFactory(organisation=self.a, published=False, title="甲的需求")
        self.board_demand = DemandFactory(organisation=self.b, published=True, title="公开需求")
        with TestCase.captureOnCommitCallbacks(execute=True):
            self.deal = deal_open_or_continue(listing=self.published, buyer=self.b, author=self.users["other"],
                                              body="我们对该专利的许可感兴趣。")
            deal_message_post(deal=self.deal, author=self.users["owner"], body="欢迎，请提出条件。")
            self.offer = offer_make(deal=self.deal, author=self.users["other"],
                                    terms=good_terms([self.patent.pk]), note="首次报价")
            c_listing = PublishedListingFactory(owner=self.c)
            self.foreign_deal = deal_open_or_continue(listing=c_listing, buyer=self.d, author=d_member,
                                                      body="丁对丙的专利感兴趣。")
        self.c_member = c_member
        self.colleague_token, _key = api_token_create(user=self.users["colleague"], name="ERP",
                                                      actor=self.users["colleague"])
        # A patent A applied for, not yet listed: what a create request lists.
        self.unlisted_patent = PatentFactory(publication_number="CN7654321C", applicants=["甲大学"])
        vouchers = OfficerObjects(operator)
        self.vouchers = vouchers
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        self.users.update({
            "enterprise": users.get(username="user-matrix-enterprise"),
            "agent": users.get(username="agent-matrix-agency"),
            "officer": users.get(username="matrix-officer"),
        })

    def client(self, role: str) -> APIClient:
        """An API client with a fresh token of the role's user (none for anonymous)."""
        client = APIClient()
        if role != "anonymous":
            user = self.users[role]
            _token, key = api_token_create(user=user, name=f"test-{APIClient.__name__}-{id(client)}", actor=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client
