from celery import shared_task

from .services.demands import demands_expire_due
from .services.listings import listings_expire_due


@shared_task
def expire_due_listings() -> int:
    return listings_expire_due()


@shared_task
def expire_due_demands() -> int:
    return demands_expire_due()
