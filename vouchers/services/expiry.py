"""Deadlines (run daily by Celery beat, vouchers.tasks): unused vouchers expire and orders not claimed by the
claim deadline lapse, each returning its money to the budget; reminders go out before both deadlines."""

from django.db import transaction
from django.utils import timezone

from marketplace.workflow import lock_row

from ..dates import end_of_day, today
from ..ledger import Kind
from ..models import Claim, ServiceOrder, Voucher
from ..workflows import CLAIM_WORKFLOW, ORDER_WORKFLOW, VOUCHER_WORKFLOW
from .common import voucher_return_to_budget
from .orders import hold_release

# Claims still in review at the deadline were made in time; a returned one not corrected was not.
IN_REVIEW = (Claim.Status.SUBMITTED, Claim.Status.CHECKED)


def voucher_expire(*, voucher: Voucher) -> Voucher:
    with transaction.atomic():
        voucher = lock_row(voucher)
        if voucher.status != Voucher.Status.ACTIVE or voucher.expires_at > timezone.now():
            return voucher
        voucher = VOUCHER_WORKFLOW.apply(voucher, "expire")
        voucher_return_to_budget(voucher=voucher, kind=Kind.EXPIRE, memo=voucher.code)
    return voucher


def vouchers_expire_due() -> int:
    due = Voucher.objects.filter(status=Voucher.Status.ACTIVE, expires_at__lte=timezone.now())
    return sum(voucher_expire(voucher=voucher).status == Voucher.Status.EXPIRED for voucher in due)


def order_lapse(*, order: ServiceOrder) -> ServiceOrder:
    with transaction.atomic():
        voucher = lock_row(order.voucher)
        order = lock_row(order)
        if not ORDER_WORKFLOW.can(order, "lapse") or timezone.now() < end_of_day(order.programme.claim_deadline):
            return order
        claim = Claim.objects.filter(order=order).first()
        if claim is not None:
            if claim.status in IN_REVIEW:
                return order
            if CLAIM_WORKFLOW.can(claim, "lapse"):
                CLAIM_WORKFLOW.apply(claim, "lapse", reason="claim deadline passed")
        order = ORDER_WORKFLOW.apply(order, "lapse")
        # Past the claim deadline nothing more can be ordered: the money goes back to the budget.
        hold_release(order=order, voucher=voucher, kind=Kind.LAPSE, memo="claim deadline passed", to_budget=True)
    return order


def orders_lapse_due() -> int:
    due = ServiceOrder.objects.filter(status__in=ServiceOrder.HOLDING, programme__claim_deadline__lt=today())
    return sum(order_lapse(order=order).status == ServiceOrder.Status.LAPSED for order in due)

