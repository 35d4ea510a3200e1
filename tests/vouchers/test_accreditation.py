"""Accreditation of service agencies and their products, through the services: application, verification,
public notice and objections, activation, suspension and removal, sanctions; and the agency and officer pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.models import AuditEvent, Organisation
from marketplace.workflow import IllegalTransition
from payments.services import payment_confirm
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from vouchers.models import Accreditation, Objection, Sanction, ServiceCategory, ServiceOrder, ServiceProduct
from vouchers.selectors.catalogue import catalogue_products
from vouchers.selectors.files import voucher_file_visible
from vouchers.services.accreditation import (
    accreditation_activate,
    accreditation_apply,
    accreditation_reinstate,
    accreditation_reject,
    accreditation_remove,
    accreditation_suspend,
    accreditation_verify,
    accreditations_activate_due,
    objection_raise,
    objection_resolve,
)
from vouchers.services.claims import claim_submit
from vouchers.services.orders import order_confirm, order_deliver, order_place
from vouchers.services.products import product_create, product_update, product_withdraw
from vouchers.services.sanctions import sanction_impose, sanction_lift
from vouchers.tasks import accreditations_activate_due_task

from .conftest import pdf

pytestmark = pytest.mark.django_db

A = Accreditation.Status


@pytest.fixture(autouse=True)
def english():
    """The services' messages are matched in English."""
    with translation.override("en"):
        yield


def application_fields(**overrides) -> dict:
    return {
        "legal_entity": "苏州知识产权代理有限公司", "unified_credit_code": "91320594 MA1X 0000 00",
        "legal_representative": "王五", "founded": datetime.date(2015, 3, 1), "premises": "苏州工业园区星湖街 328 号",
        "staff_qualifications": "专利代理师 6 名", "services_and_prices": "专利检索 5000 元/件", **overrides,
    }


def apply(agency, authority, member, **overrides):
    documents = overrides.pop("documents", [("营业执照", pdf("licence.pdf"))])
    return accreditation_apply(agency=agency, authority=authority, actor=member, documents=documents,
                               **application_fields(**overrides))


def in_notice(agency, authority, member, officer):
    return accreditation_verify(accreditation=apply(agency, authority, member), actor=officer)


def end_notice(accreditation):
    ended = timezone.now() - datetime.timedelta(seconds=1)
    Accreditation.objects.filter(pk=accreditation.pk).update(notice_ends_at=ended)
    accreditation.refresh_from_db()
    return accreditation


def events(obj, action):
    return AuditEvent.objects.filter(object_id=str(obj.pk), action=action,
                                     content_type__model=type(obj)._meta.model_name)


# --- Applying ---------------------------------------------------------------------------------------------------

def test_apply_records_the_particulars_and_documents(agency, authority, agency_member):
    accreditation = apply(agency, authority, agency_member,
                          documents=[("营业执照", pdf()), ("代理师资格证", pdf()), ("", None)])
    assert accreditation.status == A.APPLIED and accreditation.applied_by == agency_member
    assert accreditation.unified_credit_code == "91320594MA1X000000"
    assert [d.title for d in accreditation.documents.all()] == ["营业执照", "代理师资格证"]
    assert all(d.file.name.startswith("vouchers/accreditations/") for d in accreditation.documents.all())
    assert events(accreditation, "apply").count() == 1


