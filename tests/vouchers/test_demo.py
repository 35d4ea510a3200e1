"""load_demo_vouchers: the demo vouchers at every stage, made through the services, loaded twice without
duplicates, with the ledger reconciled. (The whole load_demo_data, which runs it, is tests/test_demo_data.py.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.demo import content
from marketplace.models import Membership, Organisation, User
from marketplace.services.organisations import organisation_get_or_create
from vouchers.demo import FIRST_PROGRAMME, SECOND_PROGRAMME
from vouchers.ledger_check import ledger_problems
from vouchers.models import (
    Accreditation,
    Claim,
    LedgerLine,
    Programme,
    ServiceOrder,
    ServiceProduct,
    SettlementBatch,
    Voucher,
    VoucherApplication,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts():
    """What load_demo_data makes that the demo vouchers use: the organisations and the demo accounts."""
    specs = [content.CENTRE, content.VOUCHER_AUTHORITY, *content.SERVICE_AGENCIES,
             *(sme for sme, _demands in content.SMES)]
    organisations = {spec["name_zh"]: organisation_get_or_create(**spec)[0] for spec in specs}
    for username, display_name, _role, organisation in content.USERS:
        user = User.objects.create_user(username=username, password=content.DEMO_PASSWORD,
                                        display_name=display_name)
        Membership.objects.create(organisation=organisations.get(organisation) or _other(organisation), user=user,
                                  role=Membership.Role.ADMIN)
    return organisations


def _other(name: str) -> Organisation:
    return organisation_get_or_create(name_zh=name, kind=Organisation.Kind.OPERATING_AGENCY)[0]


def snapshot() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Programme, Accreditation, ServiceProduct, VoucherApplication, Voucher, ServiceOrder, Claim,
        SettlementBatch, LedgerLine, User)}


def test_demo_vouchers_at_every_stage_loaded_once(demo_accounts):
    out = StringIO()
    call_command("load_demo_vouchers", stdout=out)
    assert "ledger=ok" in out.getvalue()
    authority = demo_accounts[content.VOUCHER_AUTHORITY["name_zh"]]
    assert set(Programme.objects.filter(authority=authority).values_list("name_zh", flat=True)) == {
        FIRST_PROGRAMME, SECOND_PROGRAMME}
    accreditations = Accreditation.objects.filter(authority=authority)
    assert accreditations.filter(status=Accreditation.Status.ACTIVE).count() == 3
    assert accreditations.filter(status=Accreditation.Status.NOTICE).count() == 1
    for accreditation in accreditations.filter(status=Accreditation.Status.ACTIVE):
        products = ServiceProduct.objects.filter(agency=accreditation.agency)
        assert 2 <= products.count() <= 3 and products.values("category").distinct().count() >= 2
    unused = Voucher.objects.filter(status=Voucher.Status.ACTIVE, orders__isnull=True)
    assert unused.exists()
    statuses = set(ServiceOrder.objects.values_list("status", flat=True))
    assert {ServiceOrder.Status.PLACED, ServiceOrder.Status.IN_PROGRESS, ServiceOrder.Status.DELIVERED,
            ServiceOrder.Status.CLAIMED, ServiceOrder.Status.REDEEMED, ServiceOrder.Status.SETTLED} <= statuses
    assert set(Claim.objects.values_list("status", flat=True)) == {
        Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.SETTLED}
    batch = SettlementBatch.objects.get()
    assert batch.status == SettlementBatch.Status.PAID and batch.period_end < batch.paid_at.date()
    assert VoucherApplication.objects.filter(status=VoucherApplication.Status.SUBMITTED).count() == 1
    assert ledger_problems() == []
    before = snapshot()
    again = StringIO()
    call_command("load_demo_vouchers", stdout=again)
    assert "already loaded" in again.getvalue()
    assert snapshot() == before


def test_demo_vouchers_need_the_demo_accounts(db):
    with pytest.raises(CommandError, match="load_demo_data first"):
        call_command("load_demo_vouchers", stdout=StringIO())
