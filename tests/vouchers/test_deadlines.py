"""The daily deadline tasks (Celery beat): vouchers expire, unclaimed orders lapse, reminders go out before both
deadlines, at most once a week each, in the recipient's language."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from marketplace.models import Notification
from payments.services import payment_confirm
from tests.factories import MembershipFactory, UserFactory
from tests.notices import read_notice
from vouchers.ledger import balance, budget_account
from vouchers.ledger_check import ledger_problems
from vouchers.models import Claim, Programme, ServiceCategory, ServiceOrder, ServiceProduct, Voucher
from vouchers.services.claims import claim_reject, claim_submit
from vouchers.services.orders import order_confirm, order_deliver, order_place
from vouchers.tasks import orders_lapse_task, voucher_reminders_task, vouchers_expire_task

from .conftest import pdf

pytestmark = pytest.mark.django_db


def test_beat_runs_the_three_voucher_tasks_daily():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"vouchers.tasks.vouchers_expire_task", "vouchers.tasks.orders_lapse_task",
            "vouchers.tasks.voucher_reminders_task"} <= tasks


def test_expire_task_returns_the_money_to_the_budget(voucher, programme):
    Voucher.objects.filter(pk=voucher.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    budget = balance(budget_account(programme.pk))
    assert vouchers_expire_task.delay().get() == 1
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.EXPIRED
    assert balance(budget_account(programme.pk)) == budget + Decimal("5000.00")
    assert vouchers_expire_task.delay().get() == 0
    assert ledger_problems() == []


@pytest.fixture
def cheap_product(agency, accreditation):
    return ServiceProduct.objects.create(agency=agency, category=ServiceCategory.PATENT_SEARCH, title_zh="专利检索",
                                         description_zh="检索", price=Decimal("1000.00"), delivery_days=5)


@pytest.fixture
def delivered(voucher, cheap_product, buyer, operator, agency_member, django_capture_on_commit_callbacks):
    def make() -> ServiceOrder:
        order = order_place(voucher=voucher, product=cheap_product, actor=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            payment_confirm(payment=order.copay_payment, actor=operator, reference=f"B-{order.pk}")
        order.refresh_from_db()
        return order_deliver(order=order, actor=agency_member, deliverable=pdf())

    return make


def set_claim_deadline(programme: Programme, deadline: datetime.date) -> None:
    programme.refresh_from_db()
    Programme.objects.filter(pk=programme.pk).update(
        applications_open=min(programme.applications_open, deadline - datetime.timedelta(days=2)),
        applications_close=min(programme.applications_close, deadline), claim_deadline=deadline)


def test_lapse_task_lapses_unclaimed_orders_after_the_deadline(delivered, programme):
    order = delivered()
    assert orders_lapse_task.delay().get() == 0
    set_claim_deadline(programme, timezone.localdate() - datetime.timedelta(days=1))
    budget = balance(budget_account(programme.pk))
    assert orders_lapse_task.delay().get() == 1
    order.refresh_from_db()
    assert order.status == ServiceOrder.Status.LAPSED
    assert balance(budget_account(programme.pk)) == budget + Decimal("600.00")
    assert ledger_problems() == []


def test_expiring_voucher_reminded_once_a_week_in_the_holders_language(voucher, buyer, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    english = MembershipFactory(organisation=voucher.holder, user=UserFactory(preferred_language="en")).user
    assert voucher_reminders_task.delay().get()["vouchers"] == 0  # 120 days left
    Voucher.objects.filter(pk=voucher.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=settings.VOUCHER_REMINDER_DAYS - 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert voucher_reminders_task.delay().get()["vouchers"] == 1
    chinese_notice = Notification.objects.get(recipient=buyer, kind="voucher_expiring")
    english_notice = Notification.objects.get(recipient=english, kind="voucher_expiring")
    chinese_text, english_text = read_notice(chinese_notice, "zh-hans"), read_notice(english_notice, "en")
    assert voucher.code in chinese_text["headline"] and "到期" in chinese_text["headline"]
    assert english_text["headline"].startswith(f"Voucher {voucher.code} expires on")
    assert "5000.00 CNY is still on voucher" in english_text["body"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([buyer.email, english.email])
    # The next day's run reminds no one; a week later it reminds again.
    assert voucher_reminders_task.delay().get()["vouchers"] == 0
    Voucher.objects.filter(pk=voucher.pk).update(last_reminded_at=timezone.now() - datetime.timedelta(days=7))
    assert voucher_reminders_task.delay().get()["vouchers"] == 1


def test_spent_voucher_not_reminded(voucher, product, buyer):
    order_place(voucher=voucher, product=product, actor=buyer)  # 10,000: the voucher's 5,000 all held
    Voucher.objects.filter(pk=voucher.pk).update(expires_at=timezone.now() + datetime.timedelta(days=3))
    assert voucher_reminders_task.delay().get()["vouchers"] == 0
    assert not Notification.objects.exists()


def test_agency_reminded_of_unclaimed_and_returned_orders_before_the_claim_deadline(
        delivered, programme, agency_member, buyer, officer):
    waiting_confirmation = delivered()
    confirmed = order_confirm(order=delivered(), actor=buyer, rating=4)
    returned = order_confirm(order=delivered(), actor=buyer, rating=4)
    claim = claim_submit(order=returned, actor=agency_member, invoice_number="R-1", contract=pdf(),
                         copay_proof=pdf())
    claim_reject(claim=claim, actor=officer, reason="合同缺页")
    in_review = order_confirm(order=delivered(), actor=buyer, rating=4)
    claim_submit(order=in_review, actor=agency_member, invoice_number="R-2", contract=pdf(), copay_proof=pdf())
    assert Claim.objects.get(order=returned).status == Claim.Status.RETURNED
    assert voucher_reminders_task.delay().get()["agencies"] == 0  # the deadline is months away
    set_claim_deadline(programme, timezone.localdate() + datetime.timedelta(days=settings.VOUCHER_REMINDER_DAYS))
    sent = voucher_reminders_task.delay().get()
    assert (sent["agencies"], sent["orders"]) == (1, 3)
    notice = Notification.objects.get(recipient=agency_member, kind="claim_deadline")
    for order in (waiting_confirmation, confirmed, returned):
        assert f"#{order.pk}" in read_notice(notice, "zh-hans")["body"]
    assert f"#{in_review.pk}" not in read_notice(notice, "zh-hans")["body"]
    assert voucher_reminders_task.delay().get()["agencies"] == 0
    assert not Notification.objects.filter(kind="claim_deadline").exclude(recipient=agency_member).exists()