def test_apply_needs_a_document_checked_by_content(agency, authority, agency_member):
    with pytest.raises(ValidationError) as error:
        apply(agency, authority, agency_member, documents=[])
    assert "documents" in error.value.message_dict
    fake = SimpleUploadedFile("licence.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        apply(agency, authority, agency_member, documents=[("营业执照", fake)])
    assert "documents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        apply(agency, authority, agency_member, documents=[("", pdf())])
    assert "documents" in error.value.message_dict
    assert not Accreditation.objects.exists()


def test_apply_validates_the_fields(agency, authority, agency_member):
    with pytest.raises(ValidationError) as error:
        apply(agency, authority, agency_member, legal_entity=" ", unified_credit_code="123",
              founded=timezone.localdate() + datetime.timedelta(days=1), staff_qualifications="")
    assert {"legal_entity", "unified_credit_code", "founded", "staff_qualifications"} <= set(error.value.message_dict)


def test_only_an_agency_member_of_a_service_agency_applies(agency, authority, agency_member, buyer_org, buyer):
    with pytest.raises(PermissionDenied):
        apply(agency, authority, buyer)
    with pytest.raises(ValidationError, match="service agencies"):
        apply(buyer_org, authority, buyer)
    with pytest.raises(ValidationError):
        apply(agency, buyer_org, agency_member)  # not a voucher authority


def test_one_live_accreditation_per_authority(agency, authority, agency_member, officer):
    first = apply(agency, authority, agency_member)
    with pytest.raises(ValidationError, match="already has an accreditation"):
        apply(agency, authority, agency_member)
    accreditation_reject(accreditation=first, actor=officer, reason="材料不全")
    assert apply(agency, authority, agency_member).status == A.APPLIED  # may apply again after a rejection


def test_a_sanctioned_agency_cannot_apply(agency, authority, agency_member, officer):
    sanction_impose(organisation=agency, actor=officer, kind=Sanction.Kind.FRAUD, reason="虚假发票")
    with pytest.raises(ValidationError, match="虚假发票"):
        apply(agency, authority, agency_member)


# --- Verification, notice and objections -------------------------------------------------------------------

@override_settings(VOUCHER_NOTICE_DAYS=5)
def test_verify_starts_the_notice(agency, authority, agency_member, officer):
    accreditation = apply(agency, authority, agency_member)
    with pytest.raises(PermissionDenied):
        accreditation_verify(accreditation=accreditation, actor=agency_member)
    before = timezone.now()
    accreditation = accreditation_verify(accreditation=accreditation, actor=officer)
    accreditation.refresh_from_db()
    assert accreditation.status == A.NOTICE
    expected = before + datetime.timedelta(days=5)
    assert expected <= accreditation.notice_ends_at <= expected + datetime.timedelta(seconds=5)
    with pytest.raises(IllegalTransition):
        accreditation_verify(accreditation=accreditation, actor=officer)


def test_activation_waits_for_the_end_of_the_notice(agency, authority, agency_member, officer):
    accreditation = in_notice(agency, authority, agency_member, officer)
    with pytest.raises(ValidationError, match="public notice runs until"):
        accreditation_activate(accreditation=accreditation, actor=officer)
    accreditation = accreditation_activate(accreditation=end_notice(accreditation), actor=officer)
    assert accreditation.status == A.ACTIVE and accreditation.activated_at is not None


def test_an_open_objection_blocks_activation_until_dismissed(agency, authority, agency_member, officer, buyer):
    accreditation = in_notice(agency, authority, agency_member, officer)
    objection = objection_raise(accreditation=accreditation, actor=buyer, reason="代理师资格证系伪造")
    assert objection.status == Objection.Status.OPEN
    end_notice(accreditation)
    with pytest.raises(ValidationError, match="open objections"):
        accreditation_activate(accreditation=accreditation, actor=officer)
    assert accreditations_activate_due() == 0
    with pytest.raises(ValidationError):
        objection_resolve(objection=objection, actor=officer, uphold=False, resolution=" ")
    objection_resolve(objection=objection, actor=officer, uphold=False, resolution="经核实资格证真实有效")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED and objection.resolved_by == officer
    with pytest.raises(ValidationError, match="already been resolved"):
        objection_resolve(objection=objection, actor=officer, uphold=True, resolution="再议")
    assert accreditation_activate(accreditation=accreditation, actor=officer).status == A.ACTIVE


def test_an_upheld_objection_rejects_the_accreditation(agency, authority, agency_member, officer, buyer):
    accreditation = in_notice(agency, authority, agency_member, officer)
    objection = objection_raise(accreditation=accreditation, actor=buyer, reason="办公场所不存在")
    with pytest.raises(PermissionDenied):
        objection_resolve(objection=objection, actor=agency_member, uphold=False, resolution="不成立")
    objection_resolve(objection=objection, actor=officer, uphold=True, resolution="现场核查无办公场所")
    accreditation.refresh_from_db()
    assert accreditation.status == A.REJECTED and accreditation.decision_reason == "现场核查无办公场所"
    assert events(accreditation, "reject").get().reason == "现场核查无办公场所"


def test_objections_only_during_the_notice_with_a_reason(agency, authority, agency_member, officer, buyer):
    accreditation = apply(agency, authority, agency_member)
    with pytest.raises(ValidationError, match="public notice"):
        objection_raise(accreditation=accreditation, actor=buyer, reason="不合格")
    accreditation = accreditation_verify(accreditation=accreditation, actor=officer)
    with pytest.raises(ValidationError) as error:
        objection_raise(accreditation=accreditation, actor=buyer, reason="  ")
    assert "reason" in error.value.message_dict
    end_notice(accreditation)
    with pytest.raises(ValidationError, match="public notice"):
        objection_raise(accreditation=accreditation, actor=buyer, reason="逾期异议")
    assert not Objection.objects.exists()


def test_the_activation_task_is_scheduled_daily(settings):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values()
                 if e["task"] == "vouchers.tasks.accreditations_activate_due_task")
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {25}


