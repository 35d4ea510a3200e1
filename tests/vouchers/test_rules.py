"""The money rules of the voucher scheme, each through the services: a refusal names its reason and leaves the
ledger as it was; what is accepted keeps the ledger reconciled."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition
from payments.services import payment_confirm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.ledger import (
    Kind,
    balance,
    budget_account,
    hold_account,
    receivable_account,
    voucher_account,
)
from vouchers.ledger_check import ledger_problems
from vouchers.models import (
    Accreditation,
    AppendOnly,
    Claim,
    LedgerLine,
    LedgerTransaction,
    Programme,
    ServiceCategory,
    ServiceOrder,
    ServiceProduct,
    Voucher,
    VoucherApplication,
)
from vouchers.risk import claim_risk_flags
from vouchers.services.applications import application_approve, application_submit
from vouchers.services.claims import claim_approve, claim_reject, claim_submit
from vouchers.services.expiry import orders_lapse_due, vouchers_expire_due
from vouchers.services.orders import order_confirm, order_deliver, order_place
from vouchers.services.programmes import programme_create, programme_open
from vouchers.services.sanctions import sanction_impose, sanction_lift
from vouchers.workflows import ACCREDITATION_WORKFLOW

from .conftest import issue_voucher, pdf, programme_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages asserted are the English source strings."""
    with translation.override("en"):
        yield


def ledger_state() -> tuple[int, list[str]]:
    """What a refusal must leave as it was: the ledger's lines, and a clean check."""
    return LedgerLine.objects.count(), ledger_problems()


def enterprise(name: str, **fields) -> tuple[Organisation, object]:
    org = OrganisationFactory(name_zh=name, kind=Organisation.Kind.ENTERPRISE, province="江苏省", city="苏州市",
                              **fields)
    return org, MembershipFactory(organisation=org, user=UserFactory()).user


@pytest.fixture
def paid_order(voucher, product, buyer, operator, django_capture_on_commit_callbacks):
    """Place an order on `voucher` and have the co-payment confirmed: the agency may start."""

    def make(*, product=product, price=None, voucher=voucher, buyer=buyer) -> ServiceOrder:
        order = order_place(voucher=voucher, product=product, actor=buyer, price=price)
        with django_capture_on_commit_callbacks(execute=True):
            payment_confirm(payment=order.copay_payment, actor=operator, reference=f"BANK-{order.pk}")
        order.refresh_from_db()
        assert order.status == ServiceOrder.Status.IN_PROGRESS
        return order

    return make


@pytest.fixture
def confirmed_order(paid_order, agency_member, buyer):
    def make(**kwargs) -> ServiceOrder:
        order = paid_order(**kwargs)
        order = order_deliver(order=order, actor=agency_member, deliverable=pdf("report.pdf"))
        return order_confirm(order=order, actor=kwargs.get("buyer", buyer), rating=5)

    return make


def submit_claim(order, agency_member, invoice_number="INV-0001") -> Claim:
    return claim_submit(order=order, actor=agency_member, invoice_number=invoice_number, contract=pdf(),
                        copay_proof=pdf())


def move_claim_deadline(programme: Programme, deadline: datetime.date) -> None:
    """Programme dates set directly (no clock mocking in the dev dependencies); the window stays ordered."""
    programme.refresh_from_db()
    opens = min(programme.applications_open, deadline - datetime.timedelta(days=2))
    closes = min(programme.applications_close, deadline)
    Programme.objects.filter(pk=programme.pk).update(applications_open=opens, applications_close=closes,
                                                     claim_deadline=deadline)
    programme.refresh_from_db()


# --- The budget -------------------------------------------------------------------------------------------


