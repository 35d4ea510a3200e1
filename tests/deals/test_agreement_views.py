"""The agreement pages: who sees them and the PDF, signing and voiding through the forms, the password
rate limit, the recordal pack downloads, and the templates in the Wagtail admin."""

import pytest
from django.test import Client
from django.urls import reverse

from deals.agreements import agreement_sign
from deals.models import Agreement, AgreementTemplate, Deal, Signature

from .agreements import agreement_for

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"


@pytest.fixture
def agreement(university, seller, buyer_org, buyer):
    return agreement_for(seller_org=university, buyer_org=buyer_org, author=buyer, number="CN1049529C")


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name: str, agreement: Agreement, **kwargs) -> str:
    return reverse(f"deals:{name}", kwargs={"deal_pk": agreement.deal_id, "pk": agreement.pk, **kwargs})


def test_parties_and_operators_see_the_agreement_and_its_pdf(english, agreement, seller, buyer, operator):
    for user in (seller, buyer, operator):
        client = _client(user)
        page = client.get(_url("agreement", agreement))
        assert page.status_code == 200
        content = page.content.decode()
        assert "苏州测试电池有限公司" in content and "CN1049529C" in content and agreement.pdf_sha256 in content
        assert agreement.pdf.url in content
        pdf = client.get(agreement.pdf.url)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
        assert "private" in pdf["Cache-Control"]
    room = _client(buyer).get(reverse("deals:room", args=[agreement.deal_id])).content.decode()
    assert _url("agreement", agreement) in room


def test_outsiders_get_404_for_the_page_the_pdf_and_guessed_names(agreement, outsider):
    for client in (_client(), _client(outsider)):
        assert client.get(agreement.pdf.url).status_code == 404
        assert client.get("/media/agreements/" + agreement.number + ".pdf").status_code == 404
    assert _client(outsider).get(_url("agreement", agreement)).status_code == 404
    other_deal = reverse("deals:agreement", kwargs={"deal_pk": agreement.deal_id + 1, "pk": agreement.pk})
    assert _client(outsider).get(other_deal).status_code == 404


def test_a_party_signs_with_their_password(english, agreement, seller, buyer):
    client = _client(seller)
    response = client.post(_url("agreement_sign", agreement), {"password": PASSWORD},
                           REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.user, signature.ip, signature.side) == (seller, "192.0.2.7", "seller")
    page = client.get(_url("agreement", agreement)).content.decode()
    assert "192.0.2.7" in page and "matches the file" in page and 'id="sign"' not in page
    _client(buyer).post(_url("agreement_sign", agreement), {"password": PASSWORD})
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED and agreement.deal.status == Deal.Status.SIGNED


def test_a_wrong_password_is_shown_on_the_form_and_limited(english, settings, agreement, seller):
    settings.SIGNING_PASSWORD_RATE_LIMIT = "3/h"
    client = _client(seller)
    for _ in range(3):
        response = client.post(_url("agreement_sign", agreement), {"password": "guess"})
        assert response.status_code == 400 and "The password is not correct." in response.content.decode()
    # The limit is used up: even the right password is turned away for now.
    assert client.post(_url("agreement_sign", agreement), {"password": PASSWORD}).status_code == 429
    assert not Signature.objects.exists()


def test_operators_and_outsiders_cannot_sign_or_void(agreement, operator, outsider):
    for user, status in ((operator, 403), (outsider, 404)):
        client = _client(user)
        assert client.post(_url("agreement_sign", agreement), {"password": PASSWORD}).status_code == status
        assert client.post(_url("agreement_void", agreement), {"reason": "不要了"}).status_code == status
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AWAITING_SIGNATURES and not Signature.objects.exists()


def test_a_party_voids_with_a_reason(english, agreement, buyer):
    client = _client(buyer)
    response = client.post(_url("agreement_void", agreement), {"reason": ""})
    assert response.status_code == 400
    response = client.post(_url("agreement_void", agreement), {"reason": "价格需要重新谈"})
    assert response.status_code == 302 and response["Location"] == reverse("deals:room", args=[agreement.deal_id])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.VOID and agreement.deal.status == Deal.Status.OPEN
    page = client.get(_url("agreement", agreement)).content.decode()
    assert 'id="void"' not in page and 'id="sign"' not in page


def test_the_recordal_pack_once_signed(english, agreement, seller, buyer, operator, outsider):
    recordal = _url("agreement_recordal", agreement)
    assert _client(buyer).get(recordal).status_code == 404  # not signed yet
    for user in (seller, buyer):
        agreement_sign(agreement=agreement, user=user, password=PASSWORD, ip=None)
    for user in (seller, buyer, operator):
        client = _client(user)
        page = client.get(recordal).content.decode()
        assert "许可方名称" in page and "CN1049529C" in page and "独占许可" in page
        csv = client.get(_url("agreement_recordal_export", agreement, fmt="csv"))
        assert csv["Content-Type"].startswith("text/csv") and "CN1049529C" in csv.content.decode("utf-8-sig")
        xlsx = client.get(_url("agreement_recordal_export", agreement, fmt="xlsx"))
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert _client(buyer).get(_url("agreement_recordal_export", agreement, fmt="pdf")).status_code == 404
    for client in (_client(outsider), _client()):
        assert client.get(recordal).status_code in (302, 404)
        assert client.get(_url("agreement_recordal_export", agreement, fmt="csv")).status_code in (302, 404)


ADMIN_FORM = {"kind": "licence", "title_zh": "新许可合同", "title_en": "New licence", "body_en": "{{ licensee.name }}",
              "active": "on"}


def test_operators_edit_templates_in_the_wagtail_admin_and_bad_placeholders_are_refused(english, operator,
                                                                                        university_member):
    client = _client(operator)
    assert client.get(reverse("agreement_templates:index")).status_code == 200
    response = client.post(reverse("agreement_templates:add"), {**ADMIN_FORM, "body_zh": "许可方：{{ licensor.nam }}"})
    assert response.status_code == 200 and "unknown placeholder {{ licensor.nam }}" in response.content.decode()
    assert not AgreementTemplate.objects.filter(title_zh="新许可合同").exists()
    response = client.post(reverse("agreement_templates:add"), {**ADMIN_FORM, "body_zh": "许可方：{{ licensor.name }}"})
    assert response.status_code == 302
    assert AgreementTemplate.objects.filter(title_zh="新许可合同").exists()
    template = AgreementTemplate.objects.get(title_zh="新许可合同")
    assert client.post(reverse("agreement_templates:delete", args=[template.pk])).status_code in (302, 403)
    assert AgreementTemplate.objects.filter(pk=template.pk).exists()
    member = _client(university_member).get(reverse("agreement_templates:index"))
    assert member.status_code == 302
