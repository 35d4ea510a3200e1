"""Accreditation pages. For the agency (the organisation the user acts for): its accreditation with each
authority, the application form, its service products. For the authority's officers (operators read along): the
queue, an accreditation with its papers and objections and the decisions on it; the credit supervision list's
sanctions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.views.dashboard import acting_organisation
from marketplace.models import Organisation
from marketplace.permissions import is_operator
from marketplace.workflow import IllegalTransition, history

from ..models import Accreditation, Objection, Sanction, ServiceProduct
from ..permissions import is_officer, officer_authorities
from ..selectors.accreditation import (
    QUEUE_STATES,
    accreditation_for_overseer,
    accreditation_queue,
    accreditation_queue_counts,
    accreditations_of_agency,
    authorities,
    objection_for_overseer,
    product_of_agency,
    products_of_agency,
)
from ..selectors.catalogue import notice_days_left, sanctions_standing
from ..services import accreditation as services
from ..services.products import product_create, product_update, product_withdraw
from ..services.sanctions import sanction_impose, sanction_lift
from ..workflows import ACCREDITATION_WORKFLOW
from .accreditation_forms import (
    AccreditationApplyForm,
    ObjectionResolveForm,
    ProductForm,
    ReasonForm,
    SanctionImposeForm,
)

STATE_CHANGE = _("This accreditation has changed meanwhile; the action no longer applies.")


def _agency(request) -> Organisation | None:
    """The acting organisation when it is a service agency, else None (the page explains)."""
    organisation = acting_organisation(request)
    return organisation if organisation.kind == Organisation.Kind.SERVICE_AGENCY else None


def _not_an_agency(request):
    return render(request, "vouchers/not_an_agency.html", {"organisation": acting_organisation(request)})


# --- The agency ---------------------------------------------------------------------------------------------

@login_required
def status(request):
    """The acting agency's accreditations (one line per authority, the latest first) and its products."""
    agency = _agency(request)
    if agency is None:
        return _not_an_agency(request)
    accreditations = list(accreditations_of_agency(agency))
    for accreditation in accreditations:
        accreditation.days_left = notice_days_left(accreditation)
    return render(request, "vouchers/accreditation_status.html", {
        "agency": agency, "accreditations": accreditations,
        "products": products_of_agency(agency), "sanction": sanctions_standing().filter(organisation=agency).first(),
    })


@login_required
def apply(request):
    agency = _agency(request)
    if agency is None:
        return _not_an_agency(request)
    form = AccreditationApplyForm(request.POST or None, request.FILES or None, authorities=authorities(),
                                  organisation=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.accreditation_apply(agency=agency, authority=form.cleaned_data["authority"], actor=request.user,
                                         documents=form.documents(request.FILES), **form.service_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Your application is submitted. The authority's officers will check your "
                                        "papers, then publish a public notice."))
            return redirect("vouchers:accreditation")
    return render(request, "vouchers/accreditation_apply.html", {"agency": agency, "form": form},
                  status=400 if form.errors else 200)


@login_required
def products(request):
    agency = _agency(request)
    if agency is None:
        return _not_an_agency(request)
    return render(request, "vouchers/product_list.html", {"agency": agency, "products": products_of_agency(agency)})


def _product_or_404(agency, pk: int) -> ServiceProduct:
    try:
        return product_of_agency(agency=agency, pk=pk)
    except ServiceProduct.DoesNotExist:
        raise Http404(_("No such service product of your agency.")) from None


@login_required
def product_new(request):
    agency = _agency(request)
    if agency is None:
        return _not_an_agency(request)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product_create(agency=agency, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The service is published; it shows in the catalogue while your "
                                        "accreditation is active."))
            return redirect("vouchers:products")
    return render(request, "vouchers/product_form.html", {"agency": agency, "form": form},
                  status=400 if form.errors else 200)


