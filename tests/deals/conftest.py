import pytest
from django.utils import translation

from marketplace.models import Organisation

from ..factories import MembershipFactory, OrganisationFactory, PublishedListingFactory, UserFactory


@pytest.fixture
def listing(university):
    """A published listing of the university (whose member is the `university_member` fixture)."""
    return PublishedListingFactory(owner=university)


@pytest.fixture
def buyer_org(db):
    return OrganisationFactory(name_zh="苏州测试电池有限公司", name_en="Suzhou Test Battery Co.",
                               kind=Organisation.Kind.ENTERPRISE)


@pytest.fixture
def buyer(buyer_org):
    return MembershipFactory(organisation=buyer_org, user=UserFactory(username="buyer")).user


@pytest.fixture
def buyer_colleague(buyer_org):
    return MembershipFactory(organisation=buyer_org, user=UserFactory(username="buyer2")).user


@pytest.fixture
def seller(university_member):
    return university_member


@pytest.fixture
def outsider(db):
    return MembershipFactory(user=UserFactory(username="outsider")).user


@pytest.fixture
def english(settings):
    """Messages asserted in their English source text: services in English, and pages for a browser asking for it."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
