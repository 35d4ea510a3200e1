"""Agreements: templates, generation (HTML and PDF with Chinese text), signing, voiding, the recordal pack."""

import csv
import hashlib
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from deals.agreement_document import agreement_render
from deals.agreement_selectors import agreement_verification
from deals.agreements import agreement_generate, agreement_sign, agreement_void
from deals.models import Agreement, AgreementTemplate, Deal, Offer, Signature
from deals.recordal import recordal_csv, recordal_rows, recordal_xlsx
from deals.signals import agreement_signed
from deals.terms import DealKind
from marketplace.models import Notification
from marketplace.workflow import history

from ..factories import MembershipFactory, PatentFactory, UserFactory
from .agreements import accepted_offer, agreement_for

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"


@pytest.fixture
def parties(university, seller, buyer_org, buyer):
    university.name_zh, university.name_en, university.address = "北京测试大学", "Beijing Test University", "北京市海淀区学院路1号"
    university.save()
    buyer_org.address = "苏州工业园区星湖街328号"
    buyer_org.save()
    return university, buyer_org


@pytest.fixture
def agreement(parties, buyer, operator):
    university, buyer_org = parties
    return agreement_for(seller_org=university, buyer_org=buyer_org, author=buyer, number="CN1049529C")


def _pdf_text(agreement: Agreement) -> str:
    agreement.pdf.open("rb")
    reader = PdfReader(io.BytesIO(agreement.pdf.read()))
    agreement.pdf.close()
    return "".join(page.extract_text() for page in reader.pages)


# Templates


def test_the_three_standard_templates_are_valid_and_active():
    templates = AgreementTemplate.objects.filter(active=True)
    assert sorted(templates.values_list("kind", flat=True)) == ["assignment", "easy_access", "licence"]
    for template in templates:
        template.full_clean()
    licence = templates.get(kind="licence")
    assert "国家知识产权局" in licence.body_zh and "三个月" in licence.body_zh and "调解" in licence.body_zh
    assert "CNIPA" in licence.body_en and "arbitration" in licence.body_en


@pytest.mark.parametrize("body,message", [
    ("甲方：{{ licensor.nmae }}", "unknown placeholder {{ licensor.nmae }}"),
    ("甲方：{{ licensor.name }", "not written as {{ name }}"),
    ("甲方：{{ licensor.name|upper }}", "not written as {{ name }}"),
    ("{% load static %}", "tags such as"),
    ("专利：{{ patents_table }}", "must stand alone on its line"),
    ("{{ licensor.__class__ }}", "unknown placeholder"),
])
def test_a_template_with_a_bad_placeholder_is_refused_with_a_clear_message(english, body, message):
    template = AgreementTemplate(kind="licence", title_zh="合同", title_en="Agreement", body_zh=body,
                                 body_en="Fine: {{ licensor.name }}")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert list(error.value.message_dict) == ["body_zh"]
    assert message in error.value.message_dict["body_zh"][0]


def test_the_template_follows_the_deal_kind_and_easy_access(parties, buyer, operator):
    university, buyer_org = parties
    kinds = {}
    for name, kwargs in {
        "licence": {},
        "assignment": {"deal_kind": DealKind.ASSIGNMENT, "end_date": None, "royalty_rate": None,
                       "minimum_annual_royalty": 0},
        "easy_access": {"easy_access": True, "deal_kind": DealKind.NON_EXCLUSIVE},
    }.items():
        kinds[name] = agreement_for(seller_org=university, buyer_org=buyer_org, author=buyer, **kwargs)
    assert {name: a.template.kind for name, a in kinds.items()} == {name: name for name in kinds}
    assert "专利权转让合同" in kinds["assignment"].html and "转让方" in kinds["assignment"].html
    assert "便捷" in kinds["easy_access"].html
    assert len(PdfReader(kinds["easy_access"].pdf.path).pages) == 1  # the one-page licence, both languages


def test_without_an_active_template_generation_is_refused(english, parties, buyer):
    AgreementTemplate.objects.update(active=False)
    offer = accepted_offer(seller_org=parties[0], buyer_org=parties[1], author=buyer)
    with pytest.raises(ValidationError, match="template"):
        agreement_generate(offer=offer, actor=buyer)
    assert not Agreement.objects.exists()


def test_editing_a_template_leaves_generated_agreements_alone(agreement):
    template = agreement.template
    template.body_zh = "全新的文本 {{ licensor.name }}"
    template.save()
    agreement.refresh_from_db()
    html, pdf_bytes = agreement_render(agreement)
    assert html == agreement.html and hashlib.sha256(pdf_bytes).hexdigest() == agreement.pdf_sha256


# Generation


