"""Credit supervision: a sanctioned agency or enterprise is suspended from every programme and listed publicly
with the reason; what it had under way stops and its money goes back."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Organisation
from marketplace.permissions import is_operator, require
from marketplace.workflow import lock_row, record_event

from ..ledger import Kind
from ..models import Accreditation, Claim, Sanction, ServiceOrder, Voucher, VoucherApplication
from ..permissions import officer_authorities
from ..workflows import ACCREDITATION_WORKFLOW, APPLICATION_WORKFLOW, CLAIM_WORKFLOW, VOUCHER_WORKFLOW
from .common import voucher_return_to_budget
from .orders import order_stop

PENDING_CLAIMS = (Claim.Status.SUBMITTED, Claim.Status.CHECKED, Claim.Status.RETURNED)


def _may_sanction(actor) -> bool:
    return officer_authorities(actor).exists() or is_operator(actor)


def sanction_impose(*, organisation: Organisation, actor, kind: str, reason: str) -> Sanction:
    require(_may_sanction(actor), _("Only voucher officers and the operation centre impose sanctions."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is published with the sanction.")})
    if kind not in Sanction.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of breach.")})
    try:
        with transaction.atomic():
            sanction = Sanction.objects.create(organisation=organisation, kind=kind, reason=reason.strip(),
                                               imposed_by=actor)
            record_event(organisation, action="sanction", actor=actor, reason=reason, data={"kind": kind})
            _stop_everything(organisation, actor=actor, reason=reason.strip())
    except IntegrityError:
        raise ValidationError(_("%(organisation)s is already sanctioned.") % {"organisation": organisation}) from None
    return sanction


def _stop_everything(organisation: Organisation, *, actor, reason: str) -> None:
    for accreditation in Accreditation.objects.filter(agency=organisation, status__in=Accreditation.LIVE):
        action = "suspend" if accreditation.status == Accreditation.Status.ACTIVE else "reject"
        if ACCREDITATION_WORKFLOW.can(accreditation, action):
            ACCREDITATION_WORKFLOW.apply(accreditation, action, actor=actor, reason=reason)
    # Its own claims as an agency, and those on its orders as an enterprise: a claim on a stopped order could
    # never be approved and would wait in the officers' queue for ever.
    pending = Claim.objects.filter(Q(agency=organisation) | Q(order__buyer=organisation), status__in=PENDING_CLAIMS)
    for claim in pending:
        CLAIM_WORKFLOW.apply(claim, "lapse", actor=actor, reason=reason)
    open_orders = ServiceOrder.objects.filter(Q(agency=organisation) | Q(buyer=organisation),
                                              status__in=ServiceOrder.HOLDING)
    for order in open_orders:
        order_stop(order=order, actor=actor, reason=reason)
    for application in VoucherApplication.objects.filter(applicant=organisation,
                                                          status=VoucherApplication.Status.SUBMITTED):
        APPLICATION_WORKFLOW.apply(application, "reject", actor=actor, reason=reason)
    for voucher in Voucher.objects.filter(holder=organisation, status=Voucher.Status.ACTIVE):
        voucher_revoke(voucher=voucher, actor=actor, reason=reason)


def voucher_revoke(*, voucher: Voucher, actor, reason: str) -> Voucher:
    """What is left on the voucher goes back to the programme's budget."""
    with transaction.atomic():
        voucher = VOUCHER_WORKFLOW.apply(voucher, "revoke", actor=actor, reason=reason)
        voucher_return_to_budget(voucher=voucher, kind=Kind.REVERSE, memo=reason, actor=actor)
    return voucher


def sanction_lift(*, sanction: Sanction, actor, reason: str) -> Sanction:
    """The organisation may take part again; a suspended accreditation is reinstated by its authority."""
    require(_may_sanction(actor), _("Only voucher officers and the operation centre lift sanctions."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for lifting the sanction.")})
    with transaction.atomic():
        sanction = lock_row(sanction)
        if sanction.lifted_at is not None:
            raise ValidationError(_("This sanction was already lifted."))
        sanction.lifted_at, sanction.lifted_by, sanction.lift_reason = timezone.now(), actor, reason.strip()
        sanction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        record_event(sanction.organisation, action="sanction_lift", actor=actor, reason=reason)
    return sanction
