"""The client's address, for counting log-in failures and rate limits per address.

Behind TRUSTED_PROXY_COUNT reverse proxies, each appending the address it saw to X-Forwarded-For, the client is
the entry that many places from the end; the entries before it are whatever the client sent and are not trusted.
"""

from django.conf import settings


def client_ip(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