def test_generation_states_parties_patents_terms_and_commission_in_both_languages(agreement, settings):
    html = agreement.html
    for text in ("北京测试大学", "Beijing Test University", "苏州测试电池有限公司", "Suzhou Test Battery Co.",
                 "北京市海淀区学院路1号", "苏州工业园区星湖街328号", "CN1049529C",
                 "一种锂离子电池正极材料的制备方法", "Method for preparing cathode material of lithium ion battery",
                 "中国大陆", "动力电池", "CNY 200,000.00", "CNY 50,000.00", "量产", "2031年12月31日", "2031-12-31",
                 "独占许可", "Exclusive licence", "3.5 %", "知识产权运营交易中心", "签署页 / Signature page",
                 agreement.number):
        assert text in html, text
    assert f"{settings.PLATFORM_COMMISSION_PERCENT}%" in html
    assert agreement.commission_percent == settings.PLATFORM_COMMISSION_PERCENT
    assert agreement.status == Agreement.Status.AWAITING_SIGNATURES
    assert history(agreement).filter(action="generate").count() == 1


def test_the_pdf_holds_the_chinese_party_names_and_patent_numbers(agreement):
    text = _pdf_text(agreement)
    for expected in ("北京测试大学", "苏州测试电池有限公司", "CN1049529C", "专利实施许可合同", "Patent Licence Agreement",
                     "国家知识产权局"):
        assert expected in text, expected


def test_the_pdf_hash_is_of_the_stored_bytes_and_rendering_is_deterministic(agreement):
    stored = agreement.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == agreement.pdf_sha256
    html, again = agreement_render(Agreement.objects.get(pk=agreement.pk))
    assert again == stored and html == agreement.html
    assert agreement.pdf.name.startswith("agreements/") and agreement.number in agreement.pdf.name


def test_later_changes_of_the_parties_do_not_change_the_document(agreement, parties):
    parties[1].name_zh = "改名后的公司"
    parties[1].save()
    _, pdf_bytes = agreement_render(Agreement.objects.get(pk=agreement.pk))
    assert hashlib.sha256(pdf_bytes).hexdigest() == agreement.pdf_sha256


# Signing


def test_both_parties_sign_and_the_deal_is_signed(agreement, seller, buyer, buyer_colleague):
    first = agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip="10.0.0.1")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING_SIGNATURES and first.side == "seller"
    assert Notification.objects.filter(recipient__in=[buyer, buyer_colleague],
                                       kind="agreement_signed").count() == 2
    second = agreement_sign(agreement=agreement, user=buyer, password=PASSWORD, ip="10.0.0.2")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED and agreement.signed_at
    assert agreement.deal.status == Deal.Status.SIGNED
    assert (second.organisation, second.user, second.ip, second.pdf_sha256) == (
        agreement.deal.buyer, buyer, "10.0.0.2", agreement.pdf_sha256)
    assert history(agreement.deal).filter(action="sign").count() == 1
    assert history(agreement).filter(action="sign").count() == 2
    assert Notification.objects.filter(recipient=seller, kind="agreement_completed").count() == 1
    verification = agreement_verification(agreement=agreement)
    assert verification.file_matches and [m for _, m in verification.signatures] == [True, True]


def test_agreement_signed_is_sent_once_after_the_commit(agreement, seller, buyer, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    agreement_signed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
        assert received == []
        with django_capture_on_commit_callbacks(execute=True):
            agreement_sign(agreement=agreement, user=buyer, password=PASSWORD, ip=None)
    finally:
        agreement_signed.disconnect(receiver)
    assert [(r["deal_id"], r["agreement_id"]) for r in received] == [(agreement.deal_id, agreement.pk)]


def test_a_wrong_password_signs_nothing(english, agreement, seller):
    with pytest.raises(ValidationError) as error:
        agreement_sign(agreement=agreement, user=seller, password="wrong", ip=None)
    assert error.value.message_dict == {"password": ["The password is not correct."]}
    assert not Signature.objects.exists()


def test_signing_twice_is_refused(english, agreement, seller, university):
    agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
    colleague = MembershipFactory(organisation=university, user=UserFactory(username="colleague")).user
    for user in (seller, colleague):
        with pytest.raises(ValidationError, match="already signed"):
            agreement_sign(agreement=agreement, user=user, password=PASSWORD, ip=None)
    assert Signature.objects.count() == 1


def test_only_members_of_the_parties_sign(agreement, outsider, operator):
    for user in (outsider, operator):
        with pytest.raises(PermissionDenied):
            agreement_sign(agreement=agreement, user=user, password=PASSWORD, ip=None)
    assert not Signature.objects.exists()


def test_a_member_of_both_parties_signs_for_the_acting_one(agreement, seller, buyer_org):
    MembershipFactory(organisation=buyer_org, user=seller)
    signature = agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None, acting=buyer_org)
    assert signature.side == "buyer" and signature.organisation == buyer_org


def test_a_document_changed_since_it_was_generated_cannot_be_signed(english, agreement, seller, buyer):
    agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
    path = agreement.pdf.path
    with open(path, "r+b") as file:  # one byte changed in place, as tampering on the server would
        data = bytearray(file.read())
        data[len(data) // 2] ^= 1
        file.seek(0)
        file.write(data)
    with pytest.raises(ValidationError, match="(?i)the document changed since it was generated"):
        agreement_sign(agreement=agreement, user=buyer, password=PASSWORD, ip=None)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING_SIGNATURES and Signature.objects.count() == 1
    verification = agreement_verification(agreement=agreement)
    assert not verification.file_matches and [m for _, m in verification.signatures] == [False]


def test_a_void_agreement_cannot_be_signed(english, agreement, seller, buyer):
    agreement_void(agreement=agreement, actor=buyer, reason="条款有误")
    with pytest.raises(ValidationError, match="voided"):
        agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)


