"""Anonymous (per client address) and per-user request rates, counted in the default cache (Redis in production).

The rates are read from settings.API_THROTTLE_RATES at each request rather than once at import, as DRF's own
classes do, so an environment variable or a test's override takes effect."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ipmarket.client_ip import client_ip


class _SettingsRate:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request)  # honours TRUSTED_PROXY_COUNT, like the site's other rate limits


class ApiAnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class ApiUserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
