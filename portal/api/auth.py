from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from portal.accounts import protection
from portal.errors import ApplicationError, Problem
from portal.models import ApiToken
from portal.models.tokens import hash_token

# Writing last_used_at on every call would turn reads into writes; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` issued in the portal; 401 when missing or not valid."""

    def authenticate(self, request, token: str):
        if settings.AXES_ENABLED:
            protection.api_token_refusal(request)  # 429 while the address is locked out
        api_token = (
            ApiToken.objects.active()
            .select_related("user", "partner__parent")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            if settings.AXES_ENABLED:
                protection.api_token_failure(request)
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token


def require_scope(request, scope: str) -> None:
    """403 unless the calling token carries `scope`."""
    if scope not in request.api_token.scopes:
        raise ApplicationError(
            "The token does not have the required scope.",
            status=403,
            problems=[Problem(None, f"Missing scope {scope}.", 403)],
        )


class ScopedBearer(BearerToken):
    """A bearer token that must carry `scope`: 401 without a valid token, 403 without the scope.

    Checked with authentication, before the request body is parsed, so a caller without the
    scope learns nothing about what a valid body looks like.
    """

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is not None:
            require_scope(request, self.scope)
        return api_token
