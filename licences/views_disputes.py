"""Dispute pages, reached from the deal room: opening one, its page (reason, evidence, the centre's notes and
the outcome), the centre's forms, and the list of live disputes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from deals.models import Deal, DealMessage
from deals.selectors import deal_get_for_user, deal_side_for_user
from deals.views import session_organisation
from marketplace.permissions import is_member, is_operator
from marketplace.workflow import IllegalTransition

from .disputes import (
    DISPUTE_WORKFLOW,
    dispute_evidence_add,
    dispute_mediate,
    dispute_note_add,
    dispute_open,
    dispute_resolve,
    dispute_withdraw,
)
from .disputes_selectors import dispute_events, dispute_get_for_user, disputes_live
from .forms_royalties import DisputeOpenForm, EvidenceForm, NoteForm, ResolveForm
from .models import Dispute


def _dispute_or_404(request, pk: int) -> Dispute:
    try:
        return dispute_get_for_user(pk=pk, user=request.user)
    except Dispute.DoesNotExist:
        raise Http404(_("No such dispute."))


@login_required
def dispute_open_view(request, deal_pk: int):
    try:
        deal = deal_get_for_user(pk=deal_pk, user=request.user)
    except Deal.DoesNotExist:
        raise Http404(_("No such deal."))
    acting = session_organisation(request)
    if deal_side_for_user(deal=deal, user=request.user, acting=acting) not in (DealMessage.Side.BUYER,
                                                                                DealMessage.Side.SELLER):
        raise Http404(_("Only the two parties of the deal can open a dispute."))
    form = DisputeOpenForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispute = dispute_open(deal=deal, actor=request.user, reason=data["reason"], acting=acting,
                                   evidence=[(data["file"], data["title"])] if data["file"] else [])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The dispute is open; the operation centre will mediate."))
            return redirect("royalties:dispute", pk=dispute.pk)
    return render(request, "licences/dispute_open.html", {"deal": deal, "form": form},
                  status=400 if form.errors else 200)


@login_required
def dispute_detail(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    operator = is_operator(request.user)
    return render(request, "licences/dispute.html", {
        "dispute": dispute, "evidence": dispute.evidence.select_related("submitted_for", "submitted_by"),
        "notes": dispute.notes.select_related("author"), "events": dispute_events(dispute=dispute),
        "is_operator": operator, "evidence_form": EvidenceForm(), "note_form": NoteForm(),
        "resolve_form": ResolveForm(),
        "can_mediate": operator and DISPUTE_WORKFLOW.can(dispute, "mediate"),
        "can_withdraw": is_member(request.user, dispute.opened_for) and DISPUTE_WORKFLOW.can(dispute, "withdraw"),
    })


def _done(request, dispute: Dispute, call, success: str, form=None):
    """Run a dispute service from a POST; its refusal becomes a message on the dispute's page."""
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors)
        call()
    except IllegalTransition:
        messages.warning(request, _("This dispute has already moved on; see its current state."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("royalties:dispute", pk=dispute.pk)


@login_required
@require_POST
def dispute_evidence_view(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and not form.cleaned_data["file"]:
        form.add_error("file", _("Choose a file."))
    return _done(request, dispute, lambda: dispute_evidence_add(
        dispute=dispute, actor=request.user, file=form.cleaned_data["file"], title=form.cleaned_data["title"],
        acting=session_organisation(request)), _("The evidence is added."), form)


@login_required
@require_POST
def dispute_note_view(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    form = NoteForm(request.POST)
    return _done(request, dispute, lambda: dispute_note_add(dispute=dispute, actor=request.user,
                                                            body=form.cleaned_data["body"]),
                 _("The note is added."), form)


@login_required
@require_POST
def dispute_resolve_view(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    form = ResolveForm(request.POST)
    return _done(request, dispute, lambda: dispute_resolve(
        dispute=dispute, actor=request.user, outcome=form.cleaned_data["outcome"],
        text=form.cleaned_data["outcome_text"]), _("The outcome is recorded."), form)


@login_required
@require_POST
def dispute_mediate_view(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    return _done(request, dispute, lambda: dispute_mediate(dispute=dispute, actor=request.user),
                 _("The dispute is in mediation."))


@login_required
@require_POST
def dispute_withdraw_view(request, pk: int):
    dispute = _dispute_or_404(request, pk)
    return _done(request, dispute, lambda: dispute_withdraw(dispute=dispute, actor=request.user),
                 _("The dispute is withdrawn."))


@login_required
def dispute_list(request):
    """The live disputes the user can see: the operation centre's work list, a party's own."""
    return render(request, "licences/disputes.html", {"disputes": disputes_live(user=request.user)})
