"""The voucher officer's screens: programmes and their budget, the application and claim review queues, the
claim evidence side by side with its risk flags. Reads through vouchers.selectors.officer, writes through the
services; anyone who is not an officer of the programme's authority gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.views.dashboard import acting_organisation
from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition

from ..models import Claim, Programme, VoucherApplication
from ..permissions import officer_authorities
from ..risk import claim_risk_flags
from ..selectors.officer import (
    application_facts,
    applications_to_review,
    authority_programmes,
    burn_down_series,
    claim_ledger,
    claim_queue,
    claim_reviews,
    claim_rows,
    claims_to_review,
    officer_application,
    officer_claim,
    officer_programme,
    programme_budget_summaries,
    programme_budget_summary,
    programme_burn_down,
    programme_waiting_counts,
)
from ..services.applications import application_approve, application_reject
from ..services.claims import MAX_RESUBMISSIONS, claim_approve, claim_reject, claim_reverse
from ..services.programmes import (
    programme_close,
    programme_create,
    programme_fund,
    programme_open,
    programme_update,
)
from .officer_forms import (
    ApproveApplicationForm,
    FundForm,
    OptionalReasonForm,
    ProgrammeForm,
    ReasonForm,
)


def officer_authority(request) -> Organisation:
    """The authority the officer acts for: the organisation picked on the dashboard when it is an authority
    they are an officer of, else the first such authority. Everyone else: 404."""
    authorities = officer_authorities(request.user)
    if not authorities.exists():
        raise Http404(_("Only voucher officers can see this page."))
    acting = acting_organisation(request)
    return acting if authorities.filter(pk=acting.pk).exists() else authorities.order_by("pk").first()


def _programme_or_404(request, pk: int) -> Programme:
    try:
        return officer_programme(user=request.user, pk=pk)
    except Programme.DoesNotExist:
        raise Http404(_("No such programme among your authority's programmes."))


def _application_or_404(request, pk: int) -> VoucherApplication:
    try:
        return officer_application(user=request.user, pk=pk)
    except VoucherApplication.DoesNotExist:
        raise Http404(_("No such application among your authority's programmes."))


def _claim_or_404(request, pk: int) -> Claim:
    try:
        return officer_claim(user=request.user, pk=pk)
    except Claim.DoesNotExist:
        raise Http404(_("No such claim among your authority's programmes."))


def _already_decided(obj) -> str:
    return _("This was already decided: it is now “%(status)s”.") % {"status": obj.get_status_display()}


# Home and programmes ----------------------------------------------------------------------------------------

@login_required
def home(request):
    authority = officer_authority(request)
    programmes = list(authority_programmes(authority))
    summaries = programme_budget_summaries(programmes)
    counts = programme_waiting_counts(programmes)
    rows = [{"programme": p, "budget": summaries[p.pk], "waiting": counts[p.pk]} for p in programmes]
    return render(request, "vouchers/officer/home.html", {
        "authority": authority, "rows": rows,
        "applications_waiting": sum(c["applications"] for c in counts.values()),
        "claims_waiting": sum(c["claims"] for c in counts.values()),
        "unbatched": sum(c["unbatched"] for c in counts.values()),
    })


@login_required
def programme_new(request):
    authority = officer_authority(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(authority=authority, actor=request.user,
                                         budget=form.cleaned_data["budget"], **form.service_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The programme was created as a draft. Open it when it is ready."))
            return redirect("vouchers:officer-programme", pk=programme.pk)
    return render(request, "vouchers/officer/programme_form.html", {"form": form, "authority": authority},
                  status=400 if form.errors else 200)


@login_required
def programme_edit(request, pk: int):
    programme = _programme_or_404(request, pk)
    form = ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(programme=programme, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("vouchers:officer-programme", pk=programme.pk)
    return render(request, "vouchers/officer/programme_form.html",
                  {"form": form, "programme": programme, "authority": programme.authority},
                  status=400 if form.errors else 200)


def _programme_page(request, programme: Programme, *, fund_form=None, close_form=None, status: int = 200):
    days = programme_burn_down(programme)
    return render(request, "vouchers/officer/programme_detail.html", {
        "programme": programme,
        "budget": programme_budget_summary(programme),
        "waiting": programme_waiting_counts([programme])[programme.pk],
        "burn_down": days,
        "burn_down_series": burn_down_series(days, programme=programme, today=timezone.localdate()),
        "fund_form": fund_form or FundForm(),
        "close_form": close_form or ReasonForm(),
    }, status=status)


@login_required
def programme_detail(request, pk: int):
    return _programme_page(request, _programme_or_404(request, pk))


@login_required
@require_POST
def programme_open_view(request, pk: int):
    programme = _programme_or_404(request, pk)
    try:
        programme_open(programme=programme, actor=request.user)
    except IllegalTransition:
        messages.error(request, _already_decided(programme))
    else:
        messages.success(request, _("The programme is open: enterprises can apply."))
    return redirect("vouchers:officer-programme", pk=programme.pk)


@login_required
@require_POST
def programme_close_view(request, pk: int):
    programme = _programme_or_404(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            programme_close(programme=programme, actor=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition:
            form.add_error(None, _already_decided(programme))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The programme is closed to new applications."))
            return redirect("vouchers:officer-programme", pk=programme.pk)
    return _programme_page(request, programme, close_form=form, status=400)


@login_required
@require_POST
def programme_fund_view(request, pk: int):
    programme = _programme_or_404(request, pk)
    form = FundForm(request.POST)
    if form.is_valid():
        try:
            programme_fund(programme=programme, actor=request.user, amount=form.cleaned_data["amount"],
                           memo=form.cleaned_data["memo"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("%(amount)s CNY added to the budget.") % {"amount": form.cleaned_data["amount"]})
            return redirect("vouchers:officer-programme", pk=programme.pk)
    return _programme_page(request, programme, fund_form=form, status=400)


# Applications -----------------------------------------------------------------------------------------------

def _applications_page(request, *, forms_for: dict | None = None, status: int = 200):
    authority = officer_authority(request)
    page_obj = paginate(request, applications_to_review(authority=authority))
    forms_for = forms_for or {}
    applications = list(page_obj.object_list)
    # The application whose form is being shown again comes first, whichever page it was on.
    erred = {pk for _action, pk in forms_for} - {a.pk for a in applications}
    applications = [*applications_to_review(authority=authority).filter(pk__in=erred), *applications]
    queue = application_facts(authority=authority, applications=applications)
    for facts in queue:
        pk = facts.application.pk
        facts.approve_form = forms_for.get(("approve", pk)) or ApproveApplicationForm(prefix=f"a{pk}")
        facts.reject_form = forms_for.get(("reject", pk)) or ReasonForm(prefix=f"r{pk}")
    return render(request, "vouchers/officer/applications.html",
                  {"authority": authority, "queue": queue, "page_obj": page_obj}, status=status)


@login_required
def applications(request):
    return _applications_page(request)


@login_required
@require_POST
def application_approve_view(request, pk: int):
    application = _application_or_404(request, pk)
    form = ApproveApplicationForm(request.POST, prefix=f"a{pk}")
    if form.is_valid():
        try:
            voucher = application_approve(application=application, actor=request.user,
                                          amount=form.cleaned_data["amount"])
        except ValidationError as error:
            add_service_errors(error, form)
        except IllegalTransition:
            form.add_error(None, _already_decided(application))
        else:
            messages.success(request, _("Voucher %(code)s issued to %(enterprise)s for %(amount)s CNY.")
                             % {"code": voucher.code, "enterprise": application.applicant,
                                "amount": voucher.face_value})
            return redirect("vouchers:officer-applications")
    if application.status != VoucherApplication.Status.SUBMITTED:  # no longer in the queue to show it beside
        messages.error(request, " ".join(form.non_field_errors()) or _already_decided(application))
        return redirect("vouchers:officer-applications")
    return _applications_page(request, forms_for={("approve", pk): form}, status=400)


@login_required
@require_POST
def application_reject_view(request, pk: int):
    application = _application_or_404(request, pk)
    form = ReasonForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        try:
            application_reject(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition:
            messages.error(request, _already_decided(application))
            return redirect("vouchers:officer-applications")
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The application of %(enterprise)s was rejected.")
                             % {"enterprise": application.applicant})
            return redirect("vouchers:officer-applications")
    return _applications_page(request, forms_for={("reject", pk): form}, status=400)


# Claims -----------------------------------------------------------------------------------------------------

@login_required
def claims(request):
    authority = officer_authority(request)
    flagged_only = request.GET.get("flagged") == "1"
    if flagged_only:  # every claim's flags are needed to know which are flagged
        page_obj = paginate(request, claim_queue(authority=authority, flagged_only=True))
        rows = page_obj.object_list
    else:
        page_obj = paginate(request, claims_to_review(authority=authority))
        rows = claim_rows(page_obj.object_list)
    return render(request, "vouchers/officer/claims.html", {
        "authority": authority, "rows": rows, "page_obj": page_obj, "flagged_only": flagged_only,
    })


def _claim_page(request, claim: Claim, *, approve_form=None, reject_form=None, reverse_form=None,
                status: int = 200):
    reviews = list(claim_reviews(claim))
    stage = 2 if claim.status == Claim.Status.CHECKED else 1
    first_reviewer = next((r.reviewer_id for r in reversed(reviews)
                           if r.stage == 1 and r.decision == r.Decision.APPROVE), None)
    return render(request, "vouchers/officer/claim_detail.html", {
        "claim": claim, "order": claim.order, "programme": claim.programme,
        "flags": claim_risk_flags(claim),
        "reviews": reviews,
        "ledger": claim_ledger(claim),
        "stage": stage,
        "reviewing": claim.status in (Claim.Status.SUBMITTED, Claim.Status.CHECKED),
        "same_officer_twice": stage == 2 and first_reviewer == request.user.pk,
        "final_reject": claim.resubmissions >= MAX_RESUBMISSIONS,
        "reversible": claim.status == Claim.Status.APPROVED and (claim.batch is None
                                                                 or claim.batch.status == claim.batch.Status.OPEN),
        "approve_form": approve_form or OptionalReasonForm(prefix="approve"),
        "reject_form": reject_form or ReasonForm(prefix="reject"),
        "reverse_form": reverse_form or ReasonForm(prefix="reverse"),
    }, status=status)


@login_required
def claim_detail(request, pk: int):
    return _claim_page(request, _claim_or_404(request, pk))


def _claim_action(request, pk: int, *, prefix: str, form_class, action, done: str, form_key: str):
    claim = _claim_or_404(request, pk)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            claim = action(claim=claim, actor=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition:
            form.add_error(None, _already_decided(claim))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, done % {"status": claim.get_status_display()})
            return redirect("vouchers:officer-claim", pk=claim.pk)
    # Shown as it is now (another officer may just have decided it), with the form and its message.
    return _claim_page(request, _claim_or_404(request, pk), status=400, **{form_key: form})


@login_required
@require_POST
def claim_approve_view(request, pk: int):
    return _claim_action(request, pk, prefix="approve", form_class=OptionalReasonForm, action=claim_approve,
                         done=_("Review recorded: the claim is now “%(status)s”."), form_key="approve_form")


@login_required
@require_POST
def claim_reject_view(request, pk: int):
    return _claim_action(request, pk, prefix="reject", form_class=ReasonForm, action=claim_reject,
                         done=_("Review recorded: the claim is now “%(status)s”."), form_key="reject_form")


@login_required
@require_POST
def claim_reverse_view(request, pk: int):
    return _claim_action(request, pk, prefix="reverse", form_class=ReasonForm, action=claim_reverse,
                         done=_("The approval was reversed: the amount went back to the budget."),
                         form_key="reverse_form")