# Voiding


def test_either_party_voids_before_both_signed_and_the_deal_reopens(agreement, seller, buyer, university,
                                                                    buyer_org):
    agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
    agreement_void(agreement=agreement, actor=buyer, reason="价格需要重新谈")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.VOID and agreement.voided_at
    assert agreement.deal.status == Deal.Status.OPEN
    assert agreement.offer.status == Offer.Status.SUPERSEDED
    reopen = history(agreement.deal).get(action="reopen")
    assert reopen.reason == "价格需要重新谈" and reopen.actor == buyer
    assert Notification.objects.filter(recipient=seller, kind="agreement_void", params__reason="价格需要重新谈").exists()
    # The deal goes on: a new accepted offer gets a new agreement.
    Deal.objects.filter(pk=agreement.deal_id).update(status=Deal.Status.AGREED)
    offer = Offer.objects.create(deal=agreement.deal, side="seller", author=seller, terms_data=agreement.terms_data,
                                 status=Offer.Status.ACCEPTED)
    assert agreement_generate(offer=offer, actor=seller).status == Agreement.Status.AWAITING_SIGNATURES


def test_a_signed_agreement_cannot_be_voided(english, agreement, seller, buyer):
    agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
    agreement_sign(agreement=agreement, user=buyer, password=PASSWORD, ip=None)
    with pytest.raises(ValidationError, match="already signed"):
        agreement_void(agreement=agreement, actor=buyer, reason="反悔")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED


def test_voiding_needs_a_reason_and_a_party(english, agreement, buyer, outsider, operator):
    with pytest.raises(ValidationError) as error:
        agreement_void(agreement=agreement, actor=buyer, reason="  ")
    assert list(error.value.message_dict) == ["reason"]
    for user in (outsider, operator):
        with pytest.raises(PermissionDenied):
            agreement_void(agreement=agreement, actor=user, reason="不要了")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING_SIGNATURES


# Recordal pack


@pytest.fixture
def signed(agreement, seller, buyer):
    agreement_sign(agreement=agreement, user=seller, password=PASSWORD, ip=None)
    agreement_sign(agreement=agreement, user=buyer, password=PASSWORD, ip=None)
    agreement.refresh_from_db()
    return agreement


def test_the_recordal_pack_holds_what_cnipa_asks(signed):
    rows = {zh: value for zh, _en, value in recordal_rows(signed)}
    signed_on = signed.signed_at.astimezone().date()
    assert rows["许可方名称"] == "北京测试大学" and rows["被许可方名称"] == "苏州测试电池有限公司"
    assert rows["许可方地址"] == "北京市海淀区学院路1号" and rows["被许可方国籍"] == "中国"
    assert rows["专利号 1"] == "CN1049529C" and rows["专利名称 1"] == "一种锂离子电池正极材料的制备方法"
    assert rows["许可种类"] == "独占许可" and rows["许可地域范围"] == "中国大陆"
    assert (rows["许可期限起始日"], rows["许可期限届满日"]) == ("2027-01-01", "2031-12-31")
    assert rows["入门费"] == "200000.00 CNY" and rows["提成费"].startswith("3.5%")
    assert date.fromisoformat(rows["合同签订日期"]) == signed_on


def test_recordal_exports_are_injection_safe(signed):
    snapshot = signed.snapshot
    snapshot["licensee"]["name_zh"] = '=HYPERLINK("http://evil.example","x")'
    Agreement.objects.filter(pk=signed.pk).update(snapshot=snapshot)
    signed.refresh_from_db()
    rows = list(csv.reader(io.StringIO(recordal_csv(signed).lstrip("\ufeff"))))
    assert rows[0] == ["项目", "Item", "内容 / Value"]
    assert ["被许可方名称", "Licensee name", "'=HYPERLINK(\"http://evil.example\",\"x\")"] in rows
    sheet = load_workbook(io.BytesIO(recordal_xlsx(signed))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [[cell or None for cell in row] for row in rows]


def test_a_pool_licence_of_several_patents_lists_each(parties, buyer):
    university, buyer_org = parties
    offer = accepted_offer(seller_org=university, buyer_org=buyer_org, author=buyer)
    second = PatentFactory(title_zh="一种电解液", title_en="An electrolyte", expiry_date=date(2039, 1, 1))
    terms = dict(offer.terms_data, patent_ids=[*offer.terms_data["patent_ids"], second.pk])
    Offer.objects.filter(pk=offer.pk).update(terms_data=terms)
    offer.refresh_from_db()
    agreement = agreement_generate(offer=offer, actor=buyer)
    assert "一种电解液" in agreement.html and second.publication_number in _pdf_text(agreement)
