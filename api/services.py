"""Writes to API tokens: create (the key is returned once) and revoke. Both are audited."""

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.permissions import require
from marketplace.workflow import lock_row, record_event

from .models import ApiToken
from .selectors import can_create_tokens_for, can_manage_tokens_of

KEY_PREFIX = "ipm_"
SHOWN_PREFIX_LENGTH = 12
MAX_LIVE_TOKENS = 20  # per user: enough for every script and integration, few enough to review


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user, name: str, actor, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new key for `user`, made by the user or by an administrator of one of their organisations.

    Returns the token and its key; only the key's hash is kept, so this is the one time it can be shown."""
    require(can_create_tokens_for(actor=actor, user=user),
            _("Only the user, or an administrator of every organisation the user belongs to, makes their API "
              "tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the script or system that uses it.")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long (100 characters at most).")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Creations for the same user are ordered on the user's row, so the count below cannot be raced past.
        get_user_model().objects.select_for_update().get(pk=user.pk)
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_LIVE_TOKENS:
            raise ValidationError(_("This user already has %(max)d live tokens: revoke one first.")
                                  % {"max": MAX_LIVE_TOKENS})
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(user=user, name=name, prefix=key[:SHOWN_PREFIX_LENGTH],
                                                digest=token_digest(key), created_by=actor, expires_at=expires_at)
        except IntegrityError:
            raise ValidationError({"name": _("This user already has a live token named “%(name)s”.")
                                   % {"name": name}}) from None
        record_event(token, action="create", actor=actor,
                     data={"user": user.pk, "name": name,
                           "expires_at": expires_at.isoformat() if expires_at else None})
    return token, key


def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token at once (its next request is refused). Revoking a revoked token changes nothing."""
    require(can_manage_tokens_of(actor=actor, user=token.user),
            _("Only the user and the administrators of their organisations manage their API tokens."))
    with transaction.atomic():
        token = lock_row(token)
        if token.revoked_at is not None:
            return token
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        record_event(token, action="revoke", actor=actor, data={"user": token.user_id, "name": token.name})
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Remember when a token was last used, at most once a minute (a busy script must not write per request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
