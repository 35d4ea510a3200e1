"""The enterprise's voucher pages: what it sees, applying, ordering with the split, paying its part (the
operators' transfer page), confirming, disputing and cancelling; another organisation's order is 404, bad input
keeps what was typed with a clear message (400)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.models import Notification
from payments.models import Payment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.notices import read_notice
from vouchers.ledger import balance, hold_account, voucher_account
from vouchers.models import ServiceOrder, VoucherApplication
from vouchers.services.orders import order_deliver, order_place

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def other_enterprise_member(db):
    organisation = OrganisationFactory(name_zh="无锡另一家公司", slug="wuxi-other", kind="enterprise")
    return MembershipFactory(organisation=organisation, user=UserFactory(username="other-sme")).user


def test_home_shows_programmes_vouchers_balance_use_by_and_history(client, buyer, voucher, product):
    order = order_place(voucher=voucher, product=product, actor=buyer, price="5000.00")
    client.force_login(buyer)
    page = client.get(reverse("vouchers:enterprise-home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert voucher.code in text and "CNY 5,000" in text
    # 60 % of 5,000 is 3,000: 2,000 left on the voucher.
    assert "<strong>CNY 2,000</strong>" in text
    assert "(120 days left)" in text or "(119 days left)" in text
    assert "5,000.00 CNY issued on the voucher" in text
    assert f"3,000.00 CNY held for order #{order.pk} (Patent search)" in text
    assert "covers at most 60% of the price" in text
    assert "You have applied to this programme." in text


def test_history_is_in_the_readers_language(client, buyer, voucher, product):
    order = order_place(voucher=voucher, product=product, actor=buyer, price="5000.00")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(buyer)
    text = client.get(reverse("vouchers:enterprise-home")).content.decode()
    assert f"#{order.pk} (专利检索分析)" in text
    assert "3,000.00" in text


def test_apply_then_a_second_time_is_refused_with_the_values_kept(client, buyer, programme):
    client.force_login(buyer)
    home = client.get(reverse("vouchers:enterprise-home")).content.decode()
    apply_url = reverse("vouchers:enterprise-apply", args=[programme.pk])
    assert apply_url in home
    response = client.post(apply_url, {"employees": "40", "annual_revenue": "8000000", "purpose": "专利检索"})
    assert response.status_code == 302
    assert VoucherApplication.objects.filter(applicant__slug="suzhou-battery", status="submitted").count() == 1
    again = client.post(apply_url, {"employees": "41", "annual_revenue": "8000000", "purpose": "再申请"})
    assert again.status_code == 400
    assert "already applied" in again.content.decode()
    assert 'value="41"' in again.content.decode()


def test_apply_over_the_employee_limit_is_refused_on_the_field(client, buyer, programme):
    client.force_login(buyer)
    response = client.post(reverse("vouchers:enterprise-apply", args=[programme.pk]),
                           {"employees": "900", "annual_revenue": "8000000", "purpose": "检索"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "at most 500 employees" in text and 'value="900"' in text and "检索" in text
    assert not VoucherApplication.objects.exists()


def test_order_form_previews_the_split_then_places_the_order(client, buyer, voucher, product, agency_member):
    client.force_login(buyer)
    url = reverse("vouchers:order-new") + f"?product={product.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="10000.00"' in page.content.decode()  # the published price
    # The page's script gets each voucher's share and balance to show the split as the price is typed.
    assert f'{{"{voucher.pk}": {{"ratio": "0.600", "balance": "5000.00"}}}}' in page.content.decode()
    preview = client.post(url, {"voucher": voucher.pk, "price": "4000.00", "note": "两周内", "preview": "1"})
    text = preview.content.decode()
    assert preview.status_code == 200 and "CNY 2,400" in text and "CNY 1,600" in text
    assert not ServiceOrder.objects.exists()
    placed = client.post(url, {"voucher": voucher.pk, "price": "4000.00", "note": "两周内"})
    order = ServiceOrder.objects.get()
    assert placed.status_code == 302 and placed["Location"] == reverse("vouchers:enterprise-order", args=[order.pk])
    assert (order.price, order.voucher_amount, order.copay_amount) == (
        Decimal("4000.00"), Decimal("2400.00"), Decimal("1600.00"))
    assert balance(hold_account(order.pk)) == Decimal("2400.00")
    # The agency hears of it, in its member's language.
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_order_place").exists()
    detail = client.get(placed["Location"]).content.decode()
    assert f"IPM-{order.copay_payment.pk:06d}" in detail  # the transfer reference
    assert "Account number" in detail


def test_order_with_a_bad_price_keeps_the_values(client, buyer, voucher, product):
    client.force_login(buyer)
    url = reverse("vouchers:order-new") + f"?product={product.pk}"
    response = client.post(url, {"voucher": voucher.pk, "price": "-5", "note": "紧急"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="-5"' in text and "紧急" in text
    assert not ServiceOrder.objects.exists()


def test_order_for_a_category_the_programme_does_not_pay_is_refused(client, buyer, voucher, product):
    product.category = "training"
    product.save()
    client.force_login(buyer)
    response = client.post(reverse("vouchers:order-new") + f"?product={product.pk}",
                           {"voucher": voucher.pk, "price": "1000"})
    assert response.status_code == 400
    assert "does not pay for IP training" in response.content.decode()


def test_order_needs_a_product(client, buyer, voucher):
    client.force_login(buyer)
    assert client.get(reverse("vouchers:order-new")).status_code == 404
    assert client.get(reverse("vouchers:order-new") + "?product=999").status_code == 404


def test_another_organisations_order_is_404(client, buyer, voucher, product, other_enterprise_member,
                                           agency_member):
    order = order_place(voucher=voucher, product=product, actor=buyer)
    for user in (other_enterprise_member,):
        client.force_login(user)
        assert client.get(reverse("vouchers:enterprise-order", args=[order.pk])).status_code == 404
        response = client.post(reverse("vouchers:enterprise-order-cancel", args=[order.pk]),
                               {"cancel-reason": "不要了"})
        assert response.status_code == 404
    # An agency's member is not an enterprise: the enterprise pages refuse it outright.
    client.force_login(agency_member)
    assert client.get(reverse("vouchers:enterprise-home")).status_code == 403
    assert client.get(reverse("vouchers:enterprise-order", args=[order.pk])).status_code == 403
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.PLACED


def test_anonymous_is_sent_to_log_in(client, voucher):
    response = client.get(reverse("vouchers:enterprise-home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_cancel_while_awaiting_copayment_gives_the_hold_back(client, buyer, voucher, product):
    order = order_place(voucher=voucher, product=product, actor=buyer)
    client.force_login(buyer)
    url = reverse("vouchers:enterprise-order-cancel", args=[order.pk])
    empty = client.post(url, {"cancel-reason": "  "})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert client.post(url, {"cancel-reason": "预算调整"}).status_code == 302
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.CANCELLED
    assert balance(voucher_account(voucher.pk)) == Decimal("5000.00")
    assert order.copay_payment.status == Payment.Status.CANCELLED


def _delivered(voucher, product, buyer, agency_member, operator, django_capture_on_commit_callbacks, client):
    order = order_place(voucher=voucher, product=product, actor=buyer)
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("licences:transfers"), {"payment": order.copay_payment.pk, "reference": "BANK-77"})
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    return order_deliver(order=order, actor=agency_member, deliverable=pdf("report.pdf"), note="报告见附件")


def test_operators_see_and_confirm_the_copayment(client, buyer, voucher, product, operator, agency_member,
                                                django_capture_on_commit_callbacks):
    order = order_place(voucher=voucher, product=product, actor=buyer)
    client.force_login(operator)
    page = client.get(reverse("licences:transfers")).content.decode()
    assert f"Voucher co-payment for service order #{order.pk}" in page and "CNY 5,000" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("licences:transfers"),
                               {"payment": order.copay_payment.pk, "reference": "BANK-77"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.IN_PROGRESS
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_order_pay").exists()
    assert f"service order #{order.pk}" not in client.get(reverse("licences:transfers")).content.decode()


def test_confirm_with_a_rating(client, buyer, voucher, product, agency_member, operator,
                               django_capture_on_commit_callbacks):
    order = _delivered(voucher, product, buyer, agency_member, operator, django_capture_on_commit_callbacks, client)
    assert Notification.objects.filter(recipient=buyer, kind="voucher_order_deliver").exists()
    client.force_login(buyer)
    detail = client.get(reverse("vouchers:enterprise-order", args=[order.pk])).content.decode()
    assert order.deliverable.url in detail and 'type="radio"' in detail
    url = reverse("vouchers:enterprise-order-confirm", args=[order.pk])
    missing = client.post(url, {"comment": "很好"})
    assert missing.status_code == 400 and "很好" in missing.content.decode()
    assert client.post(url, {"rating": "4", "comment": "很好"}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.rating, order.rating_comment) == (ServiceOrder.Status.CONFIRMED, 4, "很好")
    assert Notification.objects.filter(recipient=agency_member, kind="voucher_order_confirm").exists()
    # Confirmed already: a second answer is told the order moved on.
    again = client.post(reverse("vouchers:enterprise-order-dispute", args=[order.pk]), {"dispute-reason": "不对"})
    assert again.status_code == 400 and "Delivery confirmed" in again.content.decode()


def test_dispute_needs_a_reason(client, buyer, voucher, product, agency_member, operator,
                                django_capture_on_commit_callbacks):
    order = _delivered(voucher, product, buyer, agency_member, operator, django_capture_on_commit_callbacks, client)
    client.force_login(buyer)
    url = reverse("vouchers:enterprise-order-dispute", args=[order.pk])
    assert client.post(url, {"dispute-reason": ""}).status_code == 400
    assert client.post(url, {"dispute-reason": "报告缺少侵权分析"}).status_code == 302
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.DISPUTED and order.dispute_reason == "报告缺少侵权分析"
    notice = Notification.objects.get(recipient=agency_member, kind="voucher_order_dispute")
    assert "报告缺少侵权分析" in read_notice(notice, "zh-hans")["body"]


def test_cancelled_order_shows_in_the_voucher_history(client, buyer, voucher, product):
    order = order_place(voucher=voucher, product=product, actor=buyer)
    client.force_login(buyer)
    client.post(reverse("vouchers:enterprise-order-cancel", args=[order.pk]), {"cancel-reason": "预算调整"})
    text = client.get(reverse("vouchers:enterprise-home")).content.decode()
    assert f"5,000.00 CNY released back to the voucher from order #{order.pk} (Patent search)" in text


def test_capped_programme_asks_for_an_amount(client, buyer, authority, officer):
    from vouchers.services.programmes import programme_create, programme_open

    from .conftest import programme_fields

    capped = programme_open(programme=programme_create(
        authority=authority, actor=officer, budget="50000.00",
        **programme_fields(face_value_rule="capped", face_value=None, name_zh="封顶项目")), actor=officer)
    client.force_login(buyer)
    url = reverse("vouchers:enterprise-apply", args=[capped.pk])
    assert 'name="amount_requested"' in client.get(url).content.decode()
    over = client.post(url, {"employees": "40", "annual_revenue": "100", "purpose": "检索",
                             "amount_requested": "9000"})
    assert over.status_code == 400
    assert '<span class="error-text">At most 8000.00 CNY per enterprise and year.</span>' in over.content.decode()
    assert client.post(url, {"employees": "40", "annual_revenue": "100", "purpose": "检索",
                             "amount_requested": "6000"}).status_code == 302
    assert VoucherApplication.objects.get(programme=capped).amount_requested == Decimal("6000.00")


def test_notices_are_written_in_each_recipients_language(buyer, voucher, product, agency_member):
    agency_member.preferred_language = "zh-hans"
    agency_member.save()
    order = order_place(voucher=voucher, product=product, actor=buyer)
    notice = Notification.objects.get(recipient=agency_member, kind="voucher_order_place")
    assert read_notice(notice, "zh-hans")["headline"] == f"新服务订单 #{order.pk} 专利检索分析"
    assert read_notice(notice, "en")["headline"].startswith(f"New service order #{order.pk}")
    assert read_notice(notice, "zh-hans")["path"] == reverse("vouchers:agency-order", args=[order.pk])
    assert not Notification.objects.filter(recipient=buyer).exists()  # the one who ordered needs no notice


def test_notices_are_also_e_mailed_after_the_commit(buyer, voucher, product, agency_member, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    agency_member.preferred_language = "zh-hans"
    agency_member.email = "agent@example.cn"
    agency_member.save()
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(voucher=voucher, product=product, actor=buyer)
    sent = [mail for mail in mailoutbox if mail.to == ["agent@example.cn"]]
    assert len(sent) == 1 and sent[0].subject == f"新服务订单 #{order.pk} 专利检索分析"
    assert reverse("vouchers:agency-order", args=[order.pk]) in sent[0].body
