"""The daily reminders before the two deadlines (vouchers.tasks): an enterprise whose voucher expires within
VOUCHER_REMINDER_DAYS with money left on it, and an agency with delivered orders not yet claimed (or whose claim
was returned) within VOUCHER_REMINDER_DAYS of the programme's claim deadline.

Each reminder is claimed before it is sent, by a conditional write on its row's `last_reminded_at`, so a task
run twice (or two workers at once) reminds once; the same voucher or order is reminded again only after
REMIND_AGAIN_AFTER.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marketplace.notices import notice_send
from marketplace.selectors.organisations import organisation_member_ids

from ..dates import today
from ..ledger import balances, voucher_account
from ..models import Claim, ServiceOrder, Voucher

REMIND_AGAIN_AFTER = datetime.timedelta(days=7)
O = ServiceOrder.Status


@dataclass
class RemindersSent:
    vouchers: int = 0
    agencies: int = 0
    orders: int = 0


def _due(now: datetime.datetime) -> Q:
    return Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMIND_AGAIN_AFTER)


def voucher_reminders_send(*, now: datetime.datetime | None = None) -> RemindersSent:
    now = now or timezone.now()
    horizon = datetime.timedelta(days=settings.VOUCHER_REMINDER_DAYS)
    sent = RemindersSent()
    expiring = list(Voucher.objects.filter(_due(now), status=Voucher.Status.ACTIVE, expires_at__gt=now,
                                           expires_at__lte=now + horizon))
    left = balances(voucher_account(voucher.pk) for voucher in expiring)
    for voucher in expiring:
        if left[voucher_account(voucher.pk)] <= 0:
            continue  # nothing to lose: no reminder
        with transaction.atomic():
            if Voucher.objects.filter(_due(now), pk=voucher.pk, status=Voucher.Status.ACTIVE).update(
                    last_reminded_at=now):
                notice_send(kind="voucher_expiring", params={"voucher_id": voucher.pk},
                            recipient_ids=organisation_member_ids(voucher.holder_id))
                sent.vouchers += 1
    for (agency_id, programme_id), order_ids in _orders_to_claim(now).items():
        with transaction.atomic():
            claimed = [pk for pk in order_ids
                       if ServiceOrder.objects.filter(_due(now), pk=pk).update(last_reminded_at=now)]
            if claimed:
                notice_send(kind="claim_deadline", params={"programme_id": programme_id, "order_ids": claimed},
                            recipient_ids=organisation_member_ids(agency_id))
                sent.agencies += 1
                sent.orders += len(claimed)
    return sent


def _orders_to_claim(now: datetime.datetime) -> dict[tuple[int, int], list[int]]:
    """Per agency and programme, the orders whose claim is still to be made (or corrected) with the programme's
    claim deadline within the reminder horizon."""
    first_day = today()
    last_day = first_day + datetime.timedelta(days=settings.VOUCHER_REMINDER_DAYS)
    unclaimed = Q(status__in=(O.DELIVERED, O.CONFIRMED)) | Q(status=O.CLAIMED, claim__status=Claim.Status.RETURNED)
    orders = ServiceOrder.objects.filter(unclaimed, _due(now), programme__claim_deadline__gte=first_day,
                                         programme__claim_deadline__lte=last_day)
    grouped: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pk, agency_id, programme_id in orders.order_by("pk").values_list("pk", "agency_id", "programme_id"):
        grouped[(agency_id, programme_id)].append(pk)
    return dict(grouped)
