"""Notices to people about things that happened (a royalty report due, an overdue instalment, a dispute's or a
voucher order's change): an in-app Notification per recipient at once and an e-mail after the commit, each in
the recipient's own language.

Apps register their kinds of notice in NOTICE_KINDS (from their AppConfig.ready, so a worker that only runs the
e-mail task knows them too). A notice is a kind and its parameters (ids and codes, never text): its renderer
turns them into {"headline", "body", "path"} in the active language, and the e-mail task renders it again in
the recipient's language from the rows as they are when it runs.
"""

from collections.abc import Callable
from urllib.parse import urljoin

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import translation

from .emails import email_message, email_task_queue
from .models import Notification, User

NoticeRenderer = Callable[..., dict]
NOTICE_KINDS: dict[str, NoticeRenderer] = {}


def notice_kinds_register(kinds: dict[str, NoticeRenderer]) -> None:
    """Make `kinds` (name → renderer) sendable; a name is registered once, by one app."""
    for name, renderer in kinds.items():
        if NOTICE_KINDS.get(name, renderer) is not renderer:
            raise ValueError(f"notice kind {name!r} is already registered")
        NOTICE_KINDS[name] = renderer


def notice_send(*, kind: str, params: dict, recipient_ids: list[int]) -> None:
    """Notify each recipient in-app now, and by e-mail once the transaction commits."""
    render = NOTICE_KINDS[kind]
    for recipient in User.objects.filter(pk__in=recipient_ids, is_active=True):
        with translation.override(recipient.preferred_language):
            text = render(**params)
        Notification.objects.create(recipient=recipient, kind=kind, title=text["headline"][:300],
                                    body=text["body"][:500], url=text["path"])
    transaction.on_commit(lambda: [email_task_queue(notice_email_task, kind, params, pk)
                                   for pk in recipient_ids])


def notice_email_send(*, kind: str, params: dict, recipient_id: int) -> bool:
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is None or not recipient.email:
        return False
    with translation.override(recipient.preferred_language):
        text = NOTICE_KINDS[kind](**params)
        email = email_message(
            to=[recipient.email], context={**text, "url": urljoin(settings.SITE_URL, text["path"])},
            subject_template="marketplace/email/notice_subject.txt", text_template="marketplace/email/notice.txt",
            html_template="marketplace/email/notice.html",
        )
    email.send()
    return True


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def notice_email_task(kind: str, params: dict, recipient_id: int) -> bool:
    return notice_email_send(kind=kind, params=params, recipient_id=recipient_id)
