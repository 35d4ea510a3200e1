"""Claims ready for an officer, made through the services (order, co-payment, delivery, confirmation, claim)."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

from marketplace.models import Organisation
from payments.services import payment_confirm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.models import Accreditation, ServiceCategory, ServiceProduct
from vouchers.services.claims import claim_submit
from vouchers.services.orders import order_confirm, order_deliver, order_place

from .conftest import issue_voucher, pdf


def confirmed_order(*, voucher, product, buyer, agency_member, operator, price=None):
    order = order_place(voucher=voucher, product=product, actor=buyer, price=price)
    if order.copay_payment is not None:
        # The co-payment's arrival reaches the order through the payments signal, sent on commit.
        with TestCase.captureOnCommitCallbacks(execute=True):
            payment_confirm(payment=order.copay_payment, actor=operator, reference=f"BANK-{order.pk}")
        order.refresh_from_db()
    order = order_deliver(order=order, actor=agency_member, deliverable=pdf("report.pdf"), note="报告见附件")
    return order_confirm(order=order, actor=buyer, rating=5)


def submitted_claim(*, voucher, product, buyer, agency_member, operator, invoice: str, price=None):
    order = confirmed_order(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                            operator=operator, price=price)
    return claim_submit(order=order, actor=agency_member, invoice_number=invoice, contract=pdf("contract.pdf"),
                        copay_proof=pdf("proof.pdf"))


def second_agency(authority, *, name_zh="无锡专利事务所", slug="wuxi-ip", credit_code="91320200MA1Y000000",
                  price="2000.00", title_zh="专利撰写"):
    """Another accredited agency with a product and a member: (agency, member, product)."""
    agency = OrganisationFactory(name_zh=name_zh, slug=slug, kind=Organisation.Kind.SERVICE_AGENCY,
                                 province="江苏省", city="无锡市", address=f"{name_zh}地址",
                                 contact_phone="0510-8000 0000", legal_representative="赵六")
    member = MembershipFactory(organisation=agency, user=UserFactory(username=f"agent-{slug}")).user
    Accreditation.objects.create(
        agency=agency, authority=authority, status=Accreditation.Status.ACTIVE, legal_entity=name_zh,
        unified_credit_code=credit_code, legal_representative="赵六", founded=datetime.date(2016, 1, 1),
        premises="无锡", staff_qualifications="专利代理师 3 名", services_and_prices="撰写 2000 元",
        activated_at=timezone.now())
    product = ServiceProduct.objects.create(agency=agency, category=ServiceCategory.DRAFTING, title_zh=title_zh,
                                            description_zh="发明专利撰写", price=Decimal(price), delivery_days=20)
    return agency, member, product


def enterprise_with_voucher(programme, officer, *, slug: str):
    enterprise = OrganisationFactory(name_zh=f"企业{slug}", slug=slug, kind=Organisation.Kind.ENTERPRISE,
                                     province="江苏省", city="苏州市", address=f"苏州{slug}路 1 号")
    member = MembershipFactory(organisation=enterprise, user=UserFactory(username=f"user-{slug}")).user
    return enterprise, member, issue_voucher(programme, enterprise, member, officer)
