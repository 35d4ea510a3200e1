"""Payments with the embedded offline provider: an operator records bank transfers and refunds."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from marketplace.workflow import IllegalTransition, history
from payments.models import Payment, Refund
from payments.providers import get_provider
from payments.providers.base import ProviderError
from payments.providers.offline import OfflineProvider
from payments.services import payment_confirm, payment_create, payment_mark_succeeded, payment_refund
from payments.signals import payment_changed

from .factories import ListingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The assertions match the English source messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def enterprise():
    return OrganisationFactory(name_zh="苏州纳米科技有限公司", slug="suzhou-nano", kind="enterprise")


@pytest.fixture
def payment(enterprise, university):
    listing = ListingFactory(owner=university)
    return payment_create(payer=enterprise, payee=university, amount="120000", purpose=listing,
                          description="许可费 第一期")


def test_offline_is_the_default_provider():
    assert isinstance(get_provider(), OfflineProvider)


def test_create_records_what_is_paid_for(payment, university):
    assert payment.status == Payment.Status.CREATED
    assert payment.provider == "offline" and payment.provider_reference == ""
    assert payment.amount == Decimal("120000.00") and payment.currency == "CNY"
    assert payment.purpose.owner == university
    assert [e.action for e in history(payment)] == ["create"]


@pytest.mark.parametrize(
    "amount, message",
    [("0", "greater than zero"), ("-5", "greater than zero"), ("12,5", "such as 1200.00"), ("NaN", "such as"),
     ("1e15", "too large")],
)
def test_create_rejects_bad_amounts(enterprise, university, amount, message):
    with pytest.raises(ValidationError, match=message):
        payment_create(payer=enterprise, payee=university, amount=amount)
    assert not Payment.objects.exists()


def test_create_rejects_paying_oneself_and_bad_currency(university, enterprise):
    with pytest.raises(ValidationError, match="cannot pay itself"):
        payment_create(payer=university, payee=university, amount="1")
    with pytest.raises(ValidationError, match="three-letter"):
        payment_create(payer=enterprise, payee=university, amount="1", currency="RMB1")


def test_operator_records_bank_transfer(payment, operator, django_capture_on_commit_callbacks):
    sent = []
    payment_changed.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="test-offline")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            payment = payment_confirm(payment=payment, actor=operator, reference=" 20251125-ICBC-0042 ")
    finally:
        payment_changed.disconnect(dispatch_uid="test-offline")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert payment.provider_reference == "20251125-ICBC-0042"
    assert payment.succeeded_at is not None
    assert [(e.action, e.actor) for e in history(payment)][-1] == ("succeed", operator)
    assert sent == [{"signal": payment_changed, "sender": None, "payment_id": payment.pk, "action": "succeed",
                     "status": "succeeded"}]


def test_only_operator_records_payment_and_reference_is_required(payment, operator, university_member):
    with pytest.raises(PermissionDenied):
        payment_confirm(payment=payment, actor=university_member, reference="X-1")
    with pytest.raises(ProviderError, match="bank transfer reference"):
        payment_confirm(payment=payment, actor=operator, reference="  ")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CREATED


def test_same_bank_reference_cannot_settle_two_payments(payment, operator, enterprise, university):
    payment_confirm(payment=payment, actor=operator, reference="REF-1")
    other = payment_create(payer=enterprise, payee=university, amount="10")
    with pytest.raises(ValidationError, match="already recorded"):
        payment_confirm(payment=other, actor=operator, reference="REF-1")
    with pytest.raises(ValidationError, match="already"):
        payment_confirm(payment=payment, actor=operator, reference="REF-2")


def test_partial_then_full_refund(payment, operator):
    payment = payment_confirm(payment=payment, actor=operator, reference="REF-9")
    first = payment_refund(payment=payment, actor=operator, amount="20000", reason="合同变更")
    assert first.status == Refund.Status.SUCCEEDED
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PARTIALLY_REFUNDED
    with pytest.raises(ValidationError, match="100000.00 CNY"):
        payment_refund(payment=payment, actor=operator, amount="100000.01", reason="多退")
    rest = payment_refund(payment=payment, actor=operator, reason="合同解除")
    assert rest.amount == Decimal("100000.00")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    with pytest.raises(ValidationError, match="succeeded payment"):
        payment_refund(payment=payment, actor=operator, amount="1", reason="再退")
    assert [e.action for e in history(payment)] == ["create", "succeed", "refund_partially", "refund"]


def test_refund_needs_operator_reason_and_a_paid_payment(payment, operator, university_member):
    with pytest.raises(PermissionDenied):
        payment_refund(payment=payment, actor=university_member, reason="x")
    with pytest.raises(ValidationError, match="reason"):
        payment_refund(payment=payment, actor=operator, reason=" ")
    with pytest.raises(ValidationError, match="succeeded payment"):
        payment_refund(payment=payment, actor=operator, reason="not paid yet")
    assert not Refund.objects.exists()


def test_workflow_refuses_illegal_changes(payment, operator):
    payment = payment_confirm(payment=payment, actor=operator, reference="REF-3")
    with pytest.raises(IllegalTransition):
        payment_mark_succeeded(payment=payment)


def test_offline_provider_has_no_webhooks():
    with pytest.raises(ProviderError):
        OfflineProvider().parse_webhook(payload=b"{}", headers={})


def test_admin_lists_payments_read_only(admin_client, payment):
    response = admin_client.get("/django-admin/payments/payment/")
    assert response.status_code == 200
    assert "120000" in response.content.decode()
    assert admin_client.get("/django-admin/payments/payment/add/").status_code == 403