def test_the_daily_task_activates_those_due_without_objections(agency, authority, agency_member, officer, buyer):
    due = end_notice(in_notice(agency, authority, agency_member, officer))
    other_agency = OrganisationFactory(kind=Organisation.Kind.SERVICE_AGENCY, slug="other-agency")
    other_member = MembershipFactory(organisation=other_agency).user
    running = in_notice(other_agency, authority, other_member, officer)
    assert accreditations_activate_due_task() == {"activated": 1}
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, running.status) == (A.ACTIVE, A.NOTICE)
    assert events(due, "activate").get().actor is None


# --- Suspension, reinstatement, removal, sanctions ----------------------------------------------------------

def test_decisions_need_a_reason_and_an_officer(accreditation, officer, agency_member):
    with pytest.raises(ValidationError) as error:
        accreditation_suspend(accreditation=accreditation, actor=officer, reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        accreditation_suspend(accreditation=accreditation, actor=agency_member, reason="自行暂停")
    accreditation = accreditation_suspend(accreditation=accreditation, actor=officer, reason="投诉调查中")
    assert (accreditation.status, accreditation.decision_reason) == (A.SUSPENDED, "投诉调查中")
    accreditation = accreditation_reinstate(accreditation=accreditation, actor=officer, reason="调查结束")
    assert accreditation.status == A.ACTIVE
    accreditation = accreditation_remove(accreditation=accreditation, actor=officer, reason="连续两年无服务")
    assert accreditation.status == A.REMOVED
    with pytest.raises(IllegalTransition):
        accreditation_reinstate(accreditation=accreditation, actor=officer, reason="恢复")
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(accreditation.pk),
                                                         content_type__model="accreditation").order_by("pk")] \
        == ["suspend", "reinstate", "remove"]


def paid_order(voucher, product, buyer, operator, capture):
    order = order_place(voucher=voucher, product=product, actor=buyer, price="3000")
    with capture(execute=True):
        payment_confirm(payment=order.copay_payment, actor=operator, reference=f"BANK-{order.pk}")
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    return order


def test_a_suspended_agency_takes_no_orders_or_claims(programme, voucher, product, buyer, agency_member, officer,
                                                      operator, django_capture_on_commit_callbacks):
    order = paid_order(voucher, product, buyer, operator, django_capture_on_commit_callbacks)
    accreditation = Accreditation.objects.get(agency=product.agency)
    assert [p.pk for p in catalogue_products()] == [product.pk]
    accreditation_suspend(accreditation=accreditation, actor=officer, reason="投诉调查中")
    assert not catalogue_products().exists()  # out of the catalogue while suspended
    with pytest.raises(ValidationError, match="not accredited"):
        order_place(voucher=voucher, product=product, actor=buyer, price="1000")
    # An order under way when the suspension came: delivered and confirmed, but not claimable.
    order = order_confirm(order=order_deliver(order=order, actor=agency_member, deliverable=pdf()), actor=buyer,
                          rating=4)
    with pytest.raises(ValidationError, match="accreditation is not active"):
        claim_submit(order=order, actor=agency_member, invoice_number="INV-1", contract=pdf(), copay_proof=pdf())


def test_a_sanction_suspends_the_accreditation_and_is_listed(client, accreditation, product, officer, agency):
    sanction = sanction_impose(organisation=agency, actor=officer, kind=Sanction.Kind.COLLUSION,
                               reason="与企业串通虚开发票")
    accreditation.refresh_from_db()
    assert accreditation.status == A.SUSPENDED
    html = client.get(reverse("vouchers:sanctions")).content.decode()
    assert "与企业串通虚开发票" in html and agency.name_zh in html
    with translation.override("en"), pytest.raises(ValidationError, match="lift it"):  # after a request's language
        accreditation_reinstate(accreditation=accreditation, actor=officer, reason="恢复")
    sanction_lift(sanction=sanction, actor=officer, reason="复查不成立")
    assert "与企业串通虚开发票" not in client.get(reverse("vouchers:sanctions")).content.decode()
    assert accreditation_reinstate(accreditation=accreditation, actor=officer, reason="复查不成立").status == A.ACTIVE


