"""Payment providers. The configured one (settings.PAYMENT_PROVIDER) takes new payments; existing payments
keep using the provider that took them."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .base import PaymentProvider, ProviderError

PROVIDERS = {
    "offline": "payments.providers.offline.OfflineProvider",
    "stripe": "payments.providers.stripe.StripeProvider",
}


def get_provider(name: str | None = None) -> PaymentProvider:
    configured = import_string(settings.PAYMENT_PROVIDER)
    if name is None or name == configured.name:
        return configured()
    if name not in PROVIDERS:
        raise ProviderError(_("Unknown payment provider “%(name)s”.") % {"name": name})
    return import_string(PROVIDERS[name])()
