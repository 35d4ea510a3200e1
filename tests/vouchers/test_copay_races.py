"""Two co-payment restarts of one order at once, on PostgreSQL: the order's row lock lets one through at a time,
so the order ends with one live payment (its current co-payment) and every other attempt cancelled."""

from payments.checkout import PENDING
from payments.models import Payment
from payments.services import payment_cancel
from vouchers.models import ServiceOrder
from vouchers.services.orders import order_copay_restart, order_place

from ..concurrency import race, racing
from ..test_payments_stripe import localstripe_url, stripe_settings  # noqa: F401 - fixtures

TRIALS = 5


def attempts(order: ServiceOrder):
    return Payment.objects.filter(purpose_id=str(order.pk))


def one_live_payment(order: ServiceOrder) -> Payment:
    order.refresh_from_db()
    live = list(attempts(order).filter(status__in=PENDING))
    assert live == [order.copay_payment], live
    return live[0]


@racing
def test_two_transfers_asked_at_once_after_a_cancelled_one_make_one_payment(voucher, product, buyer,
                                                                            buyer_colleague):
    for _ in range(TRIALS):
        order = order_place(voucher=voucher, product=product, actor=buyer, price="1000.00")
        payment_cancel(payment=order.copay_payment, actor=buyer)
        outcomes = race(lambda order=order: order_copay_restart(order=order, actor=buyer, method="offline"),
                        lambda order=order: order_copay_restart(order=order, actor=buyer_colleague,
                                                                method="offline"))
        assert all(outcome.ok for outcome in outcomes), outcomes
        live = one_live_payment(order)
        assert {outcome.value.pk for outcome in outcomes} == {live.pk}
        assert attempts(order).count() == 2


@racing
def test_card_and_transfer_asked_at_once_leave_one_live_payment(stripe_settings, voucher, product, buyer,  # noqa: F811
                                                                buyer_colleague):
    for _ in range(TRIALS):
        order = order_place(voucher=voucher, product=product, actor=buyer, price="1000.00")
        first = order.copay_payment
        assert first.provider == "stripe"
        outcomes = race(lambda order=order: order_copay_restart(order=order, actor=buyer, method="offline"),
                        lambda order=order: order_copay_restart(order=order, actor=buyer_colleague,
                                                                method="card"))
        assert all(outcome.ok for outcome in outcomes), outcomes
        live = one_live_payment(order)
        first.refresh_from_db()
        # Whichever came second decided: a card after the transfer replaces it, a card first keeps the first.
        assert live.pk in {outcome.value.pk for outcome in outcomes}
        assert attempts(order).filter(status=Payment.Status.CANCELLED).count() == attempts(order).count() - 1
