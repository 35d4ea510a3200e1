"""Pages for paying what a deal owes and for the licences recorded: every read through a selector, every write
through a service; other organisations get 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.views.dashboard import acting_organisation
from deals.selectors import deal_side_for_user
from deals.views import deal_or_404
from marketplace.permissions import is_operator, user_organisations
from payments.checkout import PayMethodForm, card_enabled, card_submit, checkout_context, payment_step
from payments.models import Payment
from payments.providers.base import ProviderError
from payments.services import payment_confirm, payment_refund, refunded_total

from .forms import RefundForm, TransferConfirmForm
from .models import Instalment, Licence
from .selectors import (
    PENDING,
    deal_instalments,
    instalment_of_payment,
    licence_get_for_user,
    licence_list_for_user,
    licence_payments,
    payment_get_for_user,
    transfer_reference,
    transfers_awaiting_confirmation,
    voucher_order_of_payment,
)
from .services import instalment_attempt_cancel, instalment_card_confirm, instalment_pay

LICENCES_PER_PAGE = 20


def _payment_or_404(request, pk: int) -> Payment:
    try:
        return payment_get_for_user(pk=pk, user=request.user)
    except Payment.DoesNotExist:
        raise Http404(_("No such payment."))


def _operators_only(request) -> None:
    if not is_operator(request.user):
        raise Http404(_("No such page."))


@login_required
def deal_payments(request, deal_pk: int):
    """What the deal's signed agreement owes, with Pay buttons for the buyer's members."""
    deal = deal_or_404(request, deal_pk)
    side = deal_side_for_user(deal=deal, user=request.user)
    return render(request, "licences/deal_payments.html", {
        "deal": deal,
        "rows": deal_instalments(deal=deal),
        "can_pay": side == "buyer",
        "card_enabled": card_enabled(),
        "licence": Licence.objects.filter(deal=deal).first(),
        "pay_form": PayMethodForm(),
    })


@login_required
@require_POST
def instalment_pay_view(request, pk: int):
    instalment = Instalment.objects.select_related("agreement__deal").filter(pk=pk).first()
    if instalment is None:
        raise Http404(_("No such instalment."))
    deal = deal_or_404(request, instalment.agreement.deal_id)
    form = PayMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose bank transfer or card."))
        return redirect("licences:deal-payments", deal_pk=deal.pk)
    payment = payment_step(
        request, lambda: instalment_pay(instalment=instalment, actor=request.user, method=form.cleaned_data["method"]),
        failure=_("The payment could not be started: %(error)s Nothing was charged; please try again in a moment."))
    if payment is not None:
        return redirect("licences:payment", pk=payment.pk)
    return redirect("licences:deal-payments", deal_pk=deal.pk)


@login_required
def payment_page(request, pk: int):
    """A bank transfer's instructions, or the card checkout (Payment Element) while the card payment is open."""
    payment = _payment_or_404(request, pk)
    instalment = instalment_of_payment(payment=payment)
    if request.method == "POST":
        card_submit(request, lambda payment_method: instalment_card_confirm(
            payment=payment, actor=request.user, payment_method=payment_method))
        return redirect("licences:payment", pk=payment.pk)
    is_payer = user_organisations(request.user).filter(pk=payment.payer_id).exists()
    context = {"instalment": instalment, "deal": instalment.agreement.deal}
    if payment.provider == "offline":
        context.update(payment=payment, pending=payment.status in PENDING, is_payer=is_payer,
                       reference=transfer_reference(payment), bank=settings.CENTRE_BANK_ACCOUNT)
        return render(request, "licences/transfer.html", context)
    context.update(checkout_context(payment=payment, is_payer=is_payer))
    return render(request, "licences/checkout.html", context)


@login_required
@require_POST
def payment_cancel_view(request, pk: int):
    payment = _payment_or_404(request, pk)
    if payment_step(request, lambda: instalment_attempt_cancel(payment=payment, actor=request.user),
                    failure=_("The payment could not be cancelled: %(error)s")) is not None:
        messages.success(request, _("The payment is cancelled; the amount is still due."))
        return redirect("licences:deal-payments", deal_pk=instalment_of_payment(payment=payment).agreement.deal_id)
    return redirect("licences:payment", pk=payment.pk)


@login_required
def transfers(request):
    """Operators: bank transfers announced and awaiting confirmation (instalments and voucher co-payments);
    each confirmed with its bank reference. Confirming a co-payment starts the service order's work
    (vouchers.receivers)."""
    _operators_only(request)
    pending = transfers_awaiting_confirmation()
    form = TransferConfirmForm(request.POST or None, payments=pending)
    if request.method == "POST" and form.is_valid():
        payment = form.cleaned_data["payment"]
        try:
            payment_confirm(payment=payment, actor=request.user, reference=form.cleaned_data["reference"])
        except ProviderError as error:
            form.add_error("reference", str(error))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Payment %(reference)s recorded as received.")
                             % {"reference": transfer_reference(payment)})
            return redirect("licences:transfers")
    rows = [(payment, transfer_reference(payment), instalment_of_payment(payment=payment),
             voucher_order_of_payment(payment=payment)) for payment in pending]
    return render(request, "licences/transfers.html", {"rows": rows, "form": form},
                  status=400 if form.errors else 200)


@login_required
def payment_refund_view(request, pk: int):
    _operators_only(request)
    payment = _payment_or_404(request, pk)
    form = RefundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payment_refund(payment=payment, actor=request.user, reason=form.cleaned_data["reason"],
                           amount=form.cleaned_data["amount"])
        except ProviderError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The refund is recorded."))
            return redirect("licences:payment", pk=payment.pk)
    return render(request, "licences/refund.html", {
        "payment": payment, "form": form, "refundable": payment.amount - refunded_total(payment=payment),
    }, status=400 if form.errors else 200)


@login_required
def licence_list(request):
    """The acting organisation's licences, granted and held; every licence for operators."""
    if is_operator(request.user):
        organisation = None
    elif not user_organisations(request.user).exists():
        return render(request, "dashboard/no_organisation.html")
    else:
        organisation = acting_organisation(request)
    licences = licence_list_for_user(user=request.user, organisation=organisation)
    return render(request, "licences/licence_list.html", {
        "organisation": organisation, "page_obj": paginate(request, licences, per_page=LICENCES_PER_PAGE),
    })


@login_required
def licence_detail(request, pk: int):
    try:
        licence = licence_get_for_user(pk=pk, user=request.user)
    except Licence.DoesNotExist:
        raise Http404(_("No such licence."))
    return render(request, "licences/licence_detail.html", {
        "licence": licence, "terms": licence.terms, "payments": licence_payments(licence=licence),
        "instalments": licence.agreement.instalments.all(), "is_operator": is_operator(request.user),
    })