def test_no_programme_budget_below_zero(authority, officer, english):
    programme = programme_open(programme=programme_create(authority=authority, actor=officer, budget="12000.00",
                                                          **programme_fields()), actor=officer)
    first, second, third = (issue_application(programme, f"企业{i}") for i in range(3))
    application_approve(application=first, actor=officer)
    application_approve(application=second, actor=officer)
    before = ledger_state()
    with pytest.raises(ValidationError, match="budget has 2000.00 CNY left, less than 5000.00 CNY"):
        application_approve(application=third, actor=officer)
    assert ledger_state() == before
    assert balance(budget_account(programme.pk)) == Decimal("2000.00")
    third.refresh_from_db()
    assert third.status == VoucherApplication.Status.SUBMITTED and not Voucher.objects.filter(application=third)


def issue_application(programme, name) -> VoucherApplication:
    org, member = enterprise(name)
    return application_submit(programme=programme, applicant=org, actor=member, employees=20,
                              annual_revenue="3000000", purpose="专利检索")


# --- Spending a voucher -----------------------------------------------------------------------------------


def test_voucher_never_spent_above_its_balance(voucher, agency, product, buyer, english):
    half_price = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH,
                                               title_zh="检索", description_zh="检索", price=Decimal("5000.00"),
                                               delivery_days=10)
    first = order_place(voucher=voucher, product=half_price, actor=buyer)
    assert first.voucher_amount == Decimal("3000.00")  # 60 % of 5,000
    second = order_place(voucher=voucher, product=half_price, actor=buyer)
    # Only 2,000 is left: the voucher pays that, the enterprise the other 3,000.
    assert (second.voucher_amount, second.copay_amount) == (Decimal("2000.00"), Decimal("3000.00"))
    assert balance(voucher_account(voucher.pk)) == 0
    before = ledger_state()
    with pytest.raises(ValidationError, match=f"Nothing is left on voucher {voucher.code}"):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before == (before[0], [])


def test_voucher_not_spent_after_its_expiry(voucher, product, buyer, english):
    Voucher.objects.filter(pk=voucher.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    before = ledger_state()
    with pytest.raises(ValidationError, match=f"Voucher {voucher.code} can no longer be used"):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before
    assert balance(voucher_account(voucher.pk)) == Decimal("5000.00")


def test_copay_ratio_respected_to_the_cent(voucher, agency, accreditation, buyer):
    odd = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.DRAFTING, title_zh="撰写",
                                        description_zh="发明专利撰写", price=Decimal("3333.33"), delivery_days=30)
    order = order_place(voucher=voucher, product=odd, actor=buyer)
    # 60 % of 3,333.33 is 1,999.998: the voucher pays 1,999.99 (never a cent over), the enterprise 1,333.34.
    assert (order.voucher_amount, order.copay_amount) == (Decimal("1999.99"), Decimal("1333.34"))
    assert order.copay_payment.amount == Decimal("1333.34")
    assert balance(hold_account(order.pk)) == Decimal("1999.99")
    assert balance(voucher_account(voucher.pk)) == Decimal("3000.01")
    assert ledger_problems() == []


# --- The annual cap ---------------------------------------------------------------------------------------


def test_annual_cap_per_sme_across_the_authoritys_programmes(authority, officer, voucher, buyer_org, buyer,
                                                             english):
    # `voucher` (5,000) came from the first programme; the annual cap of 8,000 leaves 3,000 this year.
    capped = programme_open(programme=programme_create(
        authority=authority, actor=officer, budget="50000.00",
        **programme_fields(name_zh="专利导航专项券", face_value_rule=Programme.FaceValue.CAPPED, face_value=None,
                           categories=[ServiceCategory.NAVIGATION])), actor=officer)
    application = application_submit(programme=capped, applicant=buyer_org, actor=buyer, employees=40,
                                     annual_revenue="8000000", purpose="专利导航", amount_requested="4000")
    before = ledger_state()
    with pytest.raises(ValidationError, match="already received 5000.00 CNY this year; the annual cap of 8000.00 "
                                              "CNY leaves 3000.00 CNY"):
        application_approve(application=application, actor=officer)
    assert ledger_state() == before
    second = application_approve(application=application, actor=officer, amount="3000.00")
    assert second.face_value == Decimal("3000.00")
    assert ledger_problems() == []


