"""The service agency's voucher pages: accreditation, orders, delivering (and delivering again after a dispute),
claiming, the officers' reasons and the one resubmission, receivables; another agency's order is 404. Also the
whole journey through the pages, from the application to the approved claim."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.models import Notification, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.ledger import balance, receivable_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, ServiceOrder, Voucher
from vouchers.services.applications import application_approve
from vouchers.services.claims import claim_approve, claim_reject, claim_submit
from vouchers.services.orders import order_confirm, order_deliver, order_dispute, order_place

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def other_agency_member(db):
    organisation = OrganisationFactory(name_zh="另一家代理机构", slug="other-agency",
                                       kind=Organisation.Kind.SERVICE_AGENCY)
    return MembershipFactory(organisation=organisation, user=UserFactory(username="other-agent")).user


@pytest.fixture
def paid_order(voucher, product, buyer, operator, django_capture_on_commit_callbacks):
    from payments.services import payment_confirm

    order = order_place(voucher=voucher, product=product, actor=buyer)
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment=order.copay_payment, actor=operator, reference="BANK-1")
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    return order


@pytest.fixture
def confirmed_order(paid_order, agency_member, buyer):
    order = order_deliver(order=paid_order, actor=agency_member, deliverable=pdf("report.pdf"))
    return order_confirm(order=order, actor=buyer, rating=5)


def test_home_shows_accreditation_counts_and_receivables(client, agency_member, confirmed_order, officer):
    claim = claim_submit(order=confirmed_order, actor=agency_member, invoice_number="INV-1", contract=pdf(),
                         copay_proof=pdf())
    claim_approve(claim=claim, actor=officer)
    client.force_login(agency_member)
    page = client.get(reverse("vouchers:agency-home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Suzhou AMR" in text and "Accredited" in text and 'href="/vouchers/accreditation/"' in text
    assert "Redeemed</a>: <strong>1</strong>" in text
    assert "<strong>CNY 5,000</strong>" in text  # approved, awaiting the treasury
    assert "INV-1" in text and "Patent search" in text


def test_orders_list_filters_by_status(client, agency_member, paid_order):
    client.force_login(agency_member)
    url = reverse("vouchers:agency-orders")
    assert f"#{paid_order.pk}" in client.get(url).content.decode()
    assert f"#{paid_order.pk}" in client.get(url + "?status=in_progress").content.decode()
    assert f"#{paid_order.pk} " not in client.get(url + "?status=delivered").content.decode()


def test_another_agencys_order_is_404_and_enterprises_are_refused(client, paid_order, other_agency_member,
                                                                   buyer):
    client.force_login(other_agency_member)
    assert client.get(reverse("vouchers:agency-order", args=[paid_order.pk])).status_code == 404
    response = client.post(reverse("vouchers:agency-order-deliver", args=[paid_order.pk]),
                           {"deliverable": pdf(), "note": "x"})
    assert response.status_code == 404
    assert f"#{paid_order.pk}" not in client.get(reverse("vouchers:agency-orders")).content.decode()
    client.force_login(buyer)
    assert client.get(reverse("vouchers:agency-home")).status_code == 403
    paid_order.refresh_from_db()
    assert paid_order.status == ServiceOrder.Status.IN_PROGRESS and not paid_order.deliverable


def test_deliver_rejects_a_non_pdf_and_keeps_the_note(client, agency_member, paid_order):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agency_member)
    url = reverse("vouchers:agency-order-deliver", args=[paid_order.pk])
    response = client.post(url, {"deliverable": SimpleUploadedFile("x.pdf", b"not a pdf"), "note": "第一版报告"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Upload a PDF or an image" in text and "第一版报告" in text
    paid_order.refresh_from_db()
    assert paid_order.status == ServiceOrder.Status.IN_PROGRESS


def test_deliver_again_after_a_dispute(client, agency_member, buyer, paid_order):
    client.force_login(agency_member)
    url = reverse("vouchers:agency-order-deliver", args=[paid_order.pk])
    assert client.post(url, {"deliverable": pdf("v1.pdf"), "note": "第一版"}).status_code == 302
    order_dispute(order=ServiceOrder.objects.get(pk=paid_order.pk), actor=buyer, reason="缺少侵权分析")
    page = client.get(reverse("vouchers:agency-order", args=[paid_order.pk])).content.decode()
    assert "缺少侵权分析" in page and "Deliver again" in page
    assert client.post(url, {"deliverable": pdf("v2.pdf"), "note": "第二版"}).status_code == 302
    order = ServiceOrder.objects.get(pk=paid_order.pk)
    assert order.status == ServiceOrder.Status.DELIVERED and order.delivery_note == "第二版"


def test_claim_form_errors_keep_the_invoice_number(client, agency_member, confirmed_order):
    client.force_login(agency_member)
    url = reverse("vouchers:agency-order-claim", args=[confirmed_order.pk])
    response = client.post(url, {"invoice_number": "INV-7", "contract": pdf()})
    assert response.status_code == 400
    assert 'value="INV-7"' in response.content.decode()
    assert not Claim.objects.exists()


def test_claim_returned_then_resubmitted_once_then_refused(client, agency_member, confirmed_order, officer):
    client.force_login(agency_member)
    submitted = client.post(reverse("vouchers:agency-order-claim", args=[confirmed_order.pk]),
                            {"invoice_number": "inv 42", "contract": pdf(), "copay_proof": pdf()})
    assert submitted.status_code == 302
    claim = Claim.objects.get()
    assert claim.invoice_number == "INV42"
    claim_reject(claim=claim, actor=officer, reason="合同缺少盖章页")
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_claim_returned").exists()
    page = client.get(reverse("vouchers:agency-order", args=[confirmed_order.pk])).content.decode()
    assert "合同缺少盖章页" in page and "Returned for correction" in page and "Resubmit the claim" in page
    resubmit = reverse("vouchers:agency-claim-resubmit", args=[confirmed_order.pk])
    assert client.post(resubmit, {"invoice_number": "", "contract": pdf("signed.pdf")}).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.resubmissions, claim.invoice_number) == (Claim.Status.SUBMITTED, 1, "INV42")
    claim_reject(claim=claim, actor=officer, reason="仍不完整")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REFUSED
    page = client.get(reverse("vouchers:agency-order", args=[confirmed_order.pk])).content.decode()
    assert "Resubmit the claim" not in page and "仍不完整" in page
    again = client.post(resubmit, {"invoice_number": "INV43"})
    assert again.status_code == 400
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_claim_refused").exists()


def test_the_whole_journey_through_the_pages(client, programme, buyer, officer, operator, agency_member, product,
                                            django_capture_on_commit_callbacks):
    client.force_login(buyer)
    assert client.post(reverse("vouchers:enterprise-apply", args=[programme.pk]),
                       {"employees": "40", "annual_revenue": "8000000", "purpose": "专利检索"}).status_code == 302
    from vouchers.models import VoucherApplication

    voucher = application_approve(application=VoucherApplication.objects.get(), actor=officer)
    assert Voucher.objects.get().code in client.get(reverse("vouchers:enterprise-home")).content.decode()
    placed = client.post(reverse("vouchers:order-new") + f"?product={product.pk}",
                         {"voucher": voucher.pk, "price": "8000.00", "note": "检索报告"})
    assert placed.status_code == 302
    order = ServiceOrder.objects.get()
    assert (order.voucher_amount, order.copay_amount) == (Decimal("4800.00"), Decimal("3200.00"))

    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("licences:transfers"),
                           {"payment": order.copay_payment.pk, "reference": "ICBC-0001"}).status_code == 302

    client.force_login(agency_member)
    assert client.post(reverse("vouchers:agency-order-deliver", args=[order.pk]),
                       {"deliverable": pdf("report.pdf"), "note": "报告见附件"}).status_code == 302

    client.force_login(buyer)
    order.refresh_from_db()
    assert client.get(order.deliverable.url).status_code == 200  # the buyer fetches the deliverable
    assert client.post(reverse("vouchers:enterprise-order-confirm", args=[order.pk]),
                       {"rating": "5", "comment": "专业"}).status_code == 302

    client.force_login(agency_member)
    assert client.post(reverse("vouchers:agency-order-claim", args=[order.pk]),
                       {"invoice_number": "NO.0451", "contract": pdf(), "copay_proof": pdf()}).status_code == 302
    claim = Claim.objects.get()
    claim_approve(claim=claim, actor=officer)
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_claim_approved").exists()
    assert balance(receivable_account(order.agency_id, programme.pk)) == Decimal("4800.00")
    home = client.get(reverse("vouchers:agency-home")).content.decode()
    assert "<strong>CNY 4,800</strong>" in home
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.REDEEMED
    assert ledger_problems() == []


def test_deliverable_is_not_served_to_outsiders(client, agency_member, paid_order, other_agency_member):
    order = order_deliver(order=paid_order, actor=agency_member, deliverable=pdf("report.pdf"))
    client.force_login(other_agency_member)
    assert client.get(order.deliverable.url).status_code == 404
    client.force_login(agency_member)
    assert client.get(order.deliverable.url).status_code == 200
