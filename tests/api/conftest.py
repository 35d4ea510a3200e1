import pytest
from django.db import transaction

from marketplace.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .world import World


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One World for a whole module (it takes seconds to make): built in a transaction rolled back at the end;
    each test runs in a savepoint inside it (pytest-django's django_db), so tests still cannot see each other."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            centre = OrganisationFactory(name_zh="知识产权运营交易中心", slug="centre",
                                         kind=Organisation.Kind.OPERATION_CENTRE)
            operator = MembershipFactory(organisation=centre, user=UserFactory(username="operator")).user
            yield World(operator)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db):
    return shared_world
