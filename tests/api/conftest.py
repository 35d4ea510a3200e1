import pytest

from .world import World


@pytest.fixture
def world(operator, db):
    return World(operator)
