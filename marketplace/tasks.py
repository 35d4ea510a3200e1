from celery import shared_task

from .services.demands import demands_expire_due
from .services.invitations import invitation_email_send
from .services.listings import listings_expire_due
from .services.patents import patents_expire_due


@shared_task
def expire_due_listings() -> int:
    """Patents whose term has ended become expired first, then every listing of a patent no longer in force
    is taken off the marketplace."""
    patents_expire_due()
    return listings_expire_due()


@shared_task
def expire_due_demands() -> int:
    return demands_expire_due()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_invitation_email_task(invitation_id: int) -> bool:
    return invitation_email_send(invitation_id=invitation_id)
