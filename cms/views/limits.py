"""The pages shown when a client tries too often: log-in lock-out (django-axes) and rate limits (django-ratelimit)."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the site, Wagtail admin and Django admin log-ins show this page, status 429."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)


def too_many_requests(request, exception=None):
    """RATELIMIT_VIEW: a page in the visitor's language, with status 429, instead of a bare 403."""
    return render(request, "registration/too_many_requests.html", status=429)
