"""Parties and a running programme for the voucher tests: an authority with two officers, an accredited agency
with a service product, and an enterprise (the suite's `buyer_org`) that applies."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.models import Accreditation, Programme, ServiceCategory, ServiceProduct
from vouchers.services.applications import application_approve, application_submit
from vouchers.services.programmes import programme_create, programme_open

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def authority(db):
    return OrganisationFactory(name_zh="苏州市市场监督管理局", name_en="Suzhou AMR", slug="suzhou-amr",
                               kind=Organisation.Kind.VOUCHER_AUTHORITY, province="江苏省", city="苏州市")


@pytest.fixture
def officer(authority):
    return MembershipFactory(organisation=authority, user=UserFactory(username="officer")).user


@pytest.fixture
def second_officer(authority):
    return MembershipFactory(organisation=authority, user=UserFactory(username="officer2")).user


@pytest.fixture
def agency(db):
    return OrganisationFactory(name_zh="苏州知识产权代理有限公司", name_en="Suzhou IP Services", slug="suzhou-ip",
                               kind=Organisation.Kind.SERVICE_AGENCY, province="江苏省", city="苏州市",
                               address="苏州工业园区星湖街 328 号", contact_phone="0512-6588 1234",
                               legal_representative="王五")


@pytest.fixture
def agency_member(agency):
    return MembershipFactory(organisation=agency, user=UserFactory(username="agent")).user


@pytest.fixture
def accreditation(agency, authority):
    return Accreditation.objects.create(
        agency=agency, authority=authority, status=Accreditation.Status.ACTIVE, legal_entity=agency.name_zh,
        unified_credit_code="91320594MA1X000000", legal_representative="王五", founded=datetime.date(2015, 3, 1),
        premises="苏州工业园区星湖街 328 号", staff_qualifications="专利代理师 6 名", services_and_prices="检索 5000 元",
        activated_at=timezone.now())


@pytest.fixture
def product(agency, accreditation):
    return ServiceProduct.objects.create(
        agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="专利检索分析", title_en="Patent search",
        description_zh="新颖性与侵权风险检索", price=Decimal("10000.00"), delivery_days=15)


def programme_fields(**overrides) -> dict:
    today = timezone.localdate()
    fields = {
        "name_zh": "2026 年苏州市知识产权服务券", "name_en": "Suzhou IP service vouchers 2026",
        "face_value_rule": Programme.FaceValue.FIXED, "face_value": Decimal("5000.00"),
        "annual_cap_per_sme": Decimal("8000.00"), "copay_ratio": Decimal("0.600"),
        "categories": [ServiceCategory.PATENT_SEARCH, ServiceCategory.DRAFTING],
        "applications_open": today - datetime.timedelta(days=10),
        "applications_close": today + datetime.timedelta(days=50),
        "voucher_validity_days": 120, "claim_deadline": today + datetime.timedelta(days=200),
        "max_employees": 500, "review_stages": 1,
    }
    return {**fields, **overrides}


@pytest.fixture
def programme(authority, officer):
    programme = programme_create(authority=authority, actor=officer, budget="100000.00", **programme_fields())
    return programme_open(programme=programme, actor=officer)


def issue_voucher(programme, enterprise, member, officer):
    application = application_submit(programme=programme, applicant=enterprise, actor=member, employees=40,
                                     annual_revenue="8000000", purpose="专利检索")
    return application_approve(application=application, actor=officer)


@pytest.fixture
def voucher(programme, buyer_org, buyer, officer):
    return issue_voucher(programme, buyer_org, buyer, officer)
