import pytest

from marketplace.models import Organisation
from search.backends import get_backend

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (Redis when REDIS_URL is set): rate-limit counts do not leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator(db):
    """A member of the operation centre, who moderates listings."""
    centre = OrganisationFactory(name_zh="知识产权运营交易中心", slug="centre", kind=Organisation.Kind.OPERATION_CENTRE)
    return MembershipFactory(organisation=centre, user=UserFactory(username="operator")).user


@pytest.fixture
def university_member(db):
    return MembershipFactory(user=UserFactory(username="tto")).user


@pytest.fixture
def university(university_member):
    return university_member.organisations.get()


@pytest.fixture
def site_pages(db):
    """The CMS page tree (home, /listings/, /organisations/, /news/, the guide) as `setup_site` builds it."""
    import io

    from django.core.management import call_command

    from cms.models import HomePage

    call_command("setup_site", stdout=io.StringIO())
    return HomePage.objects.get()


@pytest.fixture
def site_index(db):
    """The site's own engine (settings), emptied for the test."""
    backend = get_backend()
    backend.configure()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def buyer_org(db):
    """An SME that inquires, negotiates and licenses (deals and licences tests)."""
    return OrganisationFactory(name_zh="苏州测试电池有限公司", name_en="Suzhou Test Battery Co.",
                               slug="suzhou-battery", kind=Organisation.Kind.ENTERPRISE)


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
