import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace.models import Demand, Organisation, PatentPool
from marketplace.services import demands as demand_svc
from marketplace.services.pools import pool_create
from marketplace.workflow import IllegalTransition, history

from .factories import MembershipFactory, OrganisationFactory, PatentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sme_member():
    sme = OrganisationFactory(name_zh="苏州某电池有限公司", slug="sme", kind=Organisation.Kind.ENTERPRISE)
    return MembershipFactory(organisation=sme, user=UserFactory(username="buyer")).user


def test_demand_created_normalised_and_audited(sme_member):
    demand = demand_svc.demand_create(
        organisation=sme_member.organisations.get(), actor=sme_member, title=" 寻找储氢材料 ",
        description="需要低成本储氢合金技术", ipc_hints=["c01b", " H01M10/05 "], deal_types=["exclusive_licence"],
        budget_min=Decimal("100000"), budget_max=Decimal("500000"),
    )
    assert demand.title == "寻找储氢材料"
    assert demand.ipc_hints == ["C01B", "H01M10/05"]
    assert list(demand.deal_types.values_list("code", flat=True)) == ["exclusive_licence"]
    assert history(demand).get().action == "create"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"ipc_hints": ["battery"]}, "ipc_hints"),
        ({"budget_min": Decimal("10"), "budget_max": Decimal("5")}, "budget_max"),
        ({"deadline": datetime.date(2000, 1, 1)}, "deadline"),
        ({"deal_types": ["barter"]}, "deal_types"),
    ],
)
def test_bad_demand_input_is_rejected_with_a_message(sme_member, fields, field):
    with pytest.raises(ValidationError) as error:
        demand_svc.demand_create(organisation=sme_member.organisations.get(), actor=sme_member, title="t",
                                 description="d", **fields)
    assert field in error.value.message_dict
    assert not Demand.objects.exists()


def test_demand_lifecycle_and_permissions(sme_member):
    demand = demand_svc.demand_create(organisation=sme_member.organisations.get(), actor=sme_member,
                                      title="t", description="d")
    with pytest.raises(PermissionDenied):
        demand_svc.demand_close(demand=demand, actor=UserFactory(username="other"))
    demand = demand_svc.demand_mark_matched(demand=demand, actor=sme_member)
    demand = demand_svc.demand_close(demand=demand, actor=sme_member, reason="found a licensor")
    assert demand.status == Demand.Status.CLOSED
    with pytest.raises(IllegalTransition):
        demand_svc.demand_reopen(demand=demand, actor=sme_member)


def test_overdue_open_demands_expire(sme_member):
    demand = demand_svc.demand_create(organisation=sme_member.organisations.get(), actor=sme_member,
                                      title="t", description="d", deadline=datetime.date.today())
    assert demand_svc.demands_expire_due(today=datetime.date.today()) == 0
    assert demand_svc.demands_expire_due(today=datetime.date.today() + datetime.timedelta(days=1)) == 1
    demand.refresh_from_db()
    assert demand.status == Demand.Status.EXPIRED


def test_pool_member_shares_must_sum_to_100():
    agency = OrganisationFactory(kind=Organisation.Kind.OPERATING_AGENCY)
    a, b = OrganisationFactory(), OrganisationFactory()
    patents = [PatentFactory(), PatentFactory()]
    with pytest.raises(ValidationError, match="100"):
        pool_create(name_zh="锂电池专利池", administrator=agency, patents=patents,
                    members=[(a, Decimal("60")), (b, Decimal("30"))])
    with pytest.raises(ValidationError):
        pool_create(name_zh="锂电池专利池", administrator=agency, patents=patents,
                    members=[(a, Decimal("60")), (a, Decimal("40"))])
    with pytest.raises(ValidationError) as error:
        pool_create(name_zh="锂电池专利池", administrator=agency, patents=patents,
                    members=[(a, Decimal("60")), (b, Decimal("40"))], licence_types=["barter"])
    assert "licence_types" in error.value.message_dict
    assert not PatentPool.objects.exists()
    pool = pool_create(name_zh="锂电池专利池", administrator=agency, patents=patents,
                       members=[(a, Decimal("60")), (b, Decimal("40"))], licence_types=["non_exclusive_licence"],
                       royalty_rate=Decimal("3.5"))
    assert pool.total_share() == Decimal("100")
    assert pool.patents.count() == 2
    assert pool.identifier == f"POOL-{pool.pk}"
