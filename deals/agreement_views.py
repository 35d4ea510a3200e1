"""The agreement page inside a deal room (the text, the PDF, signing, voiding, the verification of the
signatures) and the recordal pack of a signed agreement. Reads through selectors, writes through services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from cms.forms import add_service_errors
from ipmarket.client_ip import client_ip
from marketplace.workflow import IllegalTransition

from .agreement_forms import SignForm, VoidForm
from .agreement_selectors import agreement_get_for_user, agreement_verification
from .agreements import PARTY_SIDES, agreement_sign, agreement_void
from .models import Agreement
from .recordal import recordal_csv, recordal_rows, recordal_xlsx
from .selectors import deal_side_for_user
from .views import session_organisation


def _agreement_or_404(request, deal_pk: int, pk: int) -> Agreement:
    try:
        return agreement_get_for_user(deal_pk=deal_pk, pk=pk, user=request.user)
    except Agreement.DoesNotExist:
        raise Http404(_("No such agreement."))


def _page(request, agreement: Agreement, *, sign_form=None, void_form=None, status: int = 200):
    side = deal_side_for_user(deal=agreement.deal, user=request.user, acting=session_organisation(request))
    awaiting = agreement.status == Agreement.Status.AWAITING_SIGNATURES
    party = side in PARTY_SIDES
    signed_sides = set(agreement.signatures.values_list("side", flat=True))
    return render(request, "deals/agreement.html", {
        "agreement": agreement,
        "deal": agreement.deal,
        "verification": agreement_verification(agreement=agreement),
        "can_sign": party and awaiting and side not in signed_sides,
        "can_void": party and awaiting,
        "sign_form": sign_form or SignForm(),
        "void_form": void_form or VoidForm(),
        "commission_percent": agreement.commission_percent,
    }, status=status)


@login_required
def agreement_detail(request, deal_pk: int, pk: int):
    return _page(request, _agreement_or_404(request, deal_pk, pk))


def _failed_attempts(request, *, count: bool) -> bool:
    """Whether the user has used up their wrong passwords for now (SIGNING_PASSWORD_RATE_LIMIT); `count`
    records one more wrong password first."""
    usage = get_usage(request, group="deals.agreement_sign", key="user", method=["POST"], increment=count,
                      rate=settings.SIGNING_PASSWORD_RATE_LIMIT)
    return usage is not None and usage["count"] >= usage["limit"]


@login_required
@require_POST
def agreement_sign_view(request, deal_pk: int, pk: int):
    agreement = _agreement_or_404(request, deal_pk, pk)
    if _failed_attempts(request, count=False):
        raise Ratelimited
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            agreement_sign(agreement=agreement, user=request.user, password=form.cleaned_data["password"],
                           ip=client_ip(request) or None, acting=session_organisation(request))
        except IllegalTransition:
            form.add_error(None, _("The deal is no longer awaiting signatures."))
        except ValidationError as error:
            if "password" in getattr(error, "error_dict", {}):
                _failed_attempts(request, count=True)
            add_service_errors(error, form)
        else:
            messages.success(request, _("You signed the agreement."))
            return redirect("deals:agreement", deal_pk=deal_pk, pk=pk)
    return _page(request, agreement, sign_form=form, status=400)


@login_required
@require_POST
def agreement_void_view(request, deal_pk: int, pk: int):
    agreement = _agreement_or_404(request, deal_pk, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            agreement_void(agreement=agreement, actor=request.user, reason=form.cleaned_data["reason"],
                           acting=session_organisation(request))
        except IllegalTransition:
            form.add_error(None, _("The deal is no longer awaiting signatures."))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The agreement is void; the deal is open for offers again."))
            return redirect("deals:room", pk=deal_pk)
    return _page(request, agreement, void_form=form, status=400)


def _signed_or_404(request, deal_pk: int, pk: int) -> Agreement:
    agreement = _agreement_or_404(request, deal_pk, pk)
    if agreement.status != Agreement.Status.SIGNED:
        raise Http404(_("The recordal pack is ready once both parties have signed."))
    return agreement


@login_required
def agreement_recordal(request, deal_pk: int, pk: int):
    agreement = _signed_or_404(request, deal_pk, pk)
    return render(request, "deals/recordal.html", {
        "agreement": agreement, "deal": agreement.deal, "rows": recordal_rows(agreement),
    })


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", recordal_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", recordal_xlsx),
}


@login_required
def agreement_recordal_export(request, deal_pk: int, pk: int, fmt: str):
    if fmt not in EXPORTS:
        raise Http404
    agreement = _signed_or_404(request, deal_pk, pk)
    content_type, export = EXPORTS[fmt]
    response = HttpResponse(export(agreement), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="recordal-{agreement.number}.{fmt}"'
    response["Cache-Control"] = "private"
    return response
