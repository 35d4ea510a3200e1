"""Officers acting at once on PostgreSQL: money moves once and the ledger stays whole after every race
(vouchers.ledger_check). Two officers marking one batch paid, two creating the cycle's batch, two approving one
claim, and approvals racing for the last of a budget."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from marketplace.workflow import IllegalTransition
from payments.models import Payment
from vouchers.ledger import balance, budget_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, LedgerTransaction, SettlementBatch, Voucher, VoucherApplication
from vouchers.services.applications import application_approve, application_submit
from vouchers.services.claims import claim_approve
from vouchers.services.programmes import programme_create, programme_open
from vouchers.services.settlement import batch_create, batch_mark_paid

from ..concurrency import race, racing
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .conftest import programme_fields
from .officer_helpers import enterprise_with_voucher, submitted_claim

TRIALS = 3


def _programme(authority, officer, trial: int, budget="100000.00", **overrides):
    programme = programme_create(authority=authority, actor=officer, budget=budget,
                                 **programme_fields(name_zh=f"竞争测试服务券 {trial}", **overrides))
    return programme_open(programme=programme, actor=officer)


def _claim(programme, officer, product, agency_member, operator, trial: int, n: int = 0):
    _, member, voucher = enterprise_with_voucher(programme, officer, slug=f"race-{programme.pk}-{n}")
    return submitted_claim(voucher=voucher, product=product, buyer=member, agency_member=agency_member,
                           operator=operator, invoice=f"RACE-{programme.pk}-{n}")


def _refused(outcome) -> bool:
    return isinstance(outcome.error, (ValidationError, IllegalTransition))


@racing
def test_two_officers_marking_one_batch_paid_pay_it_once(authority, officer, second_officer, product, agency,
                                                         agency_member, operator):
    for trial in range(TRIALS):
        programme = _programme(authority, officer, trial)
        claims = [claim_approve(claim=_claim(programme, officer, product, agency_member, operator, trial, n),
                                actor=officer) for n in range(2)]
        batch = batch_create(programme=programme, actor=officer)
        outcomes = race(lambda: batch_mark_paid(batch=batch, actor=officer, bank_reference="GK-1"),
                        lambda: batch_mark_paid(batch=batch, actor=second_officer, bank_reference="GK-2"))
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert all(o.ok or _refused(o) for o in outcomes)
        batch.refresh_from_db()
        assert batch.status == SettlementBatch.Status.PAID
        assert LedgerTransaction.objects.filter(kind="settle", programme=programme).count() == len(claims)
        assert Payment.objects.filter(payer=authority, payee=agency, amount=Decimal("10000.00"),
                                      status=Payment.Status.SUCCEEDED,
                                      purpose_id=str(batch.pk)).count() == 1
        assert set(Claim.objects.filter(programme=programme).values_list("status", flat=True)) == {"settled"}
        assert ledger_problems() == []


@racing
def test_two_officers_creating_the_cycles_batch_make_one(authority, officer, second_officer, product, agency_member,
                                                         operator):
    for trial in range(TRIALS):
        programme = _programme(authority, officer, trial)
        claim = claim_approve(claim=_claim(programme, officer, product, agency_member, operator, trial), actor=officer)
        outcomes = race(lambda: batch_create(programme=programme, actor=officer),
                        lambda: batch_create(programme=programme, actor=second_officer))
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert all(o.ok or _refused(o) for o in outcomes)
        (batch,) = SettlementBatch.objects.filter(programme=programme)
        claim.refresh_from_db()
        assert claim.batch == batch
        assert ledger_problems() == []


@racing
def test_two_officers_approving_one_claim_redeem_it_once(authority, officer, second_officer, product, agency_member,
                                                         operator):
    for trial in range(TRIALS):
        programme = _programme(authority, officer, trial)
        claim = _claim(programme, officer, product, agency_member, operator, trial)
        outcomes = race(lambda: claim_approve(claim=claim, actor=officer),
                        lambda: claim_approve(claim=claim, actor=second_officer))
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert all(o.ok or _refused(o) for o in outcomes)
        assert LedgerTransaction.objects.filter(kind="redeem", claim=claim).count() == 1
        assert claim.reviews.count() == 1
        assert ledger_problems() == []


@racing
def test_approvals_racing_for_the_last_of_a_budget_never_overspend(authority, officer, second_officer):
    for trial in range(TRIALS):
        # 7,000 left: one 5,000 voucher fits, the second does not.
        programme = _programme(authority, officer, trial, budget="7000.00")
        applications = []
        for n in range(2):
            enterprise = OrganisationFactory(name_zh=f"预算竞争企业 {trial}-{n}", slug=f"budget-{trial}-{n}",
                                             kind="enterprise", province="江苏省", city="苏州市")
            member = MembershipFactory(organisation=enterprise, user=UserFactory(username=f"b-{trial}-{n}")).user
            applications.append(application_submit(programme=programme, applicant=enterprise, actor=member,
                                                    employees=20, annual_revenue="1000000", purpose="检索"))
        outcomes = race(lambda: application_approve(application=applications[0], actor=officer),
                        lambda: application_approve(application=applications[1], actor=second_officer))
        assert sorted(o.ok for o in outcomes) == [False, True], [o.error for o in outcomes]
        assert all(o.ok or _refused(o) for o in outcomes)
        assert Voucher.objects.filter(programme=programme).count() == 1
        assert balance(budget_account(programme.pk)) == Decimal("2000.00")
        assert VoucherApplication.objects.filter(programme=programme, status="submitted").count() == 1
        assert ledger_problems() == []

