"""Settlement: approved claims gathered per programme and cycle into a batch for the treasury; marking the batch
paid settles each claim on the ledger and records one payment per agency in payments/."""

import calendar
import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Organisation
from marketplace.workflow import lock_row, record_event
from payments.providers import get_provider
from payments.services import payment_create, payment_mark_succeeded

from ..ledger import Kind, ledger_move, paid_account, receivable_account
from ..models import Claim, Programme, SettlementBatch
from ..workflows import CLAIM_WORKFLOW, ORDER_WORKFLOW
from .common import require_officer

MONTHS_PER_CYCLE = {Programme.SettlementCycle.MONTHLY: 1, Programme.SettlementCycle.QUARTERLY: 3}


def settlement_cycle(*, programme: Programme, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the cycle `day` falls in."""
    months = MONTHS_PER_CYCLE[programme.settlement_cycle]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    return (datetime.date(day.year, first_month, 1),
            datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]))


def batch_create(*, programme: Programme, actor, day: datetime.date | None = None) -> SettlementBatch:
    """The batch of the cycle holding `day` (today by default): every approved claim not yet in a batch,
    approved by the cycle's end."""
    require_officer(actor, programme.authority)
    start, end = settlement_cycle(programme=programme, day=day or timezone.localdate())
    try:
        with transaction.atomic():
            batch = SettlementBatch.objects.create(programme=programme, period_start=start, period_end=end,
                                                   created_by=actor)
            claims = Claim.objects.select_for_update().filter(
                programme=programme, status=Claim.Status.APPROVED, batch__isnull=True,
                approved_at__date__lte=end)
            count = claims.update(batch=batch)
            if not count:
                raise ValidationError(_("No approved claim is waiting for settlement."))
            record_event(batch, action="create", to_state=batch.status, actor=actor, data={"claims": count})
    except IntegrityError:
        raise ValidationError(_("The batch for %(start)s – %(end)s already exists.")
                              % {"start": start.isoformat(), "end": end.isoformat()}) from None
    return batch


def batch_totals(*, batch: SettlementBatch) -> dict[Organisation, Decimal]:
    totals: dict[Organisation, Decimal] = defaultdict(Decimal)
    for claim in batch.claims.select_related("agency").exclude(status=Claim.Status.REVERSED):
        totals[claim.agency] += claim.amount
    return dict(sorted(totals.items(), key=lambda item: item[0].name_zh))


def batch_mark_paid(*, batch: SettlementBatch, actor, bank_reference: str) -> SettlementBatch:
    """The treasury paid the batch: each claim is settled once, whoever clicks twice."""
    require_officer(actor, batch.programme.authority)
    bank_reference = bank_reference.strip()
    if not bank_reference:
        raise ValidationError({"bank_reference": _("Enter the treasury's payment reference.")})
    with transaction.atomic():
        batch = lock_row(batch)
        if batch.status != SettlementBatch.Status.OPEN:
            raise ValidationError(_("This batch is already paid."))
        programme = batch.programme
        claims = list(batch.claims.select_for_update().filter(status=Claim.Status.APPROVED)
                      .select_related("order__voucher"))
        for claim in claims:
            CLAIM_WORKFLOW.apply(claim, "settle", actor=actor, timestamps=("settled_at",))
            ORDER_WORKFLOW.apply(claim.order, "settle", actor=actor)
            ledger_move(kind=Kind.SETTLE, programme=programme, amount=claim.amount,
                        source=receivable_account(claim.agency_id, programme.pk), target=paid_account(programme.pk),
                        actor=actor, order=claim.order, claim=claim, voucher=claim.order.voucher,
                        memo=bank_reference)
        offline = get_provider("offline")
        for agency, total in batch_totals(batch=batch).items():
            payment = payment_create(payer=programme.authority, payee=agency, amount=total, purpose=batch,
                                     actor=actor, provider=offline,
                                     description=_("Voucher settlement %(batch)s") % {"batch": batch})
            payment_mark_succeeded(payment=payment, actor=actor, data={"reference": bank_reference})
        batch.status, batch.bank_reference = SettlementBatch.Status.PAID, bank_reference
        batch.paid_at, batch.paid_by = timezone.now(), actor
        batch.save(update_fields=["status", "bank_reference", "paid_at", "paid_by"])
        record_event(batch, action="pay", from_state=SettlementBatch.Status.OPEN, to_state=batch.status,
                     actor=actor, data={"reference": bank_reference, "claims": len(claims)})
    return batch
