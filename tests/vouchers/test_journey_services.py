"""The whole voucher journey through the services, with the ledger reconciled at every step."""

from decimal import Decimal

import pytest

from marketplace.workflow import IllegalTransition
from payments.models import Payment
from payments.services import payment_confirm
from vouchers.ledger import (
    balance,
    budget_account,
    hold_account,
    paid_account,
    receivable_account,
    voucher_account,
)
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, ServiceOrder, SettlementBatch
from vouchers.services.claims import claim_approve, claim_submit
from vouchers.services.orders import order_confirm, order_deliver, order_place
from vouchers.services.settlement import batch_create, batch_mark_paid

from .conftest import pdf


def test_spend_deliver_claim_approve_settle(programme, voucher, product, buyer, agency_member, officer, operator,
                                            django_capture_on_commit_callbacks):
    assert balance(budget_account(programme.pk)) == Decimal("95000.00")
    order = order_place(voucher=voucher, product=product, actor=buyer)
    # 60 % of 10,000 is 6,000, but only 5,000 is on the voucher: the enterprise pays the other 5,000.
    assert (order.voucher_amount, order.copay_amount) == (Decimal("5000.00"), Decimal("5000.00"))
    assert balance(voucher_account(voucher.pk)) == 0 and balance(hold_account(order.pk)) == Decimal("5000.00")
    assert order.copay_payment.status == Payment.Status.CREATED
    with pytest.raises(IllegalTransition):
        order_deliver(order=order, actor=agency_member, deliverable=pdf())  # not paid yet
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=order.copay_payment, actor=operator, reference="BANK-1")
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    order = order_deliver(order=order, actor=agency_member, deliverable=pdf("report.pdf"), note="报告见附件")
    order = order_confirm(order=order, actor=buyer, rating=5, comment="很好")
    claim = claim_submit(order=order, actor=agency_member, invoice_number="No. 0451 2231",
                         contract=pdf(), copay_proof=pdf())
    assert claim.invoice_number == "NO.04512231" and claim.amount == Decimal("5000.00")
    claim = claim_approve(claim=claim, actor=officer)
    assert claim.status == Claim.Status.APPROVED
    assert balance(receivable_account(claim.agency_id, programme.pk)) == Decimal("5000.00")
    assert ledger_problems() == []
    batch = batch_create(programme=programme, actor=officer)
    batch = batch_mark_paid(batch=batch, actor=officer, bank_reference="TREASURY-2026-11")
    assert batch.status == SettlementBatch.Status.PAID
    claim.refresh_from_db()
    order.refresh_from_db()
    assert (claim.status, order.status) == (Claim.Status.SETTLED, ServiceOrder.Status.SETTLED)
    assert balance(paid_account(programme.pk)) == Decimal("5000.00")
    assert Payment.objects.filter(payee=claim.agency, status=Payment.Status.SUCCEEDED, amount=5000).exists()
    assert ledger_problems() == []
