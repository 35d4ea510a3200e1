"""What every card checkout shares (an instalment of a licence, a voucher order's co-payment): the payer's two
methods, the Payment Element page's context, and turning a payment step's outcome into a message. The
services of each purpose decide who may pay what; these only carry the request to them and back."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.errors import error_text

from .models import Payment
from .providers import get_provider
from .providers.base import ProviderError

PENDING = (Payment.Status.CREATED, Payment.Status.PROCESSING)
# The payer's choice, and the provider each one goes through.
METHODS = {"offline": ("offline", gettext_lazy("Bank transfer")), "card": ("stripe", gettext_lazy("Card"))}


class PayMethodForm(forms.Form):
    """The payer's choice between a bank transfer and a card."""

    method = forms.ChoiceField(choices=[(method, label) for method, (_provider, label) in METHODS.items()])


class CardForm(forms.Form):
    """What the checkout page posts when the server finalises the payment (see payments/checkout.js)."""

    payment_method = forms.CharField(max_length=255)


def card_enabled() -> bool:
    """Card payments need both Stripe keys: the secret one for the server, the publishable one for Stripe.js."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def method_provider_name(method: str) -> str:
    """The provider a method goes through; a method that is not offered is a ValidationError on `method`."""
    if method not in METHODS:
        raise ValidationError({"method": _("Choose bank transfer or card.")})
    return METHODS[method][0]


def method_of(payment: Payment) -> str:
    return next((method for method, (provider, _label) in METHODS.items() if provider == payment.provider), "")


def checkout_context(*, payment: Payment, is_payer: bool) -> dict:
    """What payments/includes/card_checkout.html needs: while the payment is open and the viewer pays it, the
    client secret of its PaymentIntent (asked of the provider each time, never stored) or why it cannot be had."""
    context = {"payment": payment, "pending": payment.status in PENDING, "is_payer": is_payer,
               "publishable_key": settings.STRIPE_PUBLISHABLE_KEY, "stripe_js_url": settings.STRIPE_JS_URL}
    if context["pending"] and is_payer:
        try:
            context["client_secret"] = get_provider(payment.provider).client_secret(payment=payment)
        except ProviderError as error:
            context["provider_error"] = str(error)
    return context


def payment_step(request, call: Callable[[], object], *, failure: str) -> object | None:
    """Run one payment step (start, confirm or cancel an attempt) for a page: its result, or None once the
    reason it failed is in the messages. `failure` has an %(error)s for what the provider said."""
    try:
        return call()
    except ProviderError as error:
        messages.error(request, failure % {"error": error})
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    return None


def card_submit(request, confirm: Callable[[str], Payment]) -> Payment | None:
    """The checkout page posted a card collected by Stripe.js (see payments/checkout.js): `confirm` charges it."""
    form = CardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The card details did not arrive; try again."))
        return None
    return payment_step(request, lambda: confirm(form.cleaned_data["payment_method"]),
                        failure=_("The card payment could not be completed: %(error)s"))
