import pytest
from django.utils import translation

from ..factories import PublishedListingFactory


@pytest.fixture
def listing(university):
    """A published listing of the university (whose member is the `university_member` fixture)."""
    return PublishedListingFactory(owner=university)


@pytest.fixture
def english(settings):
    """Messages asserted in their English source text: services in English, and pages for a browser asking for it."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
