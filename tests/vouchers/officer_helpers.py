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


class OfficerObjects:
    """What the officer URLs of tests/test_permission_matrix.py act on: an authority's running programme with a
    submitted application, a claim under review and an open settlement batch. None of the matrix's roles is
    an officer of it."""

    def __init__(self, operator):
        from vouchers.services.applications import application_submit
        from vouchers.services.claims import claim_approve
        from vouchers.services.programmes import programme_create, programme_open
        from vouchers.services.settlement import batch_create

        from .conftest import programme_fields

        self.authority = OrganisationFactory(name_zh="矩阵测试市场监管局", slug="matrix-authority",
                                             kind=Organisation.Kind.VOUCHER_AUTHORITY)
        officer = MembershipFactory(organisation=self.authority, user=UserFactory(username="matrix-officer")).user
        self.programme = programme_open(programme=programme_create(
            authority=self.authority, actor=officer, budget="100000", **programme_fields()), actor=officer)
        _, agency_member, product = second_agency(self.authority, name_zh="矩阵代理所", slug="matrix-agency",
                                                       price="1000.00", title_zh="专利检索")
        product.category = ServiceCategory.PATENT_SEARCH
        product.save()
        _, buyer, voucher = enterprise_with_voucher(self.programme, officer, slug="matrix-enterprise")
        approved = submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                                   operator=operator, invoice="MATRIX-1")
        claim_approve(claim=approved, actor=officer)
        self.batch = batch_create(programme=self.programme, actor=officer)
        self.claim = submitted_claim(voucher=voucher, product=product, buyer=buyer, agency_member=agency_member,
                                     operator=operator, invoice="MATRIX-2")
        applicant = OrganisationFactory(name_zh="矩阵申请企业", slug="matrix-applicant",
                                        kind=Organisation.Kind.ENTERPRISE)
        member = MembershipFactory(organisation=applicant, user=UserFactory(username="matrix-applicant")).user
        self.application = application_submit(programme=self.programme, applicant=applicant, actor=member,
                                              employees=10, annual_revenue="100000", purpose="检索")


def officer_objects(world) -> OfficerObjects:
    """Made once per matrix World, on first use."""
    if not hasattr(world, "_officer_objects"):
        world._officer_objects = OfficerObjects(world.users["operator"])
    return world._officer_objects
