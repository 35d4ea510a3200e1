"""Operators (operation-centre members, neither staff nor superusers) look payments up in the Wagtail admin."""

from decimal import Decimal

import pytest
from django.utils import translation

from payments.models import Payment, Refund, WebhookEvent

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def payment():
    payer = OrganisationFactory(name_zh="杭州储能科技有限公司", slug="hz-storage", kind="enterprise")
    payment = Payment.objects.create(payer=payer, payee=OrganisationFactory(name_zh="浙江大学", slug="zju"),
                                     amount=Decimal("8888.80"), provider="stripe", provider_reference="pi_look",
                                     status=Payment.Status.PARTIALLY_REFUNDED)
    Refund.objects.create(payment=payment, amount=Decimal("888.80"), reason="部分退款",
                          provider_reference="re_look", status=Refund.Status.PENDING)
    WebhookEvent.objects.create(provider="stripe", event_id="evt_look", event_type="refund.updated",
                                payment=payment)
    return payment


PAGES = ["/admin/payments/", "/admin/payments/refunds/", "/admin/payments/webhook-events/",
         "/admin/payments/?status=partially_refunded", "/admin/payments/?export=csv"]


@pytest.mark.parametrize("url", PAGES)
def test_operators_see_payments_refunds_and_webhook_events(client, operator, payment, url):
    assert not (operator.is_staff or operator.is_superuser)
    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    page = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert any(reference in page for reference in ("pi_look", "re_look", "evt_look"))


def test_operators_inspect_a_payment_and_find_it_in_the_menu(client, operator, payment):
    client.force_login(operator)
    page = client.get(f"/admin/payments/inspect/{payment.pk}/").content.decode()
    assert "pi_look" in page and "8888.80" in page
    menu = client.get("/admin/").content.decode()
    assert "/admin/payments/refunds/" in menu and "/admin/payments/webhook-events/" in menu


@pytest.mark.parametrize("url", ["/admin/payments/new/", "/admin/payments/edit/{pk}/",
                                 "/admin/payments/delete/{pk}/", "/admin/payments/refunds/new/"])
def test_nobody_edits_payments_in_the_wagtail_admin(client, operator, payment, url):
    client.force_login(operator)
    response = client.get(url.format(pk=payment.pk))
    assert response.status_code in (302, 403)
    response = client.post(url.format(pk=payment.pk), {"amount": "1", "status": "refunded"})
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED and Payment.objects.count() == 1


@pytest.mark.parametrize("url", PAGES + ["/admin/payments/inspect/{pk}/"])
def test_members_of_other_organisations_do_not(client, payment, url):
    sme = MembershipFactory(organisation=payment.payer).user
    client.force_login(sme)
    response = client.get(url.format(pk=payment.pk))
    assert response.status_code in (302, 403)
    assert "pi_look" not in response.content.decode()


def test_the_django_admin_is_for_superusers(client, operator):
    """Why operators get the Wagtail views: the Django admin turns non-staff users away."""
    client.force_login(operator)
    assert client.get("/django-admin/payments/payment/").status_code == 302
