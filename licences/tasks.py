from celery import shared_task

from .reminders import licence_reminders_send
from .royalties import royalty_reports_mark_paid


@shared_task
def licence_reminders_task() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE): remind of missing royalty reports and overdue instalments; and mark paid
    the reports whose invoice was settled after the payment's own receiver looked."""
    sent = licence_reminders_send()
    return {"reports": sent.reports, "instalments": sent.instalments, "paid": royalty_reports_mark_paid()}
