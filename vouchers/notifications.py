"""Notices about vouchers (a voucher about to expire with money left on it, orders to claim before a programme's
claim deadline): an in-app Notification per recipient at once and an e-mail after the commit, each in the
recipient's own language.

A notice is a kind and its parameters (ids, never text), so the e-mail task renders it again in the recipient's
language from the rows as they are when it runs (the pattern of licences.notifications).
"""

from urllib.parse import urljoin

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value
from marketplace.emails import email_message
from marketplace.models import Notification, User

from .ledger import balance, voucher_account
from .models import Programme, ServiceOrder, Voucher

# Where each side follows its vouchers (the enterprise and agency areas of vouchers.urls).
ENTERPRISE_PATH = "/vouchers/enterprise/"
AGENCY_PATH = "/vouchers/agency/"


def _voucher_expiring(*, voucher_id: int) -> dict:
    voucher = Voucher.objects.select_related("programme").get(pk=voucher_id)
    expires = formats.date_format(timezone.localtime(voucher.expires_at), "Y-m-d")
    return {
        "headline": _("Voucher %(code)s expires on %(date)s") % {"code": voucher.code, "date": expires},
        "body": _("%(amount)s CNY is still on voucher %(code)s of %(programme)s. Whatever is not spent by "
                  "%(date)s goes back to the programme's budget.")
        % {"amount": balance(voucher_account(voucher.pk)), "code": voucher.code,
           "programme": bilingual_value(voucher.programme, "name"), "date": expires},
        "path": ENTERPRISE_PATH,
    }


def _claim_deadline(*, programme_id: int, order_ids: list[int]) -> dict:
    programme = Programme.objects.get(pk=programme_id)
    orders = ServiceOrder.objects.filter(pk__in=order_ids).order_by("pk")
    return {
        "headline": _("Claim by %(date)s: %(programme)s")
        % {"date": programme.claim_deadline.isoformat(), "programme": bilingual_value(programme, "name")},
        "body": _("Orders %(orders)s are delivered but not claimed (or their claim was returned for "
                  "correction). Claims reaching the authority after %(date)s are not paid, and the orders lapse.")
        % {"orders": ", ".join(f"#{order.pk}" for order in orders), "date": programme.claim_deadline.isoformat()},
        "path": AGENCY_PATH,
    }


NOTICES = {"voucher_expiring": _voucher_expiring, "claim_deadline": _claim_deadline}


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
            subject_template="vouchers/email/notice_subject.txt", text_template="vouchers/email/notice.txt",
            html_template="vouchers/email/notice.html",
        )
    email.send()
    return True


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def notice_email_task(kind: str, params: dict, recipient_id: int) -> bool:
    return notice_email_send(kind=kind, params=params, recipient_id=recipient_id)
