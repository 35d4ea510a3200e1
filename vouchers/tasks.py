from celery import shared_task

from .services.accreditation import accreditations_activate_due


@shared_task
def accreditations_activate_due_task() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE): activate the agencies whose public notice ended without an open
    objection."""
    return {"activated": accreditations_activate_due()}
