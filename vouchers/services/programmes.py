"""Programmes: an authority's officers create, fund, open and close them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from deals.terms import money
from marketplace.models import Organisation
from marketplace.workflow import lock_row, record_event

from ..ledger import Kind, budget_account, funding_account, ledger_move
from ..models import Programme, ServiceCategory
from ..workflows import PROGRAMME_WORKFLOW
from .common import require_officer

EDITABLE_FIELDS = (
    "name_zh", "name_en", "description_zh", "description_en", "face_value_rule", "face_value",
    "annual_cap_per_sme", "copay_ratio", "categories", "applications_open", "applications_close",
    "voucher_validity_days", "claim_deadline", "max_employees", "max_annual_revenue", "eligible_provinces",
    "eligible_cities", "review_stages", "settlement_cycle",
)
# Once vouchers exist under these rules, changing them would change what was promised.
FIXED_ONCE_OPEN = {"face_value_rule", "face_value", "copay_ratio", "voucher_validity_days", "review_stages"}


def _programme_validate(data: dict) -> dict:
    errors = {}
    if not str(data.get("name_zh", "")).strip():
        errors["name_zh"] = _("Give the programme a Chinese name.")
    categories = list(dict.fromkeys(data.get("categories") or []))
    if not categories or any(code not in ServiceCategory.values for code in categories):
        errors["categories"] = _("Choose the service categories the vouchers pay for.")
    data["categories"] = categories
    if data.get("face_value_rule") == Programme.FaceValue.FIXED and not data.get("face_value"):
        errors["face_value"] = _("A fixed-value programme needs a face value.")
    if data.get("face_value_rule") == Programme.FaceValue.CAPPED and not data.get("annual_cap_per_sme"):
        errors["annual_cap_per_sme"] = _("A programme without a fixed face value needs an annual cap per SME.")
    ratio = data.get("copay_ratio")
    if ratio is None or not (Decimal("0") < Decimal(ratio) <= 1):
        errors["copay_ratio"] = _("The voucher's share is between 0.01 and 1 (1 = the whole price).")
    opens, closes, deadline = (data.get(k) for k in ("applications_open", "applications_close", "claim_deadline"))
    if opens and closes and closes < opens:
        errors["applications_close"] = _("Applications must close after they open.")
    if closes and deadline and deadline < closes:
        errors["claim_deadline"] = _("The claim deadline cannot come before applications close.")
    if errors:
        raise ValidationError(errors)
    return data


def programme_create(*, authority: Organisation, actor, budget: Decimal | str, **fields) -> Programme:
    require_officer(actor, authority)
    budget = money(budget, field_name="budget", allow_zero=False)
    data = _programme_validate({k: fields.get(k) for k in EDITABLE_FIELDS if k in fields})
    with transaction.atomic():
        programme = Programme.objects.create(authority=authority, created_by=actor, **data)
        record_event(programme, action="create", to_state=programme.status, actor=actor,
                     data={"budget": str(budget)})
        ledger_move(kind=Kind.FUND, programme=programme, amount=budget, source=funding_account(programme.pk),
                    target=budget_account(programme.pk), actor=actor, memo="initial budget")
    return programme


def programme_update(*, programme: Programme, actor, **fields) -> Programme:
    require_officer(actor, programme.authority)
    with transaction.atomic():
        programme = lock_row(programme)
        changes = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS and getattr(programme, k) != v}
        if programme.status != Programme.Status.DRAFT and FIXED_ONCE_OPEN & changes.keys():
            raise ValidationError(_("Face value, voucher share, validity and review stages cannot change once "
                                    "the programme is open."))
        data = _programme_validate({**{k: getattr(programme, k) for k in EDITABLE_FIELDS}, **changes})
        for name in changes:
            setattr(programme, name, data[name])
        programme.save()
        record_event(programme, action="update", from_state=programme.status, to_state=programme.status,
                     actor=actor, data={"fields": sorted(changes)})
    return programme


def programme_fund(*, programme: Programme, actor, amount: Decimal | str, memo: str = "") -> Programme:
    """Add to the budget (a top-up appropriated by the authority)."""
    require_officer(actor, programme.authority)
    amount = money(amount, field_name="amount", allow_zero=False)
    with transaction.atomic():
        programme = lock_row(programme)
        ledger_move(kind=Kind.FUND, programme=programme, amount=amount, source=funding_account(programme.pk),
                    target=budget_account(programme.pk), actor=actor, memo=memo or "top-up")
        record_event(programme, action="fund", from_state=programme.status, to_state=programme.status,
                     actor=actor, data={"amount": str(amount)})
    return programme


def programme_open(*, programme: Programme, actor) -> Programme:
    require_officer(actor, programme.authority)
    return PROGRAMME_WORKFLOW.apply(programme, "open", actor=actor)


def programme_close(*, programme: Programme, actor, reason: str) -> Programme:
    require_officer(actor, programme.authority)
    return PROGRAMME_WORKFLOW.apply(programme, "close", actor=actor, reason=reason)