def test_annual_cap_ignores_another_authoritys_programmes(officer, voucher, buyer_org, buyer):
    other = OrganisationFactory(name_zh="无锡市知识产权局", kind=Organisation.Kind.VOUCHER_AUTHORITY)
    other_officer = MembershipFactory(organisation=other, user=UserFactory()).user
    programme = programme_open(programme=programme_create(authority=other, actor=other_officer,
                                                          budget="20000.00", **programme_fields()),
                               actor=other_officer)
    voucher2 = issue_voucher(programme, buyer_org, buyer, other_officer)
    assert voucher2.face_value == Decimal("5000.00")


# --- Claims -----------------------------------------------------------------------------------------------


def test_no_claim_after_the_claim_deadline(confirmed_order, agency_member, english):
    order = confirmed_order()
    move_claim_deadline(order.programme, timezone.localdate() - datetime.timedelta(days=1))
    before = ledger_state()
    with pytest.raises(ValidationError, match=r"claim deadline \(.+\) has passed"):
        submit_claim(order, agency_member)
    assert ledger_state() == before and not Claim.objects.exists()


def test_no_order_after_the_claim_deadline(voucher, product, buyer, english):
    move_claim_deadline(voucher.programme, timezone.localdate() - datetime.timedelta(days=1))
    before = ledger_state()
    with pytest.raises(ValidationError, match="claim deadline has passed"):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before


def test_one_claim_per_order(confirmed_order, agency_member):
    order = confirmed_order()
    submit_claim(order, agency_member, "INV-1")
    before = ledger_state()
    with pytest.raises(IllegalTransition):
        submit_claim(order, agency_member, "INV-2")
    assert Claim.objects.count() == 1 and ledger_state() == before


def test_invoice_number_claimed_once_per_agency(confirmed_order, agency, agency_member, english):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    first, second = confirmed_order(product=cheap), confirmed_order(product=cheap)
    submit_claim(first, agency_member, "No. 0451 2231")
    before = ledger_state()
    with pytest.raises(ValidationError, match="already claimed this invoice number"):
        submit_claim(second, agency_member, "NO.04512231")  # the same number, written differently
    second.refresh_from_db()
    assert second.status == ServiceOrder.Status.CONFIRMED and ledger_state() == before
    assert submit_claim(second, agency_member, "NO.04512232").invoice_number == "NO.04512232"


def test_the_same_invoice_number_at_another_agency_is_fine(confirmed_order, authority, buyer, operator,
                                                           agency_member, programme, voucher,
                                                           django_capture_on_commit_callbacks):
    submit_claim(confirmed_order(), agency_member, "INV-7")
    other = OrganisationFactory(name_zh="上海专利事务所", kind=Organisation.Kind.SERVICE_AGENCY,
                                legal_representative="赵六", address="上海市浦东新区", contact_phone="021-5555 0000")
    other_member = MembershipFactory(organisation=other, user=UserFactory()).user
    Accreditation.objects.create(agency=other, authority=authority, status=Accreditation.Status.ACTIVE,
                                 legal_entity=other.name_zh, unified_credit_code="91310000MA1X000001",
                                 legal_representative="赵六", founded=datetime.date(2012, 1, 1), premises="上海",
                                 staff_qualifications="代理师", services_and_prices="撰写")
    drafting = ServiceProduct.objects.create(agency=other, category=ServiceCategory.DRAFTING, title_zh="撰写",
                                             description_zh="撰写", price=Decimal("1000.00"), delivery_days=5)
    # The first order took all 5,000 of `voucher`: a voucher from another programme pays this one.
    assert balance(voucher_account(voucher.pk)) == 0
    second_programme = programme_open(programme=programme_create(
        authority=authority, actor=programme.created_by, budget="10000.00",
        **programme_fields(annual_cap_per_sme=None)), actor=programme.created_by)
    voucher2 = issue_voucher(second_programme, voucher.holder, buyer, programme.created_by)
    order = order_place(voucher=voucher2, product=drafting, actor=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=order.copay_payment, actor=operator, reference="BANK-X")
    order.refresh_from_db()
    order = order_deliver(order=order, actor=other_member, deliverable=pdf())
    order = order_confirm(order=order, actor=buyer, rating=4)
    assert submit_claim(order, other_member, "INV-7").agency == other
    assert ledger_problems() == []