@login_required
def product_edit(request, pk: int):
    agency = _agency(request)
    if agency is None:
        return _not_an_agency(request)
    product = _product_or_404(agency, pk)
    form = ProductForm.for_product(product, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only what this member changed: a colleague's edit of other fields meanwhile is kept.
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            product_update(product=product, actor=request.user, **changed)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The service is updated."))
            return redirect("vouchers:products")
    return render(request, "vouchers/product_form.html", {"agency": agency, "form": form, "product": product},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def product_withdraw_view(request, pk: int):
    agency = _agency(request)
    if agency is None:
        raise Http404
    product = _product_or_404(agency, pk)
    try:
        product_withdraw(product=product, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The service is withdrawn from the catalogue."))
    return redirect("vouchers:products")


# --- The authority's officers ---------------------------------------------------------------------------------

def _require_overseer(request) -> None:
    if not (officer_authorities(request.user).exists() or is_operator(request.user)):
        raise PermissionDenied(_("Only voucher officers and the operation centre see this page."))


@login_required
def queue(request):
    _require_overseer(request)
    state = request.GET.get("status") or Accreditation.Status.APPLIED
    if state not in QUEUE_STATES:
        state = Accreditation.Status.APPLIED
    counts = accreditation_queue_counts(user=request.user)
    tabs = [(value, Accreditation.Status(value).label, counts[value]) for value in QUEUE_STATES]
    return render(request, "vouchers/officer_queue.html", {
        "state": state, "tabs": tabs,
        "page_obj": paginate(request, accreditation_queue(user=request.user, status=state)),
    })


def _accreditation_or_404(request, pk: int) -> Accreditation:
    try:
        return accreditation_for_overseer(user=request.user, pk=pk)
    except Accreditation.DoesNotExist:
        raise Http404(_("No such accreditation among your authority's.")) from None


def _detail(request, accreditation: Accreditation, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    officer = is_officer(request.user, accreditation.authority)
    reason_actions = [action for action in ("reject", "suspend", "reinstate", "remove")
                      if ACCREDITATION_WORKFLOW.can(accreditation, action)]
    objections = list(accreditation.objections.select_related("raised_by", "resolved_by"))
    return render(request, "vouchers/officer_accreditation.html", {
        "accreditation": accreditation, "officer": officer,
        "documents": accreditation.documents.all(),
        "objections": [(objection, forms.get(("objection", objection.pk)) or ObjectionResolveForm(
            auto_id=f"id_%s_objection_{objection.pk}")) for objection in objections],
        "open_objections": sum(objection.status == Objection.Status.OPEN for objection in objections),
        "can_verify": ACCREDITATION_WORKFLOW.can(accreditation, "verify"),
        "can_activate": ACCREDITATION_WORKFLOW.can(accreditation, "activate"),
        "reason_forms": [(action, ACTION_LABELS[action], forms.get(action) or ReasonForm(auto_id=f"id_%s_{action}"))
                         for action in reason_actions],
        "days_left": notice_days_left(accreditation),
        "events": history(accreditation),
    }, status=status)


ACTION_LABELS = {"verify": _("Papers verified: start the public notice"), "activate": _("Activate"),
                 "reject": _("Reject the application"), "suspend": _("Suspend"), "reinstate": _("Reinstate"),
                 "remove": _("Remove from the register")}
ACTION_DONE = {"verify": _("The public notice has started."), "activate": _("The agency is accredited."),
               "reject": _("The application is rejected."), "suspend": _("The accreditation is suspended."),
               "reinstate": _("The accreditation is reinstated."), "remove": _("The agency is removed.")}
SERVICES = {"verify": services.accreditation_verify, "activate": services.accreditation_activate,
            "reject": services.accreditation_reject, "suspend": services.accreditation_suspend,
            "reinstate": services.accreditation_reinstate, "remove": services.accreditation_remove}


@login_required
def detail(request, pk: int):
    _require_overseer(request)
    return _detail(request, _accreditation_or_404(request, pk))


@login_required
@require_POST
def decide(request, pk: int, action: str):
    """verify / activate (no reason) and reject / suspend / reinstate / remove (with a reason)."""
    _require_overseer(request)
    accreditation = _accreditation_or_404(request, pk)
    if action not in SERVICES:
        raise Http404
    form = ReasonForm(request.POST, auto_id=f"id_%s_{action}") if action not in ("verify", "activate") else None
    if form is not None and not form.is_valid():
        return _detail(request, accreditation, forms={action: form}, status=400)
    try:
        SERVICES[action](accreditation=accreditation, actor=request.user,
                         **({"reason": form.cleaned_data["reason"]} if form is not None else {}))
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return _detail(request, accreditation, status=400)
        add_service_errors(error, form)
        return _detail(request, accreditation, forms={action: form}, status=400)
    except IllegalTransition:
        messages.error(request, STATE_CHANGE)
        return redirect("vouchers:accreditation-detail", pk=accreditation.pk)
    messages.success(request, ACTION_DONE[action])
    return redirect("vouchers:accreditation-detail", pk=accreditation.pk)


@login_required
@require_POST
def objection_resolve(request, pk: int):
    _require_overseer(request)
    try:
        objection = objection_for_overseer(user=request.user, pk=pk)
    except Objection.DoesNotExist:
        raise Http404 from None
    accreditation = _accreditation_or_404(request, objection.accreditation_id)
    form = ObjectionResolveForm(request.POST, auto_id=f"id_%s_objection_{objection.pk}")
    if form.is_valid():
        try:
            services.objection_resolve(objection=objection, actor=request.user,
                                       uphold=form.cleaned_data["decision"] == "uphold",
                                       resolution=form.cleaned_data["resolution"])
        except ValidationError as error:
            add_service_errors(error, form)
        except IllegalTransition:
            form.add_error(None, STATE_CHANGE)
        else:
            messages.success(request, _("The objection is resolved."))
            return redirect("vouchers:accreditation-detail", pk=accreditation.pk)
    return _detail(request, accreditation, forms={("objection", objection.pk): form}, status=400)


# --- Sanctions (credit supervision) ---------------------------------------------------------------------------

def _sanctions_page(request, *, form=None, lift_forms: dict | None = None, status: int = 200):
    lift_forms = lift_forms or {}
    page_obj = paginate(request, sanctions_standing(), per_page=50)
    return render(request, "vouchers/officer_sanctions.html", {
        "form": form or SanctionImposeForm(),
        "rows": [(sanction, lift_forms.get(sanction.pk) or ReasonForm(auto_id=f"id_%s_lift_{sanction.pk}"))
                 for sanction in page_obj.object_list],
        "page_obj": page_obj,
    }, status=status)


@login_required
def sanctions(request):
    """Officers and operators: the standing sanctions, each with a lift form, and the form to impose one."""
    _require_overseer(request)
    if request.method != "POST":
        return _sanctions_page(request)
    form = SanctionImposeForm(request.POST)
    if form.is_valid():
        try:
            sanction_impose(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The sanction is imposed and published on the credit supervision list."))
            return redirect("vouchers:officer-sanctions")
    return _sanctions_page(request, form=form, status=400)


@login_required
@require_POST
def sanction_lift_view(request, pk: int):
    _require_overseer(request)
    try:
        sanction = sanctions_standing().get(pk=pk)
    except Sanction.DoesNotExist:
        raise Http404(_("No such standing sanction.")) from None
    form = ReasonForm(request.POST, auto_id=f"id_%s_lift_{sanction.pk}")
    if form.is_valid():
        try:
            sanction_lift(sanction=sanction, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The sanction is lifted. A suspended accreditation is reinstated by its "
                                        "authority."))
            return redirect("vouchers:officer-sanctions")
    return _sanctions_page(request, lift_forms={sanction.pk: form}, status=400)
