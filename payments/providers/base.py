"""What the payment services need from a payment provider. Providers never touch the database."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


class ProviderError(Exception):
    """The provider refused or could not be reached; the message is safe to show to the user."""


class InvalidSignature(ProviderError):
    def __init__(self, message=_("The webhook signature is missing or invalid.")):
        super().__init__(message)


class MalformedEvent(ProviderError):
    """Correctly signed, but not shaped like an event of the provider: nothing is stored or changed."""

    def __init__(self, message=_("The webhook event is malformed.")):
        super().__init__(message)


@dataclass(frozen=True)
class ProviderPayment:
    """The provider's view of a payment; `status` is one of Payment.Status."""

    reference: str
    status: str
    failure_reason: str = ""
    client_secret: str = ""


@dataclass(frozen=True)
class ProviderRefund:
    """`status` is one of Refund.Status."""

    reference: str
    status: str
    failure_reason: str = ""


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event; `reference` is the provider reference of the payment it concerns, `refunds`
    the provider's current view of the refunds it reports on."""

    id: str
    type: str
    reference: str
    payload: dict = field(default_factory=dict)
    failure_reason: str = ""
    refunds: tuple[ProviderRefund, ...] = ()


class PaymentProvider(ABC):
    name: str
    # Offline providers record money that moved outside the system, which only an operator may attest.
    operator_confirms: bool = False

    @abstractmethod
    def create_payment_intent(self, *, payment, payment_method: str = "") -> ProviderPayment:
        """Register `payment` with the provider; `payment_method` is an already collected method, if any."""

    @abstractmethod
    def confirm(self, *, payment, reference: str = "", payment_method: str = "") -> ProviderPayment:
        """Ask the provider to take the money (online, with `payment_method` if the payer's browser collected
        one), or record it arrived under `reference` (offline)."""

    @abstractmethod
    def cancel(self, *, payment) -> ProviderPayment:
        """Call off a payment not yet made, so that it can no longer take money."""

    def client_secret(self, *, payment) -> str:
        """What the payer's browser needs to pay `payment` on a checkout page; "" when it pays elsewhere."""
        return ""

    @abstractmethod
    def refund(self, *, payment, refund, amount: Decimal) -> ProviderRefund:
        """Return `amount` of a succeeded payment to the payer."""

    @abstractmethod
    def parse_webhook(self, *, payload: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """Verify the signature and decode the event; raises InvalidSignature or MalformedEvent."""