# --- Conflict of interest ---------------------------------------------------------------------------------


def share_member(agency, buyer_org, buyer):
    MembershipFactory(organisation=agency, user=buyer)


def share_representative(agency, buyer_org, buyer):
    Organisation.objects.filter(pk=buyer_org.pk).update(legal_representative=" 王五 ")


def share_address(agency, buyer_org, buyer):
    Organisation.objects.filter(pk=buyer_org.pk).update(address="苏州工业园区星湖街328号")


def share_phone(agency, buyer_org, buyer):
    Organisation.objects.filter(pk=buyer_org.pk).update(contact_phone="+86 512 65881234")


@pytest.mark.parametrize("link, message", [
    (share_member, "share a member"), (share_representative, "same legal representative"),
    (share_address, "share an address"), (share_phone, "share a phone number"),
])
def test_agency_cannot_redeem_a_voucher_of_a_related_sme(link, message, voucher, product, agency, buyer_org, buyer,
                                                         english):
    link(agency, buyer_org, buyer)
    voucher.refresh_from_db()
    voucher.holder.refresh_from_db()
    before = ledger_state()
    with pytest.raises(ValidationError, match=message):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before and not ServiceOrder.objects.exists()


def test_a_conflict_found_after_ordering_blocks_the_claim(confirmed_order, agency, buyer_org, agency_member,
                                                         english):
    order = confirmed_order()
    share_phone(agency, buyer_org, None)
    order.buyer.refresh_from_db()
    before = ledger_state()
    with pytest.raises(ValidationError, match="share a phone number"):
        submit_claim(order, agency_member)
    assert ledger_state() == before and not Claim.objects.exists()


# --- Risk flags -------------------------------------------------------------------------------------------


def test_risk_flags_price_pair_deadline_and_fast_confirmation(confirmed_order, agency, agency_member, programme,
                                                              english):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    move_claim_deadline(programme, timezone.localdate() + datetime.timedelta(days=1))
    claims = [submit_claim(confirmed_order(product=cheap, price=price), agency_member, f"INV-{i}")
              for i, price in enumerate(["1000.00", "1000.00", "1200.00"])]
    flags = {flag.code: flag.message for flag in claim_risk_flags(claims[-1])}
    assert flags.keys() == {"price", "pair", "deadline", "fast"}
    assert "1200.00 is above the agency's published price 1000.00" in flags["price"]
    assert flags["pair"].startswith("3 claims between this agency and this enterprise")
    assert "last 3 days before the claim deadline" in flags["deadline"]
    assert "confirmed 0 minutes after the order was placed" in flags["fast"]


def test_no_risk_flag_on_an_ordinary_claim(confirmed_order, agency_member):
    order = confirmed_order()
    ServiceOrder.objects.filter(pk=order.pk).update(created_at=order.confirmed_at - datetime.timedelta(days=12))
    claim = submit_claim(order, agency_member)
    assert claim_risk_flags(claim) == []


# --- Sanctions and suspension -----------------------------------------------------------------------------


