"""`Authorization: Token ipm_…`: the user's named API token (api.models.ApiToken)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .selectors import api_token_by_digest
from .services import api_token_touch, token_digest


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the header as “Authorization: Token <key>”."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = api_token_by_digest(digest=token_digest(key))
        # One message for unknown, revoked and expired keys: a caller learns nothing about keys it does not hold.
        if token is None or not token.is_live or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or has been revoked or has expired."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
