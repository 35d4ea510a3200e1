"""Notices to people about things that happened (a royalty report due, an overdue instalment, a dispute's or a
voucher order's change): an in-app Notification per recipient at once and an e-mail after the commit, each in
the recipient's own language.

Apps register their kinds of notice in NOTICE_KINDS (from their AppConfig.ready, so a worker that only runs the
e-mail task knows them too). A notice is a kind and its parameters (ids and codes, never text): its renderer
turns them into {"headline", "body", "path"} in the active language, and the e-mail task renders it again in
the recipient's language from the rows as they are when it runs. The Notification row stores the kind and the
parameters too, so the notifications page says it in whatever language the reader reads it (`notice_text`).
"""

from collections.abc import Callable
from urllib.parse import urljoin

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

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


def notice_send(*, kind: str, params: dict, recipient_ids: list[int], topic: str = "") -> None:
    """Notify each recipient in-app now, and by e-mail once the transaction commits. `topic` groups the
    notifications about one thing ("demand:12") on the notifications page."""
    recipients = notice_store(kind=kind, params=params, recipient_ids=recipient_ids, topic=topic)
    transaction.on_commit(lambda: [email_task_queue(notice_email_task, kind, params, pk) for pk in recipients])


def notice_store(*, kind: str, params: dict, recipient_ids: list[int], topic: str = "") -> list[int]:
    """The in-app notifications alone (for an app that words its own e-mails); returns the active recipients."""
    if kind not in NOTICE_KINDS:
        raise KeyError(f"notice kind {kind!r} is not registered")
    recipients = list(User.objects.filter(pk__in=recipient_ids, is_active=True).values_list("pk", flat=True))
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, params=params, topic=topic) for pk in recipients
    )
    return recipients


def notice_text(notification: Notification) -> dict:
    """{"headline", "body", "path"} of a notification in the active language; the stored sentence of a kind
    that kept none of its parameters."""
    render = NOTICE_KINDS.get(notification.kind)
    if render is None or not notification.params:
        return {"headline": notification.title, "body": notification.body, "path": notification.url}
    try:
        return render(**notification.params)
    except ObjectDoesNotExist:  # what it was about has since been deleted
        return {"headline": _("This notification is about something that no longer exists."), "body": "",
                "path": ""}


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
