"""An enterprise's voucher pages: programmes open to it, applying, its vouchers and orders, paying its part,
confirming and rating a delivery or disputing it. Reads through vouchers.selectors.enterprise, writes through
the services; the acting organisation must be an enterprise, and another organisation's order is 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from licences.selectors import transfer_reference
from marketplace.errors import error_text
from marketplace.models import Organisation
from marketplace.workflow import IllegalTransition
from payments.checkout import (
    PENDING,
    PayMethodForm,
    card_enabled,
    card_submit,
    checkout_context,
    method_of,
    payment_step,
)
from payments.models import Payment
from payments.providers.base import ProviderError

from ..models import Programme, ServiceOrder, ServiceProduct, VoucherApplication
from ..selectors import enterprise as selectors
from ..services.applications import application_submit, application_withdraw, eligibility_problems
from ..services.orders import (
    order_cancel,
    order_confirm,
    order_copay_card_confirm,
    order_copay_restart,
    order_dispute,
    order_place,
    order_quote,
)
from ..workflows import ORDER_WORKFLOW
from .common import acting_organisation_of_kind, order_form_write
from .journey_forms import ApplicationForm, ConfirmForm, OrderForm, ReasonForm
from .public import catalogue_page


def _enterprise(request) -> Organisation:
    return acting_organisation_of_kind(request, Organisation.Kind.ENTERPRISE, _("These pages are for enterprises. Switch to an enterprise you belong to."))


def _order_or_404(request, pk: int, organisation: Organisation) -> ServiceOrder:
    try:
        return selectors.enterprise_order_get(pk=pk, organisation=organisation)
    except ServiceOrder.DoesNotExist:
        raise Http404(_("No such order among your organisation's orders."))


@login_required
def home(request):
    organisation = _enterprise(request)
    return render(request, "vouchers/enterprise/home.html", {
        "organisation": organisation,
        "programmes": selectors.programmes_open_to(organisation=organisation),
        "applications": selectors.applications_of(organisation=organisation),
        "vouchers": selectors.vouchers_of(organisation=organisation),
        "orders": selectors.orders_placed_by(organisation=organisation),
        "catalogue": catalogue_page(),
    })


@login_required
def apply(request, programme_pk: int):
    organisation = _enterprise(request)
    try:
        programme = selectors.programme_open_get(pk=programme_pk)
    except Programme.DoesNotExist:
        raise Http404(_("No such programme is taking applications."))
    form = ApplicationForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(programme=programme, applicant=organisation, actor=request.user,
                               **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Your application is submitted. The authority's officers will review "
                                        "it; you will see their decision here."))
            return redirect("vouchers:enterprise-home")
    return render(request, "vouchers/enterprise/apply.html", {
        "organisation": organisation, "programme": programme, "form": form,
        "problems": eligibility_problems(programme=programme, applicant=organisation).values(),
    }, status=400 if form.errors else 200)


@login_required
def order_new(request):
    """Order a service with a voucher: the split is shown (a "preview" recomputes it on the server) before the
    order is placed; the service decides the final split when it places it."""
    organisation = _enterprise(request)
    try:
        product = selectors.orderable_product_get(pk=int(request.GET.get("product", "")))
    except (ValueError, ServiceProduct.DoesNotExist):
        raise Http404(_("No such service is offered."))
    voucher_rows = selectors.usable_vouchers(organisation=organisation)
    form = OrderForm(request.POST or None, voucher_rows=voucher_rows,
                     initial={"price": product.price, "voucher": voucher_rows[0].voucher.pk if voucher_rows else None})
    quote = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            voucher = next(row.voucher for row in voucher_rows if row.voucher.pk == form.cleaned_data["voucher"])
            if "preview" in request.POST:
                quote = order_quote(voucher=voucher, price=form.cleaned_data["price"])
            else:
                try:
                    order = order_place(voucher=voucher, product=product, actor=request.user,
                                        price=form.cleaned_data["price"], note=form.cleaned_data["note"])
                except ProviderError as error:
                    form.add_error(None, _("The payment could not be started: %(error)s Nothing was ordered; "
                                           "please try again in a moment.") % {"error": error})
                except (ValidationError, PermissionDenied) as error:
                    if isinstance(error, ValidationError):
                        add_service_errors(error, form)
                    else:
                        form.add_error(None, error_text(error))
                else:
                    messages.success(request, _("Order #%(id)s placed; %(amount)s CNY of your voucher is held for "
                                                "it.") % {"id": order.pk, "amount": order.voucher_amount})
                    return redirect("vouchers:enterprise-order", pk=order.pk)
        status = 400 if form.errors else 200
    if quote is None and voucher_rows:
        # The split for what the form holds (what was typed when it is valid, else the published price).
        cleaned = getattr(form, "cleaned_data", {})
        voucher = next((row.voucher for row in voucher_rows if row.voucher.pk == cleaned.get("voucher")),
                       voucher_rows[0].voucher)
        quote = order_quote(voucher=voucher, price=cleaned.get("price") or product.price)
    return render(request, "vouchers/enterprise/order_new.html", {
        "organisation": organisation, "product": product, "form": form, "quote": quote,
        "voucher_rows": voucher_rows,
        # What the page's script needs to show the split as the price changes (the server still decides).
        "voucher_terms": {row.voucher.pk: {"ratio": str(row.voucher.programme.copay_ratio),
                                           "balance": str(row.balance)} for row in voucher_rows},
    }, status=status)


@login_required
@require_POST
def application_withdraw_view(request, pk: int):
    organisation = _enterprise(request)
    application = selectors.applications_of(organisation=organisation).filter(pk=pk).first()
    if application is None:
        raise Http404(_("No such application among your organisation's applications."))
    try:
        application_withdraw(application=application, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("This application is now “%(status)s”: it can no longer be withdrawn.")
                       % {"status": VoucherApplication.objects.get(pk=pk).get_status_display()})
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your application to %(programme)s is withdrawn.")
                         % {"programme": application.programme})
    return redirect("vouchers:enterprise-home")


def _render_order(request, order: ServiceOrder, *, status: int = 200, **forms):
    payment = order.copay_payment
    context = {
        "order": order, "payment": payment,
        "pending_payment": payment is not None and payment.status in PENDING,
        "payment_method": method_of(payment) if payment is not None else "",
        # A failed or cancelled attempt of an order still waiting for its co-payment: the enterprise tries again.
        "can_pay_again": order.status == ServiceOrder.Status.PLACED and payment is not None
        and payment.status in (Payment.Status.FAILED, Payment.Status.CANCELLED),
        "card_enabled": card_enabled(),
        "can_confirm": ORDER_WORKFLOW.can(order, "confirm"),
        "can_cancel": order.status == ServiceOrder.Status.PLACED,
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "dispute_form": forms.get("dispute_form") or ReasonForm(prefix="dispute"),
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "events": selectors.timeline(order, ServiceOrder.Status),
    }
    if payment is not None and payment.provider == "offline":
        context.update(reference=transfer_reference(payment), bank=settings.CENTRE_BANK_ACCOUNT)
    return render(request, "vouchers/enterprise/order_detail.html", context, status=status)


@login_required
def order_detail(request, pk: int):
    organisation = _enterprise(request)
    return _render_order(request, _order_or_404(request, pk, organisation))


def _order_write(request, pk: int, *, form_class, form_name: str, prefix: str | None, call, done: str):
    organisation = _enterprise(request)
    order = _order_or_404(request, pk, organisation)
    form = form_class(request.POST, prefix=prefix)
    if order_form_write(form, order, call):
        messages.success(request, done)
        return redirect("vouchers:enterprise-order", pk=order.pk)
    order.refresh_from_db()
    return _render_order(request, order, status=400, **{form_name: form})


@login_required
@require_POST
def order_confirm_view(request, pk: int):
    return _order_write(
        request, pk, form_class=ConfirmForm, form_name="confirm_form", prefix=None,
        call=lambda order, data: order_confirm(order=order, actor=request.user, rating=data["rating"],
                                               comment=data["comment"]),
        done=_("Delivery confirmed. Thank you for rating the service."))


@login_required
@require_POST
def order_dispute_view(request, pk: int):
    return _order_write(
        request, pk, form_class=ReasonForm, form_name="dispute_form", prefix="dispute",
        call=lambda order, data: order_dispute(order=order, actor=request.user, reason=data["reason"]),
        done=_("The delivery is disputed; the agency has been told your reason."))


@login_required
@require_POST
def order_cancel_view(request, pk: int):
    return _order_write(
        request, pk, form_class=ReasonForm, form_name="cancel_form", prefix="cancel",
        call=lambda order, data: order_cancel(order=order, actor=request.user, reason=data["reason"]),
        done=_("The order is cancelled; the amount held goes back to your voucher."))



@login_required
@require_POST
def order_pay_view(request, pk: int):
    """The enterprise picks how it pays its part: by card (on to the checkout) or by bank transfer."""
    organisation = _enterprise(request)
    order = _order_or_404(request, pk, organisation)
    form = PayMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose bank transfer or card."))
        return redirect("vouchers:enterprise-order", pk=order.pk)
    method = form.cleaned_data["method"]
    if method == "card" and not card_enabled():
        messages.error(request, _("Card payments are not available; please pay by bank transfer."))
        return redirect("vouchers:enterprise-order", pk=order.pk)
    payment = payment_step(
        request, lambda: order_copay_restart(order=order, actor=request.user, method=method),
        failure=_("The payment could not be started: %(error)s Nothing was charged; please try again in a moment."))
    if payment is not None and method == "card":
        return redirect("vouchers:enterprise-order-checkout", pk=order.pk)
    return redirect("vouchers:enterprise-order", pk=order.pk)


@login_required
def order_checkout(request, pk: int):
    """The card checkout of the order's co-payment (the Payment Element, as for a licence's instalment)."""
    organisation = _enterprise(request)
    order = _order_or_404(request, pk, organisation)
    payment = order.copay_payment
    if payment is None or method_of(payment) != "card":
        return redirect("vouchers:enterprise-order", pk=order.pk)
    if request.method == "POST":
        card_submit(request, lambda payment_method: order_copay_card_confirm(
            order=order, actor=request.user, payment_method=payment_method))
        return redirect("vouchers:enterprise-order-checkout", pk=order.pk)
    order.refresh_from_db()  # the card's success may have started the work
    context = checkout_context(payment=payment, is_payer=True)
    context.update(order=order, card_enabled=card_enabled(),
                   can_pay_again=order.status == ServiceOrder.Status.PLACED and payment.status in (
                       *PENDING, Payment.Status.FAILED, Payment.Status.CANCELLED))
    return render(request, "vouchers/enterprise/order_checkout.html", context)
