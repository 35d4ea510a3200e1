from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.models import Demand, Listing, Membership, Organisation, Patent, PatentPool, User
from marketplace.permissions import is_operator

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Patent, Listing, Organisation, PatentPool, Demand, User, Membership)}


def test_demo_data_loads_twice_without_duplicates():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    first = counts()
    call_command("load_demo_data", stdout=StringIO())
    assert counts() == first

    published = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    assert published.count() >= 1000
    assert not published.filter(patent__expiry_date__lt="2025-01-01").exists()
    pools = PatentPool.objects.prefetch_related("members")
    assert 3 <= pools.count() <= 5
    for pool in pools:
        assert pool.total_share() == 100 and pool.members.count() >= 2
        assert len({p.ipc_class for p in pool.patents.all()}) == 1
        assert pool.listings.get().status == Listing.Status.PUBLISHED
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    assert Organisation.objects.filter(kind=Organisation.Kind.SERVICE_AGENCY).count() == 3
    assert Demand.objects.filter(status=Demand.Status.OPEN).count() >= 5
    operator = User.objects.get(username="demo_operator")
    assert operator.is_staff and operator.is_superuser and is_operator(operator)
    buyer = User.objects.get(username="demo_buyer")
    assert not buyer.is_staff and buyer.check_password("ipmarket-demo")
    assert "demo_university" in out.getvalue() and "ipmarket-demo" in out.getvalue()
