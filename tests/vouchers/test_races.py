"""The voucher money never overspends under concurrency (PostgreSQL, threads each on its own connection): many
approvals against one budget, one enterprise approved in two programmes at once against its annual cap, one
order claimed twice at once, one invoice number claimed twice at once, expiry racing an order, many orders on
one voucher at once."""

import datetime
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition
from payments.services import payment_confirm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.ledger import balance, budget_account, funding_account, hold_account, voucher_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, ServiceCategory, ServiceOrder, ServiceProduct, Voucher
from vouchers.services.applications import application_approve, application_submit
from vouchers.services.claims import claim_submit
from vouchers.services.expiry import voucher_expire
from vouchers.services.orders import order_confirm, order_deliver, order_place
from vouchers.services.programmes import programme_create, programme_open

from ..concurrency import race, racing
from .conftest import issue_voucher, pdf, programme_fields

CLIENTS = 16
TRIALS = 4


def new_enterprise(name: str) -> tuple[Organisation, object]:
    org = OrganisationFactory(name_zh=name, kind=Organisation.Kind.ENTERPRISE, province="江苏省", city="苏州市")
    return org, MembershipFactory(organisation=org, user=UserFactory()).user


def open_programme(authority, officer, budget: str, **fields):
    return programme_open(programme=programme_create(authority=authority, actor=officer, budget=budget,
                                                     **programme_fields(**fields)), actor=officer)


@racing
def test_sixteen_approvals_against_a_budget_for_six(authority, officer):
    programme = open_programme(authority, officer, "32000.00")  # 6 vouchers of 5,000 and 2,000 over
    applications = []
    for n in range(CLIENTS):
        org, member = new_enterprise(f"并发企业{n}")
        applications.append(application_submit(programme=programme, applicant=org, actor=member, employees=10,
                                               annual_revenue="1000000", purpose="检索"))
    outcomes = race(*[lambda a=a: application_approve(application=a, actor=officer) for a in applications])
    assert all(o.ok or isinstance(o.error, ValidationError) for o in outcomes), [o.error for o in outcomes]
    assert sum(o.ok for o in outcomes) == 32000 // 5000 == Voucher.objects.filter(programme=programme).count()
    assert balance(budget_account(programme.pk)) == Decimal("2000.00")
    assert ledger_problems() == []


@racing
def test_one_enterprise_approved_in_two_programmes_at_once_stays_within_its_annual_cap(authority, officer):
    first = open_programme(authority, officer, "100000.00")  # 5,000 a voucher; 8,000 a year per enterprise
    second = open_programme(authority, officer, "100000.00", name_zh="第二期服务券")
    for trial in range(TRIALS):
        org, member = new_enterprise(f"双申企业{trial}")
        pair = [application_submit(programme=p, applicant=org, actor=member, employees=10,
                                   annual_revenue="1000000", purpose="检索") for p in (first, second)]
        outcomes = race(*[lambda a=a: application_approve(application=a, actor=officer) for a in pair])
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert isinstance(next(o.error for o in outcomes if not o.ok), ValidationError)
        assert Voucher.objects.filter(holder=org).count() == 1
    assert balance(budget_account(first.pk)) + balance(budget_account(second.pk)) == Decimal("200000.00") - (
        TRIALS * Decimal("5000.00"))
    assert ledger_problems() == []


def confirmed_order(voucher, product, buyer, operator, agency_member) -> ServiceOrder:
    order = order_place(voucher=voucher, product=product, actor=buyer)
    payment_confirm(payment=order.copay_payment, actor=operator, reference=f"BANK-{order.pk}")  # starts on commit
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    order = order_deliver(order=order, actor=agency_member, deliverable=pdf())
    return order_confirm(order=order, actor=buyer, rating=5)


