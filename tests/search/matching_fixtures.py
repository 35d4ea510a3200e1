"""Listings and demands for the matching and alert tests, indexed in the embedded engine."""

from decimal import Decimal

import pytest

from marketplace.models import Organisation
from search.backends import get_backend
from search.documents import listing_documents

from ..factories import (
    DemandFactory,
    MembershipFactory,
    OrganisationFactory,
    PatentFactory,
    PublishedListingFactory,
)


@pytest.fixture
def search_index(db):
    backend = get_backend()
    backend.configure()
    backend.clear()

    def index(*listings):
        backend.index(listing_documents(listings))

    yield index
    backend.clear()


def battery_listing(**fields):
    """A Chinese patent on lithium-battery cathodes, offered by a university in Beijing."""
    fields.setdefault("asking_price", Decimal("300000"))
    return PublishedListingFactory(**fields)


def english_only_listing(**fields):
    """A US patent with an English title only."""
    patent = PatentFactory(
        publication_number="US9876543B2",
        jurisdiction="US",
        title_zh="",
        title_en="Positive electrode material for lithium ion battery with layered oxide coating",
        abstract_en="A cathode material for a lithium ion battery having improved cycle life.",
        ipc_main="H01M4/525",
        ipc_codes=["H01M4/525"],
    )
    return PublishedListingFactory(patent=patent, title_zh="", **fields)


def unrelated_listing(**fields):
    patent = PatentFactory(
        title_zh="一种茶叶揉捻机",
        title_en="Tea leaf rolling machine",
        ipc_main="A23F3/06",
        ipc_codes=["A23F3/06"],
        ipc_section="A",
        ipc_class="A23",
    )
    return PublishedListingFactory(patent=patent, **fields)


def sme_demand(**fields):
    """An open demand of an SME in Shenzhen; its member is the demand's subscriber."""
    organisation = OrganisationFactory(kind=Organisation.Kind.ENTERPRISE, province="广东省", city="深圳市")
    member = MembershipFactory(organisation=organisation).user
    fields = {"province": "广东省", "city": "深圳市", **fields}
    return DemandFactory(organisation=organisation, created_by=member, **fields)


__all__ = ["battery_listing", "english_only_listing", "search_index", "sme_demand", "unrelated_listing"]
