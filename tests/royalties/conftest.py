"""The parties of a licence and its pool."""

from decimal import Decimal

import pytest

from marketplace.models import Organisation, PatentPool, PoolMember

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .helpers import licence_create


@pytest.fixture
def licensor(db):
    return OrganisationFactory(name_zh="华东理工大学", name_en="East China University")


@pytest.fixture
def licensee(db):
    return OrganisationFactory(name_zh="苏州锂电科技有限公司", name_en="Suzhou Lithium Tech",
                               kind=Organisation.Kind.ENTERPRISE)


@pytest.fixture
def licensor_user(licensor):
    return MembershipFactory(organisation=licensor, user=UserFactory(username="licensor")).user


@pytest.fixture
def licensee_user(licensee):
    return MembershipFactory(organisation=licensee, user=UserFactory(username="licensee")).user


@pytest.fixture
def licensee_colleague(licensee):
    return MembershipFactory(organisation=licensee, user=UserFactory(username="licensee2")).user


@pytest.fixture
def outsider(db):
    return MembershipFactory(user=UserFactory(username="outsider")).user


@pytest.fixture
def licence(licensor, licensee):
    return licence_create(licensor=licensor, licensee=licensee, minimum="20000")


@pytest.fixture
def pool(licensor):
    """A pool administered by the licensor, with three members (the licensor among them)."""
    pool = PatentPool.objects.create(name_zh="锂电池专利池", name_en="Lithium battery pool", slug="li-pool",
                                     administrator=licensor)
    for organisation, share in ((licensor, "50"), (OrganisationFactory(name_zh="北方工业大学"), "30"),
                                (OrganisationFactory(name_zh="南方材料研究院"), "20")):
        PoolMember.objects.create(pool=pool, organisation=organisation, share=Decimal(share))
    return pool


@pytest.fixture(autouse=True)
def english(settings):
    """Messages asserted in their English source text: services in English, and pages for a browser asking for
    it (notices still go out in each recipient's own language)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
