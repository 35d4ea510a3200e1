"""The enterprise pays its part of a voucher order by card (the shared checkout, against localstripe) or by bank
transfer, switches between the two, retries a declined card; the order keeps one current co-payment. And it
withdraws an application it submitted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from payments.checkout import PENDING
from payments.models import Payment
from payments.services import payment_cancel, payment_confirm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.models import ServiceOrder, VoucherApplication
from vouchers.services.applications import application_submit
from vouchers.services.orders import order_copay_received, order_copay_restart, order_place

from ..test_payments_stripe import localstripe_url, stripe_settings  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def other_enterprise_member(db):
    organisation = OrganisationFactory(name_zh="无锡另一家公司", slug="wuxi-other", kind="enterprise")
    return MembershipFactory(organisation=organisation, user=UserFactory(username="other-sme")).user


@pytest.fixture
def cards(stripe_settings):  # noqa: F811
    """Stripe configured (localstripe answers): new payments go to Stripe unless the enterprise picks a transfer."""
    stripe_settings.STRIPE_PUBLISHABLE_KEY = "pk_test_ipmarket"
    stripe_settings.STRIPE_JS_URL = "https://js.stripe.example/v3/"
    return stripe_settings


@pytest.fixture
def order(voucher, product, buyer):
    return order_place(voucher=voucher, product=product, actor=buyer, price="5000.00")


def live_payments(order: ServiceOrder):
    return Payment.objects.filter(purpose_id=str(order.pk), status__in=PENDING)


def pay(client, order, method):
    return client.post(reverse("vouchers:enterprise-order-pay", args=[order.pk]), {"method": method})


def test_card_checkout_pays_the_copayment_and_work_starts(cards, client, buyer, order,
                                                          django_capture_on_commit_callbacks):
    assert order.copay_payment.provider == "stripe"
    client.force_login(buyer)
    detail = client.get(reverse("vouchers:enterprise-order", args=[order.pk])).content.decode()
    assert reverse("vouchers:enterprise-order-checkout", args=[order.pk]) in detail
    assert "Pay by bank transfer instead" in detail and "not available" not in detail

    page = client.get(reverse("vouchers:enterprise-order-checkout", args=[order.pk])).content.decode()
    assert 'data-client-secret="pi_' in page and 'data-publishable-key="pk_test_ipmarket"' in page
    assert "https://js.stripe.example/v3/" in page and "payments/checkout.js" in page
    assert "Pay CNY 2,000" in page  # 60 % of 5,000 from the voucher, the rest by card

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("vouchers:enterprise-order-checkout", args=[order.pk]),
                               {"payment_method": "pm_card_visa"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.copay_payment.status == Payment.Status.SUCCEEDED
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    page = client.get(response.url).content.decode()
    assert "status-succeeded" in page and 'id="checkout"' not in page and "Back to the order" in page


def test_switching_between_transfer_and_card_keeps_one_live_payment(cards, client, buyer, order):
    client.force_login(buyer)
    card = order.copay_payment
    response = pay(client, order, "offline")
    assert response.url == reverse("vouchers:enterprise-order", args=[order.pk])
    order.refresh_from_db()
    card.refresh_from_db()
    transfer = order.copay_payment
    assert card.status == Payment.Status.CANCELLED
    assert (transfer.provider, transfer.status) == ("offline", Payment.Status.CREATED)
    detail = client.get(response.url).content.decode()
    assert f"IPM-{transfer.pk:06d}" in detail and "Pay by card instead" in detail

    response = pay(client, order, "card")
    assert response.url == reverse("vouchers:enterprise-order-checkout", args=[order.pk])
    order.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == Payment.Status.CANCELLED
    assert order.copay_payment.provider == "stripe" and order.copay_payment.pk not in (card.pk, transfer.pk)
    assert list(live_payments(order)) == [order.copay_payment]

    pay(client, order, "card")  # a second click changes nothing
    order.refresh_from_db()
    assert list(live_payments(order)) == [order.copay_payment]
    assert Payment.objects.filter(purpose_id=str(order.pk)).count() == 3


def test_a_declined_card_can_be_retried_or_paid_by_transfer(cards, client, buyer, order,
                                                            django_capture_on_commit_callbacks):
    client.force_login(buyer)
    checkout = reverse("vouchers:enterprise-order-checkout", args=[order.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(checkout, {"payment_method": "pm_card_chargeCustomerFail"})
    order.refresh_from_db()
    declined = order.copay_payment
    assert declined.status == Payment.Status.FAILED and order.status == ServiceOrder.Status.PLACED
    page = client.get(checkout).content.decode()
    assert "Try again with a card" in page and "Pay by bank transfer instead" in page
    detail = client.get(reverse("vouchers:enterprise-order", args=[order.pk])).content.decode()
    assert "Your last payment attempt is Failed." in detail

    assert pay(client, order, "card").url == checkout
    order.refresh_from_db()
    assert order.copay_payment.pk != declined.pk and order.copay_payment.status == Payment.Status.CREATED
    assert 'data-client-secret="pi_' in client.get(checkout).content.decode()


def test_card_details_that_did_not_arrive_change_nothing(cards, client, buyer, order):
    client.force_login(buyer)
    checkout = reverse("vouchers:enterprise-order-checkout", args=[order.pk])
    for posted in ({}, {"payment_method": "tok_garbage"}):
        response = client.post(checkout, posted, follow=True)
        assert "The card details did not arrive; try again." in response.content.decode()
    order.refresh_from_db()
    assert order.copay_payment.status == Payment.Status.CREATED


def test_without_stripe_the_order_offers_only_the_transfer(client, buyer, order):
    client.force_login(buyer)
    detail = client.get(reverse("vouchers:enterprise-order", args=[order.pk])).content.decode()
    assert f"IPM-{order.copay_payment.pk:06d}" in detail and "Pay by card" not in detail
    response = pay(client, order, "card")
    assert "Card payments are not available" in client.get(response.url).content.decode()
    assert list(live_payments(order)) == [order.copay_payment]
    # The checkout page of a transfer is the order page.
    response = client.get(reverse("vouchers:enterprise-order-checkout", args=[order.pk]))
    assert response.url == reverse("vouchers:enterprise-order", args=[order.pk])
    assert "Choose bank transfer or card." in client.get(pay(client, order, "cheque").url).content.decode()


def test_a_paid_order_cannot_start_another_payment(client, buyer, order, operator):
    # Received, and the order not told yet (the signal runs after the commit, which a test never reaches).
    payment_confirm(payment=order.copay_payment, actor=operator, reference="BANK-1")
    with pytest.raises(ValidationError, match="already succeeded"):
        order_copay_restart(order=order, actor=buyer, method="card")
    order_copay_received(payment=order.copay_payment)
    client.force_login(buyer)
    response = pay(client, order, "offline")
    assert "there is nothing to pay" in client.get(response.url).content.decode()
    assert Payment.objects.filter(purpose_id=str(order.pk)).count() == 1


def test_a_cancelled_transfer_is_paid_again_with_one_click(client, buyer, order):
    payment_cancel(payment=order.copay_payment, actor=buyer)
    client.force_login(buyer)
    detail = client.get(reverse("vouchers:enterprise-order", args=[order.pk])).content.decode()
    assert "Your last payment attempt is Cancelled." in detail
    pay(client, order, "offline")
    order.refresh_from_db()
    assert order.copay_payment.status == Payment.Status.CREATED
    assert list(live_payments(order)) == [order.copay_payment]


def test_only_the_buyer_restarts_its_copayment(order, agency_member):
    with pytest.raises(PermissionDenied):
        order_copay_restart(order=order, actor=agency_member, method="offline")


def test_another_organisations_order_payment_pages_are_404(client, order, other_enterprise_member):
    client.force_login(other_enterprise_member)
    assert pay(client, order, "offline").status_code == 404
    assert client.get(reverse("vouchers:enterprise-order-checkout", args=[order.pk])).status_code == 404
    assert client.post(reverse("vouchers:enterprise-order-checkout", args=[order.pk]),
                       {"payment_method": "pm_card_visa"}).status_code == 404


@pytest.fixture
def submitted(programme, buyer_org, buyer):
    return application_submit(programme=programme, applicant=buyer_org, actor=buyer, employees=40,
                              annual_revenue="8000000", purpose="专利检索")


def withdraw(client, application):
    return client.post(reverse("vouchers:enterprise-application-withdraw", args=[application.pk]), follow=True)


def test_withdraw_a_submitted_application(client, buyer, submitted):
    client.force_login(buyer)
    home = client.get(reverse("vouchers:enterprise-home")).content.decode()
    assert reverse("vouchers:enterprise-application-withdraw", args=[submitted.pk]) in home
    assert client.get(reverse("vouchers:enterprise-application-withdraw", args=[submitted.pk])).status_code == 405
    response = withdraw(client, submitted)
    assert "is withdrawn" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == VoucherApplication.Status.WITHDRAWN
    home = response.content.decode()
    assert reverse("vouchers:enterprise-application-withdraw", args=[submitted.pk]) not in home
    assert "it can no longer be withdrawn" in withdraw(client, submitted).content.decode()


def test_an_approved_application_offers_no_withdrawal(client, buyer, voucher):
    client.force_login(buyer)
    application = VoucherApplication.objects.get(applicant=voucher.holder)
    home = client.get(reverse("vouchers:enterprise-home")).content.decode()
    assert reverse("vouchers:enterprise-application-withdraw", args=[application.pk]) not in home
    assert "it can no longer be withdrawn" in withdraw(client, application).content.decode()
    application.refresh_from_db()
    assert application.status == VoucherApplication.Status.APPROVED


def test_another_organisations_application_cannot_be_withdrawn(client, submitted, other_enterprise_member):
    client.force_login(other_enterprise_member)
    assert withdraw(client, submitted).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == VoucherApplication.Status.SUBMITTED
