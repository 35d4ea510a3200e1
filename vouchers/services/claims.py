"""The agency's redemption claim for a confirmed order, and the officers' review of it (one or two stages;
the second by another officer). Approval moves the held amount to what the authority owes the agency."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.permissions import is_member, require
from marketplace.workflow import lock_row, record_event
from payments.models import Payment

from ..dates import end_of_day
from ..evidence import evidence_check
from ..ledger import Kind, budget_account, hold_account, ledger_move, receivable_account
from ..models import Claim, ClaimReview, ServiceOrder
from ..notifications import notify_claim
from ..risk import conflicts_of_interest
from ..workflows import CLAIM_WORKFLOW, ORDER_WORKFLOW
from .common import require_not_sanctioned, require_officer
from .orders import agency_accredited, hold_release

MAX_RESUBMISSIONS = 1


def _require_agency_may_claim(order: ServiceOrder, actor) -> None:
    require(is_member(actor, order.agency), _("Only the agency that delivered can claim."))
    require_not_sanctioned(order.agency)
    if not agency_accredited(agency=order.agency, authority=order.programme.authority):
        raise ValidationError(_("Your accreditation is not active: no claims can be submitted."))
    if timezone.now() >= end_of_day(order.programme.claim_deadline):
        raise ValidationError(_("The programme's claim deadline (%(date)s) has passed.")
                              % {"date": order.programme.claim_deadline.isoformat()})


def _invoice_number(value: str) -> str:
    number = "".join(value.split()).upper()
    if not number:
        raise ValidationError({"invoice_number": _("Enter the invoice number.")})
    if len(number) > 40:
        raise ValidationError({"invoice_number": _("An invoice number has at most 40 characters.")})
    return number


def _invoice_taken() -> ValidationError:
    return ValidationError({"invoice_number": _("Your agency has already claimed this invoice number.")})


def claim_submit(*, order: ServiceOrder, actor, invoice_number: str, contract: UploadedFile | None,
                 copay_proof: UploadedFile | None) -> Claim:
    _require_agency_may_claim(order, actor)
    invoice_number = _invoice_number(invoice_number)
    contract = evidence_check(contract, field="contract")
    copay_proof = evidence_check(copay_proof, field="copay_proof")
    conflicts = conflicts_of_interest(order.agency, order.buyer)
    if conflicts:
        raise ValidationError(" ".join(conflicts))
    payment = order.copay_payment
    if order.copay_amount > 0 and (payment is None or payment.status != Payment.Status.SUCCEEDED):
        raise ValidationError(_("The enterprise's co-payment has not been received."))
    if Claim.objects.filter(agency=order.agency, invoice_number=invoice_number).exists():
        raise _invoice_taken()
    try:
        with transaction.atomic():
            order = ORDER_WORKFLOW.apply(order, "claim", actor=actor)  # locks the order: one claim per order
            if Claim.objects.filter(order=order).exists():
                raise ValidationError(_("This order has already been claimed."))
            claim = Claim.objects.create(
                order=order, agency=order.agency, programme=order.programme, amount=order.voucher_amount,
                invoice_number=invoice_number, contract=contract, copay_proof=copay_proof, submitted_by=actor,
                submitted_at=timezone.now())
            record_event(claim, action="submit", to_state=claim.status, actor=actor,
                         data={"invoice_number": invoice_number, "amount": str(claim.amount)})
    except IntegrityError:
        raise _invoice_taken() from None
    return claim


def claim_resubmit(*, claim: Claim, actor, invoice_number: str = "", contract: UploadedFile | None = None,
                   copay_proof: UploadedFile | None = None) -> Claim:
    """A returned claim corrected, once: the files given replace those before."""
    _require_agency_may_claim(claim.order, actor)
    changes = {}
    if invoice_number.strip():
        changes["invoice_number"] = _invoice_number(invoice_number)
    if contract:
        changes["contract"] = evidence_check(contract, field="contract")
    if copay_proof:
        changes["copay_proof"] = evidence_check(copay_proof, field="copay_proof")
    try:
        with transaction.atomic():
            claim = lock_row(claim)
            if claim.resubmissions >= MAX_RESUBMISSIONS:
                raise ValidationError(_("A claim can be corrected and resubmitted only once."))
            claim = CLAIM_WORKFLOW.apply(claim, "resubmit", actor=actor, data={"changed": sorted(changes)})
            for name, value in changes.items():
                setattr(claim, name, value)
            claim.resubmissions += 1
            claim.submitted_at = timezone.now()
            claim.save()
    except IntegrityError:
        raise _invoice_taken() from None
    return claim


def claim_approve(*, claim: Claim, actor, reason: str = "") -> Claim:
    """Stage one of two marks it checked; the last stage approves it and the money becomes the agency's
    receivable. The second stage must be another officer than the first."""
    require_officer(actor, claim.programme.authority)
    with transaction.atomic():
        claim = lock_row(claim)
        stage = _stage(claim)
        if stage == 2 and claim.reviews.filter(stage=1, decision=ClaimReview.Decision.APPROVE,
                                               reviewer=actor, created_at__gte=claim.submitted_at).exists():
            raise ValidationError(_("The second review must be made by another officer."))
        final = stage == claim.programme.review_stages
        claim = CLAIM_WORKFLOW.apply(claim, "approve" if final else "check", actor=actor, reason=reason,
                                     timestamps=("approved_at",) if final else ())
        ClaimReview.objects.create(claim=claim, stage=stage, decision=ClaimReview.Decision.APPROVE,
                                   reason=reason.strip(), reviewer=actor)
        if final:
            order = ORDER_WORKFLOW.apply(claim.order, "redeem", actor=actor)
            ledger_move(kind=Kind.REDEEM, programme=claim.programme, amount=claim.amount,
                        source=hold_account(order.pk), target=receivable_account(claim.agency_id, claim.programme_id),
                        actor=actor, voucher=order.voucher, order=order, claim=claim, memo=claim.invoice_number)
            notify_claim(claim, actor)
    return claim


def claim_reject(*, claim: Claim, actor, reason: str) -> Claim:
    """Returned for correction the first time; refused for good after a resubmission (the held amount goes
    back to the voucher, or to the budget once the voucher has expired)."""
    require_officer(actor, claim.programme.authority)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the agency the reason.")})
    with transaction.atomic():
        voucher = lock_row(claim.order.voucher)
        claim = lock_row(claim)
        stage = _stage(claim)
        final = claim.resubmissions >= MAX_RESUBMISSIONS
        claim = CLAIM_WORKFLOW.apply(claim, "refuse" if final else "return", actor=actor, reason=reason)
        ClaimReview.objects.create(claim=claim, stage=stage, reason=reason.strip(), reviewer=actor,
                                   decision=ClaimReview.Decision.REFUSE if final else ClaimReview.Decision.RETURN)
        if final:
            order = ORDER_WORKFLOW.apply(claim.order, "refuse", actor=actor, reason=reason)
            hold_release(order=order, voucher=voucher, kind=Kind.RELEASE, actor=actor, memo=reason)
        notify_claim(claim, actor)
    return claim


def claim_reverse(*, claim: Claim, actor, reason: str) -> Claim:
    """An approved claim found wrong before the treasury paid it: the receivable goes back to the budget."""
    require_officer(actor, claim.programme.authority)
    with transaction.atomic():
        claim = CLAIM_WORKFLOW.apply(claim, "reverse", actor=actor, reason=reason)
        if claim.batch_id is not None:
            if claim.batch.status != claim.batch.Status.OPEN:
                raise ValidationError(_("This claim has been paid."))
            Claim.objects.filter(pk=claim.pk).update(batch=None)
        order = ORDER_WORKFLOW.apply(claim.order, "reverse", actor=actor, reason=reason)
        ledger_move(kind=Kind.REVERSE, programme=claim.programme, amount=claim.amount,
                    source=receivable_account(claim.agency_id, claim.programme_id),
                    target=budget_account(claim.programme_id), actor=actor, order=order, claim=claim, memo=reason)
    return claim


def _stage(claim: Claim) -> int:
    return 2 if claim.status == Claim.Status.CHECKED else 1
