"""Accreditation of a service agency by a voucher authority: the agency applies with its papers, an officer
verifies them, the agency is on public notice (anyone signed in may object; an open objection blocks
activation), then it is activated; later it may be suspended, reinstated or removed, always with a reason.

Every change of state goes through ACCREDITATION_WORKFLOW, so it is audited. The checks that depend on other
rows (open objections, the end of the notice) are made while the accreditation's row is locked: an objection
raised and an activation made at the same instant are serialised on that lock, so an agency is never activated
over an objection nobody has seen.
"""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Organisation
from marketplace.permissions import is_member, require
from marketplace.workflow import IllegalTransition, lock_row, record_event

from ..evidence import evidence_check
from ..models import Accreditation, AccreditationDocument, Objection
from ..workflows import ACCREDITATION_WORKFLOW
from .common import require_not_sanctioned, require_officer, sanction_standing

S = Accreditation.Status
FIELDS = ("legal_entity", "unified_credit_code", "legal_representative", "founded", "premises",
          "staff_qualifications", "services_and_prices")
# The unified social credit code: 18 characters of digits and capital letters (GB 32100-2015, without I O Z S V).
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
MAX_DOCUMENTS = 10


def _required(value, field: str, message: str) -> str:
    value = str(value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _application_validate(fields: dict) -> dict:
    errors: dict[str, str] = {}
    data = {}
    messages = {
        "legal_entity": _("Give the agency's registered legal name."),
        "legal_representative": _("Give the legal representative's name."),
        "premises": _("Give the address of the agency's premises."),
        "staff_qualifications": _("Describe the staff and their qualifications."),
        "services_and_prices": _("List the services offered and their prices."),
    }
    for field, message in messages.items():
        try:
            data[field] = _required(fields.get(field), field, message)
        except ValidationError as error:
            errors[field] = error.message_dict[field][0]
    code = "".join(str(fields.get("unified_credit_code") or "").split()).upper()
    if not CREDIT_CODE.match(code):
        errors["unified_credit_code"] = _("The unified social credit code has 18 digits and capital letters.")
    data["unified_credit_code"] = code
    founded = fields.get("founded")
    if not isinstance(founded, datetime.date):
        errors["founded"] = _("Give the date the agency started operating.")
    elif founded > timezone.localdate():
        errors["founded"] = _("The agency cannot have started operating in the future.")
    data["founded"] = founded
    if errors:
        raise ValidationError(errors)
    return data


def accreditation_apply(*, agency: Organisation, authority: Organisation, actor,
                        documents: Iterable[tuple[str, UploadedFile | None]], **fields) -> Accreditation:
    """The agency asks `authority` to accredit it. `documents`: (title, file) pairs, at least one (business
    licence, qualification certificates...), each a PDF or an image checked by content."""
    require(is_member(actor, agency), _("Only the agency's members can apply for its accreditation."))
    if agency.kind != Organisation.Kind.SERVICE_AGENCY:
        raise ValidationError(_("Only service agencies can be accredited; this organisation is registered as "
                                "%(kind)s.") % {"kind": agency.get_kind_display()})
    if authority.kind != Organisation.Kind.VOUCHER_AUTHORITY:
        raise ValidationError({"authority": _("Choose a voucher authority.")})
    require_not_sanctioned(agency)
    data = _application_validate({k: fields.get(k) for k in FIELDS})
    documents = [(str(title or "").strip(), upload) for title, upload in documents]
    documents = [(title, upload) for title, upload in documents if title or upload]
    if not documents:
        raise ValidationError({"documents": _("Attach at least one document (such as the business licence).")})
    if len(documents) > MAX_DOCUMENTS:
        raise ValidationError({"documents": _("Attach at most %(count)s documents.") % {"count": MAX_DOCUMENTS}})
    checked = []
    for title, upload in documents:
        if not title:
            raise ValidationError({"documents": _("Give each document a title.")})
        checked.append((title[:200], evidence_check(upload, field="documents")))
    try:
        with transaction.atomic():
            accreditation = Accreditation.objects.create(agency=agency, authority=authority, applied_by=actor,
                                                         **data)
            for title, upload in checked:
                AccreditationDocument.objects.create(accreditation=accreditation, title=title, file=upload)
            record_event(accreditation, action="apply", to_state=accreditation.status, actor=actor,
                         data={"documents": len(checked)})
    except IntegrityError:
        raise ValidationError(_("%(agency)s already has an accreditation with %(authority)s under way or in force.")
                              % {"agency": agency, "authority": authority}) from None
    return accreditation


def accreditation_verify(*, accreditation: Accreditation, actor) -> Accreditation:
    """The papers are in order: the public notice starts and runs VOUCHER_NOTICE_DAYS days."""
    require_officer(actor, accreditation.authority)
    with transaction.atomic():
        ends = timezone.now() + datetime.timedelta(days=settings.VOUCHER_NOTICE_DAYS)
        accreditation = ACCREDITATION_WORKFLOW.apply(accreditation, "verify", actor=actor,
                                                     data={"notice_ends_at": ends.isoformat()})
        accreditation.notice_ends_at = ends
        accreditation.save(update_fields=["notice_ends_at", "updated_at"])
    return accreditation


def notice_running(accreditation: Accreditation, now: datetime.datetime | None = None) -> bool:
    """Objections are taken: in public notice and before the notice ends."""
    now = now or timezone.now()
    return (accreditation.status == S.NOTICE and accreditation.notice_ends_at is not None
            and now < accreditation.notice_ends_at)


def objection_raise(*, accreditation: Accreditation, actor, reason: str) -> Objection:
    require(getattr(actor, "is_authenticated", False), _("Sign in to raise an objection."))
    reason = _required(reason, "reason", _("Say why the agency should not be accredited."))
    with transaction.atomic():
        accreditation = lock_row(accreditation)  # the lock accreditation_activate takes
        if not notice_running(accreditation):
            raise ValidationError(_("Objections are taken only while the agency is on public notice."))
        objection = Objection.objects.create(accreditation=accreditation, raised_by=actor, reason=reason)
        record_event(accreditation, action="objection", from_state=accreditation.status,
                     to_state=accreditation.status, actor=actor, reason=reason, data={"objection": objection.pk})
    return objection


def objection_resolve(*, objection: Objection, actor, uphold: bool, resolution: str) -> Objection:
    """Uphold: the accreditation is rejected, the resolution is the reason. Dismiss: the objection no longer
    blocks activation; the resolution says why."""
    accreditation = objection.accreditation
    require_officer(actor, accreditation.authority)
    resolution = _required(resolution, "resolution", _("Write the resolution: it is kept with the objection."))
    with transaction.atomic():
        accreditation = lock_row(accreditation)
        objection = lock_row(objection)
        if objection.status != Objection.Status.OPEN:
            raise ValidationError(_("This objection has already been resolved."))
        objection.status = Objection.Status.UPHELD if uphold else Objection.Status.DISMISSED
        objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
        objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
        record_event(accreditation, action="objection_uphold" if uphold else "objection_dismiss",
                     from_state=accreditation.status, to_state=accreditation.status, actor=actor,
                     reason=resolution, data={"objection": objection.pk})
        if uphold:
            _decide(accreditation, "reject", actor=actor, reason=resolution)
    return objection


def _activate(accreditation: Accreditation, *, actor) -> Accreditation:
    """Activation under the accreditation's lock: the notice is over and no objection is open."""
    with transaction.atomic():
        locked = lock_row(accreditation)
        if locked.status != S.NOTICE:
            raise IllegalTransition(locked, "activate", locked.status)
        if locked.notice_ends_at is None or timezone.now() < locked.notice_ends_at:
            raise ValidationError(_("The public notice runs until %(end)s; the agency cannot be activated before.")
                                  % {"end": timezone.localtime(locked.notice_ends_at).strftime("%Y-%m-%d %H:%M")
                                     if locked.notice_ends_at else "?"})
        if locked.objections.filter(status=Objection.Status.OPEN).exists():
            raise ValidationError(_("Resolve the open objections before activating the agency."))
        require_not_sanctioned(locked.agency)
        return ACCREDITATION_WORKFLOW.apply(locked, "activate", actor=actor, timestamps=("activated_at",))


def accreditation_activate(*, accreditation: Accreditation, actor) -> Accreditation:
    require_officer(actor, accreditation.authority)
    return _activate(accreditation, actor=actor)


def accreditations_activate_due() -> int:
    """Daily: activate the agencies whose notice ended without an open objection (and that are not sanctioned).
    Returns how many were activated."""
    due = (Accreditation.objects.filter(status=S.NOTICE, notice_ends_at__lte=timezone.now())
           .exclude(objections__status=Objection.Status.OPEN).distinct())
    activated = 0
    for accreditation in due:
        try:
            _activate(accreditation, actor=None)
        except (ValidationError, IllegalTransition):  # an objection or a sanction came in meanwhile
            continue
        activated += 1
    return activated


def _decide(accreditation: Accreditation, action: str, *, actor, reason: str) -> Accreditation:
    with transaction.atomic():
        accreditation = ACCREDITATION_WORKFLOW.apply(accreditation, action, actor=actor, reason=reason)
        accreditation.decision_reason = reason
        accreditation.save(update_fields=["decision_reason", "updated_at"])
    return accreditation


def _officer_decision(accreditation: Accreditation, action: str, *, actor, reason: str) -> Accreditation:
    require_officer(actor, accreditation.authority)
    reason = _required(reason, "reason", _("Give the reason; the agency is told it."))
    return _decide(accreditation, action, actor=actor, reason=reason)


def accreditation_reject(*, accreditation: Accreditation, actor, reason: str) -> Accreditation:
    return _officer_decision(accreditation, "reject", actor=actor, reason=reason)


def accreditation_suspend(*, accreditation: Accreditation, actor, reason: str) -> Accreditation:
    """The agency takes no new orders or claims until it is reinstated."""
    return _officer_decision(accreditation, "suspend", actor=actor, reason=reason)


def accreditation_reinstate(*, accreditation: Accreditation, actor, reason: str) -> Accreditation:
    sanction = sanction_standing(accreditation.agency)
    if sanction is not None:
        raise ValidationError(_("%(agency)s is under a sanction; lift it before reinstating the accreditation.")
                              % {"agency": accreditation.agency})
    return _officer_decision(accreditation, "reinstate", actor=actor, reason=reason)


def accreditation_remove(*, accreditation: Accreditation, actor, reason: str) -> Accreditation:
    return _officer_decision(accreditation, "remove", actor=actor, reason=reason)