# --- Products ------------------------------------------------------------------------------------------------

PRODUCT = {"category": ServiceCategory.DRAFTING, "title_zh": "发明专利代理", "description_zh": "撰写并提交发明专利申请",
           "price": "8000", "delivery_days": 30}


def test_products_are_validated_and_audited(accreditation, agency, agency_member):
    with pytest.raises(ValidationError) as error:
        product_create(agency=agency, actor=agency_member, **{**PRODUCT, "category": "haircut", "price": "0",
                                                               "delivery_days": 0, "title_zh": ""})
    assert {"category", "price", "delivery_days", "title_zh"} <= set(error.value.message_dict)
    product = product_create(agency=agency, actor=agency_member, title_en="Invention filing", **PRODUCT)
    assert product.price == Decimal("8000.00") and product.active
    product = product_update(product=product, actor=agency_member, price="7500.5")
    assert product.price == Decimal("7500.50")
    assert events(product, "update").get().data["fields"] == ["price"]
    product = product_withdraw(product=product, actor=agency_member)
    assert not product.active
    with pytest.raises(ValidationError):
        product_withdraw(product=product, actor=agency_member)
    assert events(product, "create").exists() and events(product, "withdraw").exists()


def test_only_members_of_an_agency_with_a_live_accreditation_publish(agency, authority, agency_member, officer,
                                                                     buyer):
    with pytest.raises(ValidationError, match="Apply for accreditation"):
        product_create(agency=agency, actor=agency_member, **PRODUCT)
    accreditation = apply(agency, authority, agency_member)
    product = product_create(agency=agency, actor=agency_member, **PRODUCT)  # prepared while applying
    with pytest.raises(PermissionDenied):
        product_create(agency=agency, actor=buyer, **PRODUCT)
    with pytest.raises(PermissionDenied):
        product_update(product=product, actor=buyer, price="1")
    accreditation_reject(accreditation=accreditation, actor=officer, reason="材料不全")
    with pytest.raises(ValidationError, match="Apply for accreditation"):
        product_create(agency=agency, actor=agency_member, **PRODUCT)
    with pytest.raises(ValidationError, match="Apply for accreditation"):
        product_update(product=product, actor=agency_member, price="1")


# --- Files --------------------------------------------------------------------------------------------------

def test_accreditation_documents_go_to_the_agency_the_officers_and_operators(agency, authority, agency_member,
                                                                             officer, buyer, operator):
    name = apply(agency, authority, agency_member).documents.get().file.name
    assert voucher_file_visible(name, agency_member) and voucher_file_visible(name, officer)
    assert voucher_file_visible(name, operator)
    other_authority = OrganisationFactory(kind=Organisation.Kind.VOUCHER_AUTHORITY, slug="other-authority")
    stranger = MembershipFactory(organisation=other_authority).user
    assert not voucher_file_visible(name, buyer) and not voucher_file_visible(name, stranger)
    assert not voucher_file_visible("vouchers/accreditations/unknown.pdf", operator)


def test_order_and_claim_files_go_to_the_parties_and_the_programme_officers(
        programme, voucher, product, buyer, agency_member, officer, operator, client,
        django_capture_on_commit_callbacks):
    order = paid_order(voucher, product, buyer, operator, django_capture_on_commit_callbacks)
    order = order_confirm(order=order_deliver(order=order, actor=agency_member, deliverable=pdf()), actor=buyer,
                          rating=5)
    claim = claim_submit(order=order, actor=agency_member, invoice_number="INV-9", contract=pdf(), copay_proof=pdf())
    outsider = UserFactory(username="outsider")
    for name in (order.deliverable.name, claim.contract.name, claim.copay_proof.name):
        assert all(voucher_file_visible(name, user) for user in (buyer, agency_member, officer, operator)), name
        assert not voucher_file_visible(name, outsider)
    client.force_login(outsider)
    assert client.get("/media/" + claim.contract.name).status_code == 404
    client.force_login(officer)
    assert client.get("/media/" + claim.contract.name).status_code == 200


# --- Agency pages ---------------------------------------------------------------------------------------------

