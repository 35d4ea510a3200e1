"""An enterprise applies to a programme; an officer approves (which issues the voucher, reserving its face value
from the budget) or rejects with a reason."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from deals.terms import money
from marketplace.models import Organisation
from marketplace.permissions import is_member, require
from marketplace.workflow import lock_row, record_event

from ..dates import today
from ..ledger import Kind, balance, budget_account, cents, ledger_move, voucher_account
from ..models import Programme, Voucher, VoucherApplication
from ..workflows import APPLICATION_WORKFLOW
from .common import require_not_sanctioned, require_officer

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone


def eligibility_problems(*, programme: Programme, applicant: Organisation, employees: int | None = None,
                         annual_revenue: Decimal | None = None) -> dict[str, str]:
    """What keeps `applicant` out of `programme` (field → message); empty when it may apply."""
    problems = {}
    if applicant.kind != Organisation.Kind.ENTERPRISE:
        problems["__all__"] = _("Only enterprises can apply for service vouchers.")
    elif programme.status != Programme.Status.OPEN or not (
            programme.applications_open <= today() <= programme.applications_close):
        problems["__all__"] = _("This programme is not taking applications now.")
    if programme.max_employees is not None and employees is not None and employees > programme.max_employees:
        problems["employees"] = _("The programme is for enterprises with at most %(n)d employees.") % {
            "n": programme.max_employees}
    if (programme.max_annual_revenue is not None and annual_revenue is not None
            and annual_revenue > programme.max_annual_revenue):
        problems["annual_revenue"] = _("The programme is for enterprises with at most %(amount)s CNY of annual "
                                       "revenue.") % {"amount": programme.max_annual_revenue}
    if programme.eligible_provinces and applicant.province not in programme.eligible_provinces:
        problems.setdefault("__all__", _("The programme is for enterprises registered in %(places)s.") % {
            "places": "、".join(programme.eligible_provinces)})
    if programme.eligible_cities and applicant.city not in programme.eligible_cities:
        problems.setdefault("__all__", _("The programme is for enterprises registered in %(places)s.") % {
            "places": "、".join(programme.eligible_cities)})
    return problems


def application_submit(*, programme: Programme, applicant: Organisation, actor, employees: int,
                       annual_revenue: Decimal | str, purpose: str,
                       amount_requested: Decimal | str | None = None) -> VoucherApplication:
    require(is_member(actor, applicant), _("You can only apply for your own organisation."))
    require_not_sanctioned(applicant)
    annual_revenue = money(annual_revenue, field_name="annual_revenue")
    if employees is None or employees < 0:
        raise ValidationError({"employees": _("Enter the number of employees.")})
    problems = eligibility_problems(programme=programme, applicant=applicant, employees=employees,
                                    annual_revenue=annual_revenue)
    if not purpose.strip():
        problems["purpose"] = _("Say what the voucher is for.")
    if programme.face_value_rule == Programme.FaceValue.CAPPED:
        if amount_requested in (None, ""):
            problems["amount_requested"] = _("Enter the amount you ask for.")
        else:
            amount_requested = money(amount_requested, field_name="amount_requested", allow_zero=False)
            if amount_requested > programme.annual_cap_per_sme:
                problems["amount_requested"] = _("At most %(cap)s CNY per enterprise and year.") % {
                    "cap": programme.annual_cap_per_sme}
    else:
        amount_requested = None
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            application = VoucherApplication.objects.create(
                programme=programme, applicant=applicant, employees=employees, annual_revenue=annual_revenue,
                amount_requested=amount_requested, purpose=purpose.strip(), submitted_by=actor)
            record_event(application, action="submit", to_state=application.status, actor=actor)
    except IntegrityError:
        raise ValidationError(_("Your organisation has already applied to this programme.")) from None
    return application


def application_withdraw(*, application: VoucherApplication, actor) -> VoucherApplication:
    require(is_member(actor, application.applicant), _("You can only withdraw your own application."))
    return APPLICATION_WORKFLOW.apply(application, "withdraw", actor=actor)


def application_reject(*, application: VoucherApplication, actor, reason: str) -> VoucherApplication:
    require_officer(actor, application.programme.authority)
    with transaction.atomic():
        application = APPLICATION_WORKFLOW.apply(application, "reject", actor=actor, reason=reason,
                                                 timestamps=("decided_at",))
        VoucherApplication.objects.filter(pk=application.pk).update(decision_reason=reason.strip(),
                                                                    decided_by=actor)
    return application


def issued_this_year(*, authority: Organisation, holder: Organisation, year: int) -> Decimal:
    """What the authority's programmes issued to `holder` in `year` (what counts against the annual cap)."""
    total = Voucher.objects.filter(programme__authority=authority, holder=holder, issued_at__year=year).aggregate(
        total=Sum("face_value"))["total"]
    return cents(total)


