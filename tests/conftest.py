import pytest
from celery.result import _set_task_join_will_block
from django.db import connection
from pytest_django.plugin import blocking_manager_key

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


def _restores_reference_data(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback"))


_reference_data_flushed = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Put the migrations' reference data back before a database test that follows a transactional one.

    A transactional test (races, the browser) restores the reference data (content types, IPC classes, deal types)
    when it starts and flushes every table when it ends. pytest-django runs such tests last so that nothing
    follows the flush, but a parallel run (pytest-xdist, as in CI) hands each process whole files in its own
    order: a file's ordinary tests may come after another file's transactional ones, so the data is restored here.
    """
    global _reference_data_flushed
    if _restores_reference_data(item):
        _reference_data_flushed = True
        return
    uses_database = item.get_closest_marker("django_db") is not None or "db" in getattr(item, "fixturenames", ())
    if not _reference_data_flushed or not uses_database:
        return
    with item.config.stash[blocking_manager_key].unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    _reference_data_flushed = False


@pytest.fixture(autouse=True)
def celery_may_join_results():
    """Celery keeps "a task is running here, joining a result would block" in one process-wide flag, which eager
    tasks run from racing threads can leave set (each restores the value it saw on entry); a later test's
    `result.get()` would then fail with "Never call result.get() within a task"."""
    _set_task_join_will_block(False)


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
