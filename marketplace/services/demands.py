"""Writes to technology demands (an SME's need), with their own workflow."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..demand_notices import DEMAND_RESPONSE
from ..models import Demand, DemandResponse, Listing, Organisation
from ..notices import notice_send
from ..permissions import is_member, is_operator, require
from ..selectors.organisations import organisation_member_ids
from ..signals import demand_changed
from ..workflow import Transition, Workflow, record_event
from .common import deal_types_resolve, send_on_commit

D = Demand.Status
DEMAND_WORKFLOW = Workflow(
    "status",
    {
        "mark_matched": Transition(frozenset({D.OPEN}), D.MATCHED),
        "reopen": Transition(frozenset({D.MATCHED}), D.OPEN),
        "close": Transition(frozenset({D.OPEN, D.MATCHED}), D.CLOSED),
        "expire": Transition(frozenset({D.OPEN}), D.EXPIRED),
    },
)


def demand_create(
    *,
    organisation: Organisation,
    actor,
    title: str,
    description: str,
    sector: str = Demand._meta.get_field("sector").default,
    ipc_hints: Iterable[str] = (),
    budget_min: Decimal | None = None,
    budget_max: Decimal | None = None,
    deal_types: Iterable[str] = (),
    province: str = "",
    city: str = "",
    deadline: date | None = None,
    published: bool = False,
) -> Demand:
    require(is_member(actor, organisation) or is_operator(actor),
            _("You can only post demands for your own organisation."))
    require(organisation.trades_on_marketplace, _("%(kind)s organisations cannot post technology demands.")
            % {"kind": organisation.get_kind_display()})
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline is in the past.")})
    demand = Demand(
        organisation=organisation,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=title.strip(),
        description=description.strip(),
        sector=sector,
        ipc_hints=normalise_ipc_hints(ipc_hints),
        budget_min=budget_min,
        budget_max=budget_max,
        province=province,
        city=city,
        deadline=deadline,
        published=published,
    )
    if budget_min is not None and budget_max is not None and budget_min > budget_max:
        raise ValidationError({"budget_max": _("The upper budget must not be below the lower one.")})
    found = deal_types_resolve(deal_types, required=False)
    with transaction.atomic():
        demand.full_clean()
        demand.save()
        demand.deal_types.set(found)
        record_event(demand, action="create", to_state=demand.status, actor=actor)
        send_on_commit(demand_changed, demand_id=demand.pk, action="create")
    return demand


def normalise_ipc_hints(hints: Iterable[str]) -> list[str]:
    cleaned = []
    for hint in hints:
        code = hint.strip().upper().replace(" ", "")
        if not code:
            continue
        if not (code[0] in "ABCDEFGH" and (len(code) == 1 or code[1:3].isdigit())):
            raise ValidationError({"ipc_hints": _("“%(code)s” is not an IPC code (e.g. H01M or H01M10/05).") % {"code": hint}})
        cleaned.append(code)
    return list(dict.fromkeys(cleaned))


def _transition(demand: Demand, action: str, *, actor, reason: str = "") -> Demand:
    demand = DEMAND_WORKFLOW.apply(demand, action, actor=actor, reason=reason)
    send_on_commit(demand_changed, demand_id=demand.pk, action=action)
    return demand


def _require_owner(actor, demand: Demand) -> None:
    require(is_member(actor, demand.organisation) or is_operator(actor), _("You cannot change this demand."))


def demand_mark_matched(*, demand: Demand, actor, reason: str = "") -> Demand:
    _require_owner(actor, demand)
    return _transition(demand, "mark_matched", actor=actor, reason=reason)


def demand_reopen(*, demand: Demand, actor) -> Demand:
    _require_owner(actor, demand)
    return _transition(demand, "reopen", actor=actor)


def demand_close(*, demand: Demand, actor, reason: str = "") -> Demand:
    _require_owner(actor, demand)
    return _transition(demand, "close", actor=actor, reason=reason)


def demands_expire_due(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    due = Demand.objects.filter(status=D.OPEN, deadline__lt=today)
    count = 0
    for demand in due:
        _transition(demand, "expire", actor=None, reason=f"deadline {demand.deadline} passed")
        count += 1
    return count


def demand_response_create(
    *, demand: Demand, organisation: Organisation, actor, message: str, listing: Listing | None = None
) -> DemandResponse:
    """An organisation's offer for a demand on the demand board; its SME hears of it in-app and by e-mail."""
    require(is_member(actor, organisation), _("You can only respond for your own organisation."))
    require(organisation.pk != demand.organisation_id, _("This is your own organisation's demand."))
    require(organisation.trades_on_marketplace, _("%(kind)s organisations cannot respond to demands.")
            % {"kind": organisation.get_kind_display()})
    if not (demand.published and demand.status == D.OPEN):
        raise ValidationError(_("This demand no longer takes responses."))
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say what you can offer.")})
    if listing is not None and (listing.owner_id != organisation.pk or listing.status != Listing.Status.PUBLISHED):
        raise ValidationError({"listing": _("Choose one of your organisation's published listings.")})
    response = DemandResponse(demand=demand, organisation=organisation, created_by=actor, message=message,
                              listing=listing)
    try:
        with transaction.atomic():
            response.save()
            record_event(response, action="create", to_state=response.status, actor=actor,
                         data={"demand": demand.pk, "listing": listing.pk if listing else None})
            notice_send(kind=DEMAND_RESPONSE, params={"response_id": response.pk},
                        recipient_ids=organisation_member_ids(demand.organisation_id),
                        topic=f"demand:{demand.pk}")
    except IntegrityError:  # the unique open response per organisation, whoever was first
        raise ValidationError(_("Your organisation has already responded to this demand.")) from None
    return response


def demand_response_withdraw(*, response: DemandResponse, actor) -> DemandResponse:
    require(is_member(actor, response.organisation), _("You can only withdraw your own organisation's response."))
    with transaction.atomic():
        withdrawn = DemandResponse.objects.filter(pk=response.pk, status=DemandResponse.Status.OPEN).update(
            status=DemandResponse.Status.WITHDRAWN
        )
        if not withdrawn:
            raise ValidationError(_("This response is already withdrawn."))
        record_event(response, action="withdraw", from_state=DemandResponse.Status.OPEN,
                     to_state=DemandResponse.Status.WITHDRAWN, actor=actor)
    response.status = DemandResponse.Status.WITHDRAWN
    return response
