"""Paying a voucher order's co-payment by card in a real browser, at desktop and phone width: the enterprise's
order awaits a bank transfer; it chooses the card instead, pays on the shared checkout page (Stripe.js Payment
Element, served by localstripe as its mock), and the order goes in progress once Stripe has answered. Same launch
conventions as test_smoke.py.

Set VOUCHER_SHOTS_DIR to keep screenshots of every page of the journey.
"""

import io
import re

import pytest
from django.core.management import call_command

from payments.models import Payment
from vouchers.models import ServiceOrder
from vouchers.services.orders import order_place

from ..test_payments_stripe import localstripe_url  # noqa: F401 - fixture
from ..vouchers.conftest import (  # noqa: F401 - fixtures
    accreditation,
    agency,
    authority,
    officer,
    product,
    programme,
    voucher,
)
from .journey_helpers import card_payments, shot  # noqa: F401 - card_payments is a fixture
from .test_deals import _fits, _signed_in, browser  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def awaiting_copayment(card_payments, voucher, product, buyer):  # noqa: F811
    call_command("setup_site", stdout=io.StringIO())
    # 10,000 CNY: the voucher pays 60 % up to the 5,000 on it, the enterprise the other 5,000 (by transfer, the
    # configured provider, until it picks the card).
    order = order_place(voucher=voucher, product=product, actor=buyer, price="10000.00")
    assert order.copay_payment.provider == "offline"
    return {"order_pk": order.pk, "buyer": buyer.username}


def _shot(page, name: str, width: int) -> None:
    shot(page, name, width, "VOUCHER_SHOTS_DIR")


# `awaiting_copayment` before `browser`: the ORM must not run inside Playwright's event loop.
@pytest.mark.parametrize("width", [1280, 390])
def test_copayment_by_card(live_server, awaiting_copayment, browser, width):  # noqa: F811
    base = live_server.url
    order_pk = awaiting_copayment["order_pk"]
    page = _signed_in(browser, base, awaiting_copayment["buyer"], width)
    page.goto(f"{base}/vouchers/enterprise/orders/{order_pk}/")
    assert page.locator(".transfer-reference").inner_text().startswith("IPM-")
    _fits(page)
    _shot(page, "order-transfer", width)

    page.locator("#copay button[value=card]").click()
    page.wait_for_url(re.compile(rf"/vouchers/enterprise/orders/{order_pk}/checkout/$"))
    page.locator("#payment-element input").first.wait_for()  # localstripe's Payment Element
    for field, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"),
                         ("cvc", "123"), ("postal_code", "215000")):
        page.fill(f"#payment-element input[placeholder={field}]", value)
    assert "CNY 5,000" in page.locator("#pay-button").inner_text()
    _fits(page)
    _shot(page, "checkout", width)
    page.locator("#pay-button").click()
    page.wait_for_selector(".status-succeeded")
    assert page.locator("#checkout").count() == 0
    _fits(page)
    _shot(page, "checkout-paid", width)

    page.locator(f"a[href$='/vouchers/enterprise/orders/{order_pk}/']").last.click()
    page.wait_for_url(re.compile(rf"/vouchers/enterprise/orders/{order_pk}/$"))
    page.wait_for_selector(".status-in_progress")
    assert page.locator("#copay").count() == 0
    _fits(page)
    _shot(page, "order-in-progress", width)

    order = ServiceOrder.objects.get(pk=order_pk)
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    assert (order.copay_payment.provider, order.copay_payment.status) == ("stripe", Payment.Status.SUCCEEDED)
    assert Payment.objects.filter(purpose_id=str(order_pk), status=Payment.Status.CANCELLED).count() == 1