def application_approve(*, application: VoucherApplication, actor, amount: Decimal | str | None = None,
                        reason: str = "") -> Voucher:
    """Issue the voucher. The enterprise's row is locked while its annual total is read, and the programme's
    while its budget is read and reserved, so no two approvals can spend the same money.

    The programme's lock is what every approval of the programme queues on, so it is taken last, once the
    voucher is written, and held only for the budget's read and the reservation (the lock order is application,
    enterprise, programme everywhere). A budget already too small is refused before any lock: the budget only
    shrinks under the programme's lock, so what was short a moment ago is short now unless money came back,
    which the check under the lock would have seen no sooner."""
    programme = application.programme
    require_officer(actor, programme.authority)
    face_value = _face_value(programme, application, amount)
    if application.status == VoucherApplication.Status.SUBMITTED:  # else the locked check below says why
        _require_budget(programme, face_value)
    with transaction.atomic():
        application = lock_row(application)
        if application.status != VoucherApplication.Status.SUBMITTED:
            raise ValidationError(_("This application is already %(status)s.")
                                  % {"status": application.get_status_display().lower()})
        holder = Organisation.objects.select_for_update().get(pk=application.applicant_id)
        require_not_sanctioned(holder)
        now = timezone.now()
        if programme.annual_cap_per_sme is not None:
            issued = issued_this_year(authority=programme.authority, holder=holder, year=timezone.localdate(now).year)
            if issued + face_value > programme.annual_cap_per_sme:
                raise ValidationError(_("This enterprise already received %(issued)s CNY this year; the annual cap "
                                        "of %(cap)s CNY leaves %(left)s CNY.")
                                      % {"issued": issued, "cap": programme.annual_cap_per_sme,
                                         "left": max(programme.annual_cap_per_sme - issued, Decimal("0.00"))})
        application = APPLICATION_WORKFLOW.apply(application, "approve", actor=actor, reason=reason,
                                                 timestamps=("decided_at",))
        application.decided_by, application.decision_reason = actor, reason.strip()
        application.save(update_fields=["decided_by", "decision_reason"])
        voucher = Voucher.objects.create(
            code=_new_code(now.year), programme=programme, application=application, holder=holder,
            face_value=face_value, issued_at=now, expires_at=now + timedelta(days=programme.voucher_validity_days))
        record_event(voucher, action="issue", to_state=voucher.status, actor=actor,
                     data={"face_value": str(face_value), "application": application.pk})
        lock_row(programme)
        _require_budget(programme, face_value)
        ledger_move(kind=Kind.RESERVE, programme=programme, amount=face_value, source=budget_account(programme.pk),
                    target=voucher_account(voucher.pk), actor=actor, voucher=voucher, memo=voucher.code)
    return voucher


def _require_budget(programme: Programme, face_value: Decimal) -> None:
    available = balance(budget_account(programme.pk))
    if face_value > available:
        raise ValidationError(_("The programme's budget has %(left)s CNY left, less than %(amount)s CNY.")
                              % {"left": available, "amount": face_value})


def _face_value(programme: Programme, application: VoucherApplication, amount) -> Decimal:
    if programme.face_value_rule == Programme.FaceValue.FIXED:
        return programme.face_value
    requested = application.amount_requested or programme.annual_cap_per_sme
    granted = requested if amount in (None, "") else money(amount, field_name="amount", allow_zero=False)
    if granted > requested:
        raise ValidationError({"amount": _("At most the %(amount)s CNY asked for.") % {"amount": requested}})
    return granted


def _new_code(year: int) -> str:
    """IPV-2026-K7M3-Q9XD: unguessable, unambiguous to read; checked against those issued."""
    while True:
        body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"IPV-{year}-{body[:4]}-{body[4:]}"
        if not Voucher.objects.filter(code=code).exists():
            return code
