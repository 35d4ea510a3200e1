from celery import shared_task

from .services.accreditation import accreditations_activate_due
from .services.expiry import orders_lapse_due, vouchers_expire_due
from .services.reminders import voucher_reminders_send


@shared_task
def vouchers_expire_task() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): vouchers past their use-by date expire; what is left returns to the budget."""
    return vouchers_expire_due()


@shared_task
def orders_lapse_task() -> int:
    """Daily: orders not claimed by their programme's claim deadline lapse; what they held returns to the
    budget (a claim still in review at the deadline does not lapse)."""
    return orders_lapse_due()


@shared_task
def voucher_reminders_task() -> dict:
    """Daily: remind enterprises of vouchers about to expire and agencies of orders to claim before the
    deadline."""
    sent = voucher_reminders_send()
    return {"vouchers": sent.vouchers, "agencies": sent.agencies, "orders": sent.orders}
@shared_task
def accreditations_activate_due_task() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE): activate the agencies whose public notice ended without an open
    objection."""
    return {"activated": accreditations_activate_due()}