def test_sanctioned_agency_is_suspended_and_its_open_orders_stop(confirmed_order, paid_order, agency, agency_member,
                                                                 accreditation, officer, voucher, product, buyer,
                                                                 programme, english):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    claimed = confirmed_order(product=cheap)
    claim = submit_claim(claimed, agency_member)
    in_progress = paid_order(product=cheap)
    assert balance(voucher_account(voucher.pk)) == Decimal("3800.00")
    sanction = sanction_impose(organisation=agency, actor=officer, kind="fraud", reason="虚开发票")
    claimed.refresh_from_db(), in_progress.refresh_from_db(), claim.refresh_from_db(), accreditation.refresh_from_db()
    assert (claimed.status, in_progress.status) == (ServiceOrder.Status.CANCELLED, ServiceOrder.Status.CANCELLED)
    assert claim.status == Claim.Status.REFUSED
    assert accreditation.status == Accreditation.Status.SUSPENDED
    # The held amounts go back to the voucher, which the enterprise can spend elsewhere.
    assert balance(voucher_account(voucher.pk)) == Decimal("5000.00")
    assert balance(hold_account(claimed.pk)) == balance(hold_account(in_progress.pk)) == 0
    assert ledger_problems() == []
    before = ledger_state()
    with pytest.raises(ValidationError, match="not accredited"):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before
    # Lifting the sanction does not reinstate the accreditation: the authority does that.
    sanction_lift(sanction=sanction, actor=officer, reason="复核")
    with pytest.raises(ValidationError, match="not accredited"):
        order_place(voucher=voucher, product=product, actor=buyer)


def test_suspended_agency_takes_no_new_orders_or_claims(confirmed_order, accreditation, agency_member, voucher,
                                                        product, buyer, officer, english):
    order = confirmed_order(product=ServiceProduct.objects.create(
        agency=product.agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索", description_zh="检索",
        price=Decimal("1000.00"), delivery_days=5))
    ACCREDITATION_WORKFLOW.apply(accreditation, "suspend", actor=officer, reason="资质过期")
    before = ledger_state()
    with pytest.raises(ValidationError, match="accreditation is not active"):
        submit_claim(order, agency_member)
    with pytest.raises(ValidationError, match="not accredited for this programme"):
        order_place(voucher=voucher, product=product, actor=buyer)
    assert ledger_state() == before and not Claim.objects.exists()


def test_sanctioned_sme_loses_its_vouchers_and_orders(confirmed_order, agency_member, officer, voucher, buyer_org,
                                                      buyer, programme, agency, english):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    order = confirmed_order(product=cheap)
    claim = submit_claim(order, agency_member)
    budget_before = balance(budget_account(programme.pk))
    sanction_impose(organisation=buyer_org, actor=officer, kind="collusion", reason="与机构串通")
    voucher.refresh_from_db(), order.refresh_from_db(), claim.refresh_from_db()
    assert voucher.status == Voucher.Status.REVOKED
    assert order.status == ServiceOrder.Status.CANCELLED
    # Its claim stops with the order (it could never be approved on a cancelled order).
    assert claim.status == Claim.Status.REFUSED
    assert balance(budget_account(programme.pk)) == budget_before + Decimal("5000.00")
    assert balance(voucher_account(voucher.pk)) == 0
    assert ledger_problems() == []
    with pytest.raises(ValidationError, match="suspended from voucher programmes"):
        application_submit(programme=programme, applicant=buyer_org, actor=buyer, employees=10,
                           annual_revenue="100", purpose="再申请")


# --- Deadlines --------------------------------------------------------------------------------------------