APPLY_FORM = {"legal_entity": "苏州知识产权代理有限公司", "unified_credit_code": "91320594MA1X000000",
              "legal_representative": "王五", "founded": "2015-03-01", "premises": "苏州工业园区星湖街 328 号",
              "staff_qualifications": "专利代理师 6 名", "services_and_prices": "专利检索 5000 元/件",
              "document_title_1": "营业执照"}


def test_apply_page(client, agency, authority, agency_member):
    client.force_login(agency_member)
    url = reverse("vouchers:accreditation-apply")
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"]["legal_entity"].value() == agency.name_zh
    # No document: the form comes back with the values and a message, nothing saved.
    response = client.post(url, {**APPLY_FORM, "authority": authority.pk, "document_title_1": ""},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Attach at least one document" in response.content.decode()
    assert "星湖街 328 号" in response.content.decode() and not Accreditation.objects.exists()
    response = client.post(url, {**APPLY_FORM, "authority": authority.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Attach the file" in response.content.decode()
    response = client.post(url, {**APPLY_FORM, "authority": authority.pk, "unified_credit_code": "12"})
    assert response.status_code == 400 and response.context["form"].errors["unified_credit_code"]
    response = client.post(url, {**APPLY_FORM, "authority": authority.pk, "document_file_1": pdf()})
    assert response.status_code == 302
    accreditation = Accreditation.objects.get()
    status_page = client.get(reverse("vouchers:accreditation"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert status_page.status_code == 200 and "苏州市市场监督管理局" in status_page.content.decode()
    assert accreditation.documents.get().file.url in status_page.content.decode()
    assert client.get(accreditation.documents.get().file.url).status_code == 200


def test_agency_pages_explain_to_other_organisations(client, buyer):
    client.force_login(buyer)
    for name in ("vouchers:accreditation", "vouchers:accreditation-apply", "vouchers:products",
                 "vouchers:product-new"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "vouchers/not_an_agency.html" in [t.name for t in response.templates]


def test_product_pages(client, accreditation, agency, agency_member):
    client.force_login(agency_member)
    form = {"category": "drafting", "title_zh": "发明专利代理", "title_en": "", "description_zh": "撰写并提交",
            "description_en": "", "price": "8000", "delivery_days": "30"}
    response = client.post(reverse("vouchers:product-new"), {**form, "price": "0", "delivery_days": "0"})
    assert response.status_code == 400 and not ServiceProduct.objects.exists()
    assert response.context["form"]["title_zh"].value() == "发明专利代理"
    assert client.post(reverse("vouchers:product-new"), form).status_code == 302
    product = ServiceProduct.objects.get()
    edit = reverse("vouchers:product-edit", args=[product.pk])
    assert client.get(edit).status_code == 200
    # A colleague changed the title after this member opened the form (whose hidden initial values say what it
    # showed); this member changes only the price: both changes stay.
    shown = {f"initial-{name}": value for name, value in {**form, "price": "8000.00"}.items()}
    ServiceProduct.objects.filter(pk=product.pk).update(title_zh="发明专利代理（加急）")
    assert client.post(edit, {**form, **shown, "price": "7000"}).status_code == 302
    product.refresh_from_db()
    assert (product.title_zh, product.price) == ("发明专利代理（加急）", Decimal("7000.00"))
    assert client.post(edit, {**form, "delivery_days": "x"}).status_code == 400
    listing = client.get(reverse("vouchers:products"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "发明专利代理（加急）" in listing
    assert client.post(reverse("vouchers:product-withdraw", args=[product.pk])).status_code == 302
    product.refresh_from_db()
    assert not product.active


def test_another_agency_cannot_touch_the_products(client, product):
    other = OrganisationFactory(kind=Organisation.Kind.SERVICE_AGENCY, slug="rival")
    client.force_login(MembershipFactory(organisation=other).user)
    assert client.get(reverse("vouchers:product-edit", args=[product.pk])).status_code == 404
    assert client.post(reverse("vouchers:product-withdraw", args=[product.pk])).status_code == 404
    product.refresh_from_db()
    assert product.active


# --- Officer pages --------------------------------------------------------------------------------------------

def test_officer_queue_and_decisions(client, agency, authority, agency_member, officer, buyer):
    accreditation = apply(agency, authority, agency_member)
    client.force_login(officer)
    queue = client.get(reverse("vouchers:accreditation-queue"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert queue.status_code == 200 and agency.name_zh in queue.content.decode()
    detail = reverse("vouchers:accreditation-detail", args=[accreditation.pk])
    html = client.get(detail).content.decode()
    assert accreditation.documents.get().file.url in html
    assert client.get(accreditation.documents.get().file.url).status_code == 200
    decide = lambda action, **data: client.post(  # noqa: E731
        reverse("vouchers:accreditation-decide", args=[accreditation.pk, action]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert decide("verify").status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.status == A.NOTICE
    response = decide("activate")
    assert response.status_code == 400 and "public notice runs until" in response.content.decode()
    objection = objection_raise(accreditation=accreditation, actor=buyer, reason="代理师资格证系伪造")
    end_notice(accreditation)
    response = decide("activate")
    assert response.status_code == 400 and "Resolve the open objections" in response.content.decode()
    resolve = reverse("vouchers:objection-resolve", args=[objection.pk])
    response = client.post(resolve, {"decision": "dismiss", "resolution": ""})
    assert response.status_code == 400
    assert client.post(resolve, {"decision": "dismiss", "resolution": "证书真实"}).status_code == 302
    assert decide("activate").status_code == 302
    response = decide("suspend", reason="")
    assert response.status_code == 400
    assert decide("suspend", reason="投诉调查").status_code == 302
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.decision_reason) == (A.SUSPENDED, "投诉调查")
    assert decide("verify").status_code == 302  # no longer applies: a message, nothing changed
    accreditation.refresh_from_db()
    assert accreditation.status == A.SUSPENDED
    assert decide("nonsense").status_code == 404


def test_officer_pages_are_for_officers(client, accreditation, agency_member, operator):
    detail = reverse("vouchers:accreditation-detail", args=[accreditation.pk])
    client.force_login(agency_member)
    assert client.get(reverse("vouchers:accreditation-queue")).status_code == 403
    assert client.get(detail).status_code == 403
    other_officer = MembershipFactory(organisation=OrganisationFactory(
        kind=Organisation.Kind.VOUCHER_AUTHORITY, slug="other-amr")).user
    client.force_login(other_officer)
    assert client.get(detail).status_code == 404
    assert client.post(reverse("vouchers:accreditation-decide", args=[accreditation.pk, "suspend"]),
                       {"reason": "x"}).status_code == 404
    client.force_login(operator)  # reads along, decides nothing
    assert client.get(detail).status_code == 200
    assert client.post(reverse("vouchers:accreditation-decide", args=[accreditation.pk, "suspend"]),
                       {"reason": "x"}).status_code == 403
    accreditation.refresh_from_db()
    assert accreditation.status == A.ACTIVE


def test_officer_sanction_pages(client, accreditation, agency, officer):
    client.force_login(officer)
    url = reverse("vouchers:officer-sanctions")
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": agency.pk, "kind": "fraud", "reason": " "})
    assert response.status_code == 400 and not Sanction.objects.exists()
    assert client.post(url, {"organisation": agency.pk, "kind": "fraud", "reason": "虚开发票"}).status_code == 302
    sanction = Sanction.objects.get()
    accreditation.refresh_from_db()
    assert accreditation.status == A.SUSPENDED
    response = client.post(url, {"organisation": agency.pk, "kind": "fraud", "reason": "再次"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "already sanctioned" in response.content.decode()
    lift = reverse("vouchers:sanction-lift", args=[sanction.pk])
    assert client.post(lift, {"reason": ""}).status_code == 400
    assert client.post(lift, {"reason": "复查不成立"}).status_code == 302
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
    assert client.post(lift, {"reason": "再次"}).status_code == 404


def test_agencies_and_officers_find_accreditation_from_their_homes(client, accreditation, agency_member, officer,
                                                                     operator, buyer):
    client.force_login(agency_member)
    html = client.get(reverse("dashboard"), follow=True).content.decode()
    assert reverse("vouchers:accreditation") in html and reverse("vouchers:products") in html
    assert reverse("vouchers:accreditation-queue") not in html
    client.force_login(officer)
    html = client.get(reverse("dashboard"), follow=True).content.decode()
    assert reverse("vouchers:accreditation-queue") in html and reverse("vouchers:officer-sanctions") in html
    assert reverse("vouchers:products") not in html
    client.force_login(operator)
    assert reverse("vouchers:accreditation-queue") in client.get(reverse("dashboard")).content.decode()
    client.force_login(buyer)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("vouchers:accreditation") not in html and reverse("vouchers:accreditation-queue") not in html
