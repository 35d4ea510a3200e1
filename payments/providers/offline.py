"""The embedded default: bank transfers and other payments made outside the system, recorded by operators."""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from .base import PaymentProvider, ProviderError, ProviderEvent, ProviderPayment, ProviderRefund


class OfflineProvider(PaymentProvider):
    name = "offline"
    operator_confirms = True

    def create_payment_intent(self, *, payment, payment_method: str = "") -> ProviderPayment:
        # Nothing to register: the payer transfers the money and the operator records its bank reference.
        return ProviderPayment(reference="", status="created")

    def confirm(self, *, payment, reference: str = "", payment_method: str = "") -> ProviderPayment:
        reference = reference.strip()
        if not reference:
            raise ProviderError(_("Enter the bank transfer reference of the received payment."))
        return ProviderPayment(reference=reference, status="succeeded")

    def cancel(self, *, payment) -> ProviderPayment:
        # The payer said they will not transfer: nothing to call off anywhere else.
        return ProviderPayment(reference=payment.provider_reference, status="cancelled")

    def refund(self, *, payment, refund, amount: Decimal) -> ProviderRefund:
        # The operator pays the money back by transfer; recording it is all the system does.
        return ProviderRefund(reference="", status="succeeded")

    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        raise ProviderError(_("Offline payments have no webhooks."))
