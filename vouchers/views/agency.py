"""A service agency's voucher pages: its accreditations, the orders it received, delivering, claiming the voucher
amount and correcting a returned claim, and what the authorities owe and paid it. Reads through
vouchers.selectors.agency, writes through the services; another agency's order is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.models import Organisation

from ..models import Claim, ServiceOrder
from ..selectors import agency as selectors
from ..selectors.enterprise import timeline
from ..services.claims import MAX_RESUBMISSIONS, claim_resubmit, claim_submit
from ..services.orders import order_deliver
from ..workflows import ORDER_WORKFLOW
from .common import acting_organisation_of_kind, order_form_write
from .journey_forms import ClaimForm, DeliverForm, ResubmitForm


def _agency(request) -> Organisation:
    return acting_organisation_of_kind(request, Organisation.Kind.SERVICE_AGENCY, _("These pages are for service agencies. Switch to an agency you belong to."))


def _order_or_404(request, pk: int, organisation: Organisation) -> ServiceOrder:
    try:
        return selectors.agency_order_get(pk=pk, organisation=organisation)
    except ServiceOrder.DoesNotExist:
        raise Http404(_("No such order among the orders your agency received."))


@login_required
def home(request):
    organisation = _agency(request)
    return render(request, "vouchers/agency/home.html", {
        "organisation": organisation,
        "accreditations": selectors.accreditations_of(organisation=organisation),
        "products": selectors.products_of(organisation=organisation),
        "counts": selectors.order_counts(organisation=organisation),
        "money": selectors.agency_money(organisation=organisation),
        "claims": selectors.claims_of(organisation=organisation)[:20],
    })


@login_required
def orders(request):
    organisation = _agency(request)
    status = request.GET.get("status", "")
    if status not in ServiceOrder.Status.values:
        status = ""
    return render(request, "vouchers/agency/orders.html", {
        "organisation": organisation, "status": status, "statuses": ServiceOrder.Status.choices,
        "orders": selectors.orders_received(organisation=organisation, status=status),
    })


def _render_order(request, order: ServiceOrder, *, status: int = 200, **forms):
    claim = selectors.order_claim(order=order)
    context = {
        "order": order, "claim": claim, "events": timeline(order, ServiceOrder.Status),
        "can_deliver": ORDER_WORKFLOW.can(order, "deliver"),
        "can_claim": claim is None and ORDER_WORKFLOW.can(order, "claim"),
        "can_resubmit": claim is not None and claim.status == Claim.Status.RETURNED
        and claim.resubmissions < MAX_RESUBMISSIONS,
        "deliver_form": forms.get("deliver_form") or DeliverForm(),
        "claim_form": forms.get("claim_form") or ClaimForm(),
        "resubmit_form": forms.get("resubmit_form") or ResubmitForm(),
    }
    return render(request, "vouchers/agency/order_detail.html", context, status=status)


@login_required
def order_detail(request, pk: int):
    organisation = _agency(request)
    return _render_order(request, _order_or_404(request, pk, organisation))


def _order_write(request, pk: int, *, form_class, form_name: str, call, done: str):
    organisation = _agency(request)
    order = _order_or_404(request, pk, organisation)
    form = form_class(request.POST, request.FILES)
    if order_form_write(form, order, call):
        messages.success(request, done)
        return redirect("vouchers:agency-order", pk=order.pk)
    order.refresh_from_db()
    return _render_order(request, order, status=400, **{form_name: form})


@login_required
@require_POST
def deliver(request, pk: int):
    return _order_write(
        request, pk, form_class=DeliverForm, form_name="deliver_form",
        call=lambda order, data: order_deliver(order=order, actor=request.user, deliverable=data["deliverable"],
                                               note=data["note"]),
        done=_("Delivered. The enterprise has been asked to confirm the delivery."))


@login_required
@require_POST
def claim_new(request, pk: int):
    return _order_write(
        request, pk, form_class=ClaimForm, form_name="claim_form",
        call=lambda order, data: claim_submit(order=order, actor=request.user, **data),
        done=_("Claim submitted. The authority's officers will review it."))


@login_required
@require_POST
def claim_resubmit_view(request, pk: int):
    def resubmit(order, data):
        claim = selectors.order_claim(order=order)
        if claim is None:
            raise ValidationError(_("This order has no claim to correct."))
        claim_resubmit(claim=claim, actor=request.user, invoice_number=data["invoice_number"],
                       contract=data["contract"], copay_proof=data["copay_proof"])

    return _order_write(request, pk, form_class=ResubmitForm, form_name="resubmit_form", call=resubmit,
                        done=_("The corrected claim is resubmitted for review."))
