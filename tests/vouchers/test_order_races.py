"""Voucher money under concurrency, on PostgreSQL: eight orders placed at once against one voucher whose balance
covers only some of them hold no more than its face value, and a delivery confirmed and disputed at once ends in
exactly one of the two."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from marketplace.workflow import IllegalTransition
from payments.services import payment_confirm
from vouchers.ledger import balance, hold_account, voucher_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import ServiceOrder
from vouchers.services.orders import order_confirm, order_deliver, order_dispute, order_place

from ..concurrency import race, racing
from .conftest import pdf

ORDERS_AT_ONCE = 8


@racing
def test_eight_orders_at_once_never_hold_more_than_the_voucher(voucher, product, buyer):
    # Each order's voucher part is 60 % of 2,000 = 1,200: the 5,000 on the voucher covers four in full and a
    # fifth in part (200); the last three find nothing left.
    outcomes = race(*[lambda: order_place(voucher=voucher, product=product, actor=buyer, price="2000.00")
                      for _ in range(ORDERS_AT_ONCE)])
    placed = [outcome.value for outcome in outcomes if outcome.ok]
    refused = [outcome.error for outcome in outcomes if not outcome.ok]
    assert all(isinstance(error, ValidationError) for error in refused), refused
    assert len(placed) == 5 and len(refused) == 3
    holds = sum((balance(hold_account(order.pk)) for order in placed), Decimal("0.00"))
    assert holds == voucher.face_value == Decimal("5000.00")
    assert sorted(order.voucher_amount for order in placed) == [Decimal("200.00")] + [Decimal("1200.00")] * 4
    assert balance(voucher_account(voucher.pk)) == 0
    assert ServiceOrder.objects.count() == 5
    assert ledger_problems() == []


@racing
def test_confirm_and_dispute_of_one_delivery_at_once_one_wins(voucher, product, buyer, buyer_colleague,
                                                              agency_member, operator):
    for trial in range(5):
        order = order_place(voucher=voucher, product=product, actor=buyer, price="1000.00")
        payment_confirm(payment=order.copay_payment, actor=operator, reference=f"BANK-{trial}")
        order = ServiceOrder.objects.get(pk=order.pk)
        order = order_deliver(order=order, actor=agency_member, deliverable=pdf())
        outcomes = race(lambda order=order: order_confirm(order=order, actor=buyer, rating=4),
                        lambda order=order: order_dispute(order=order, actor=buyer_colleague, reason="缺页"))
        assert sum(outcome.ok for outcome in outcomes) == 1, outcomes
        loser = next(outcome for outcome in outcomes if not outcome.ok)
        assert isinstance(loser.error, IllegalTransition)
        order.refresh_from_db()
        if outcomes[0].ok:
            assert (order.status, order.rating, order.dispute_reason) == (ServiceOrder.Status.CONFIRMED, 4, "")
        else:
            assert (order.status, order.rating) == (ServiceOrder.Status.DISPUTED, None)
            assert order.dispute_reason == "缺页"
    assert ledger_problems() == []
