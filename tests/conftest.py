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
