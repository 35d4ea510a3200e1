"""Notices about licences (a missing royalty report, an overdue instalment, a dispute's change): an in-app
Notification per recipient at once and an e-mail after the commit, each in the recipient's own language.

A notice is a kind and its parameters (ids and codes, never text), so the e-mail task renders it again in the
recipient's language from the rows as they are when it runs.
"""

from datetime import date
from urllib.parse import urljoin

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.templatetags.ipmarket import bilingual_value
from marketplace.emails import email_message
from marketplace.models import Notification, User

from .models import Dispute, Instalment, Licence

# What a dispute's change is called in its notices (the DISPUTE_WORKFLOW actions and the other writes).
DISPUTE_ACTIONS = {
    "open": gettext_lazy("Dispute opened"), "mediate": gettext_lazy("Dispute taken into mediation"),
    "resolve": gettext_lazy("Dispute resolved"), "withdraw": gettext_lazy("Dispute withdrawn"),
    "note": gettext_lazy("New note from the operation centre"), "evidence": gettext_lazy("New evidence"),
}


def _licence_name(licence: Licence) -> str:
    return f"{licence.listing.identifier} · {bilingual_value(licence.listing, 'title')}"


def _report_due(*, licence_id: int, period_start: str, period_end: str) -> dict:
    licence = Licence.objects.select_related("listing").get(pk=licence_id)
    return {
        "headline": _("Royalty report due: %(start)s – %(end)s") % {"start": period_start, "end": period_end},
        "body": _("The royalty report of %(licence)s for %(start)s – %(end)s has not been filed yet. "
                  "Please file it.") % {"licence": _licence_name(licence), "start": period_start,
                                        "end": period_end},
        "path": reverse("royalties:licence", args=[licence.pk]),
    }


def _instalment_overdue(*, instalment_id: int) -> dict:
    instalment = Instalment.objects.get(pk=instalment_id)
    return {
        "headline": _("Payment overdue: %(label)s") % {"label": instalment.title},
        "body": _("%(label)s, %(amount)s %(currency)s, was due on %(date)s and has not been paid.")
        % {"label": instalment.title, "amount": instalment.amount, "currency": instalment.currency,
           "date": instalment.due_date.isoformat() if instalment.due_date else "—"},
        "path": reverse("royalties:invoices"),
    }


def _dispute_changed(*, dispute_id: int, action: str) -> dict:
    dispute = Dispute.objects.select_related("deal__listing").get(pk=dispute_id)
    listing = dispute.deal.listing
    return {
        "headline": f"{DISPUTE_ACTIONS[action]}: {listing.identifier}",
        "body": _("Dispute about “%(listing)s”: %(status)s.")
        % {"listing": bilingual_value(listing, "title"), "status": dispute.get_status_display()},
        "path": reverse("royalties:dispute", args=[dispute.pk]),
    }


NOTICES = {"royalty_report_due": _report_due, "instalment_overdue": _instalment_overdue,
           "dispute": _dispute_changed}


def notice_send(*, kind: str, params: dict, recipient_ids: list[int]) -> None:
    """Notify each recipient in-app now, and by e-mail once the transaction commits."""
    for recipient in User.objects.filter(pk__in=recipient_ids, is_active=True):
        with translation.override(recipient.preferred_language):
            text = NOTICES[kind](**params)
        Notification.objects.create(recipient=recipient, kind=kind, title=text["headline"][:300],
                                    body=text["body"][:500], url=text["path"])
    transaction.on_commit(lambda: [notice_email_task.delay(kind, params, pk) for pk in recipient_ids])


def notice_email_send(*, kind: str, params: dict, recipient_id: int) -> bool:
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is None or not recipient.email:
        return False
    with translation.override(recipient.preferred_language):
        text = NOTICES[kind](**params)
        email = email_message(
            to=[recipient.email], context={**text, "url": urljoin(settings.SITE_URL, text["path"])},
            subject_template="licences/email/notice_subject.txt", text_template="licences/email/notice.txt",
            html_template="licences/email/notice.html",
        )
    email.send()
    return True


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def notice_email_task(kind: str, params: dict, recipient_id: int) -> bool:
    return notice_email_send(kind=kind, params=params, recipient_id=recipient_id)


def period_params(*, licence: Licence, start: date, end: date) -> dict:
    return {"licence_id": licence.pk, "period_start": start.isoformat(), "period_end": end.isoformat()}