def test_expiry_returns_the_unspent_balance_to_the_budget(voucher, paid_order, agency, programme):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    order = paid_order(product=cheap)
    budget_before = balance(budget_account(programme.pk))
    assert vouchers_expire_due() == 0  # not yet due
    Voucher.objects.filter(pk=voucher.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert vouchers_expire_due() == 1
    assert vouchers_expire_due() == 0  # run twice, expires once
    voucher.refresh_from_db(), order.refresh_from_db()
    assert voucher.status == Voucher.Status.EXPIRED
    assert balance(budget_account(programme.pk)) == budget_before + Decimal("4400.00")
    # The order placed before expiry keeps what it holds.
    assert order.status == ServiceOrder.Status.IN_PROGRESS and balance(hold_account(order.pk)) == Decimal("600.00")
    assert LedgerTransaction.objects.filter(kind=Kind.EXPIRE, voucher=voucher).count() == 1
    assert ledger_problems() == []


def test_orders_not_claimed_by_the_deadline_lapse_but_claims_in_review_do_not(
        confirmed_order, paid_order, agency, agency_member, officer, programme, voucher):
    cheap = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="检索",
                                          description_zh="检索", price=Decimal("1000.00"), delivery_days=5)
    in_review = confirmed_order(product=cheap)
    claim_in_review = submit_claim(in_review, agency_member, "INV-A")
    returned = confirmed_order(product=cheap)
    returned_claim = claim_reject(claim=submit_claim(returned, agency_member, "INV-B"), actor=officer,
                                  reason="发票不清晰")
    assert returned_claim.status == Claim.Status.RETURNED
    unclaimed = confirmed_order(product=cheap)
    working = paid_order(product=cheap)
    assert orders_lapse_due() == 0  # the deadline is months away
    budget_before = balance(budget_account(programme.pk))
    move_claim_deadline(programme, timezone.localdate() - datetime.timedelta(days=1))
    assert orders_lapse_due() == 3
    assert orders_lapse_due() == 0
    for order in (in_review, returned, unclaimed, working):
        order.refresh_from_db()
    returned_claim.refresh_from_db(), claim_in_review.refresh_from_db()
    assert in_review.status == ServiceOrder.Status.CLAIMED and claim_in_review.status == Claim.Status.SUBMITTED
    assert {returned.status, unclaimed.status, working.status} == {ServiceOrder.Status.LAPSED}
    assert returned_claim.status == Claim.Status.REFUSED
    # Past the deadline nothing more can be bought: the money goes back to the budget, not the voucher.
    assert balance(budget_account(programme.pk)) == budget_before + Decimal("1800.00")
    assert balance(hold_account(in_review.pk)) == Decimal("600.00")
    # The claim made in time is still reviewed and approved after the deadline.
    claim_approve(claim=claim_in_review, actor=officer)
    assert balance(receivable_account(agency.pk, programme.pk)) == Decimal("600.00")
    assert ledger_problems() == []


# --- The ledger itself ------------------------------------------------------------------------------------


def test_ledger_rows_cannot_change_or_go(voucher):
    line = LedgerLine.objects.filter(account=voucher_account(voucher.pk)).get()
    line.amount = Decimal("9999.00")
    with pytest.raises(AppendOnly):
        line.save()
    with pytest.raises(AppendOnly):
        line.delete()
    entry = line.transaction
    entry.memo = "changed"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert balance(voucher_account(voucher.pk)) == Decimal("5000.00")


def test_check_voucher_ledger_passes_a_good_ledger_and_fails_a_broken_one(voucher, programme, capsys):
    call_command("check_voucher_ledger")
    assert "ledger=ok" in capsys.readouterr().out
    # Inserting is what the model allows; an entry with one line does not balance.
    entry = LedgerTransaction.objects.create(kind=Kind.FUND, programme=programme, amount=Decimal("10.00"))
    LedgerLine.objects.bulk_create([LedgerLine(transaction=entry, account=budget_account(programme.pk),
                                               amount=Decimal("10.00"))])
    with pytest.raises(CommandError, match="ledger=broken"):
        call_command("check_voucher_ledger")
    assert f"transaction {entry.pk} (fund) does not balance" in capsys.readouterr().err


def test_check_voucher_ledger_finds_a_balanced_entry_that_disagrees_with_the_vouchers(voucher, programme):
    entry = LedgerTransaction.objects.create(kind=Kind.HOLD, programme=programme, amount=Decimal("100.00"))
    LedgerLine.objects.bulk_create([
        LedgerLine(transaction=entry, account=voucher_account(voucher.pk), amount=Decimal("-100.00")),
        LedgerLine(transaction=entry, account=budget_account(programme.pk), amount=Decimal("100.00"))])
    assert ledger_problems() == []  # balanced, and the voucher's balance is still within 0 – face value
    Voucher.objects.filter(pk=voucher.pk).update(status=Voucher.Status.EXPIRED)
    assert any("expired but 4900.00 still on it" in problem for problem in ledger_problems())
    with pytest.raises(CommandError):
        call_command("check_voucher_ledger")