@racing
def test_one_order_claimed_twice_at_once_gives_one_claim(voucher, agency, accreditation, agency_member, buyer,
                                                         operator):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    for trial in range(TRIALS):
        order = confirmed_order(voucher, cheap, buyer, operator, agency_member)
        outcomes = race(*[lambda n=n: claim_submit(order=order, actor=agency_member, invoice_number=f"T{trial}-{n}",
                                                   contract=pdf(), copay_proof=pdf()) for n in range(2)])
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert isinstance(next(o.error for o in outcomes if not o.ok), (IllegalTransition, ValidationError))
        assert Claim.objects.filter(order=order).count() == 1
    assert ledger_problems() == []


@racing
def test_one_invoice_number_claimed_on_two_orders_at_once_is_accepted_once(voucher, agency, accreditation,
                                                                          agency_member, buyer, operator):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    for trial in range(TRIALS):
        orders = [confirmed_order(voucher, cheap, buyer, operator, agency_member) for _ in range(2)]
        outcomes = race(*[lambda o=o: claim_submit(order=o, actor=agency_member, invoice_number=f"INV-{trial}",
                                                   contract=pdf(), copay_proof=pdf()) for o in orders])
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        refused = next(o.error for o in outcomes if not o.ok)
        assert isinstance(refused, ValidationError) and "invoice_number" in refused.message_dict
        assert Claim.objects.filter(agency=agency, invoice_number=f"INV-{trial}").count() == 1
        # The refused order is still there to claim with the right invoice.
        assert ServiceOrder.objects.filter(pk__in=[o.pk for o in orders],
                                           status=ServiceOrder.Status.CONFIRMED).count() == 1
    assert ledger_problems() == []


@racing
def test_expiry_racing_an_order_on_the_same_voucher_keeps_the_ledger_whole(programme, product, buyer_org, buyer,
                                                                           officer):
    placed = 0
    for trial in range(TRIALS):
        if trial:
            buyer_org, buyer = new_enterprise(f"到期企业{trial}")
        voucher = issue_voucher(programme, buyer_org, buyer, officer)
        due = timezone.now() + datetime.timedelta(milliseconds=30)
        Voucher.objects.filter(pk=voucher.pk).update(expires_at=due)

        def expire_when_due(voucher=voucher, due=due):
            while timezone.now() <= due:
                time.sleep(0.002)
            return voucher_expire(voucher=voucher)

        time.sleep(max((due - timezone.now()).total_seconds() - 0.01, 0))
        outcomes = race(lambda voucher=voucher: order_place(voucher=voucher, product=product, actor=buyer),
                        expire_when_due)
        assert outcomes[1].ok and outcomes[1].value.status == Voucher.Status.EXPIRED, outcomes[1].error
        assert balance(voucher_account(voucher.pk)) == 0
        order = ServiceOrder.objects.filter(voucher=voucher).first()
        if outcomes[0].ok:
            placed += 1
            assert balance(hold_account(order.pk)) == Decimal("5000.00")
        else:
            assert isinstance(outcomes[0].error, ValidationError) and order is None
    held = sum(balance(hold_account(o.pk)) for o in ServiceOrder.objects.filter(programme=programme))
    # Every yuan is in the budget or held for an order placed before the voucher expired: none lost or doubled.
    assert balance(budget_account(programme.pk)) + held == -balance(funding_account(programme.pk))
    assert ledger_problems() == []


@racing
def test_many_orders_on_one_voucher_at_once_never_spend_more_than_it_holds(voucher, agency, accreditation, buyer):
    # 60 % of 3,000 is 1,800: two orders take 3,600, the third what is left (1,400), the rest nothing.
    product = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                            description_zh="检索", price=Decimal("3000.00"), delivery_days=5)
    outcomes = race(*[lambda: order_place(voucher=voucher, product=product, actor=buyer) for _ in range(8)])
    assert all(o.ok or isinstance(o.error, ValidationError) for o in outcomes), [o.error for o in outcomes]
    placed = sorted(o.value.voucher_amount for o in outcomes if o.ok)
    assert placed == [Decimal("1400.00"), Decimal("1800.00"), Decimal("1800.00")]
    assert balance(voucher_account(voucher.pk)) == 0
    assert sum(balance(hold_account(o.value.pk)) for o in outcomes if o.ok) == Decimal("5000.00")
    assert ledger_problems() == []
