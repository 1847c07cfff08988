import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.models.organizations import Partner
from portal.tenancy import TenantQuerySet


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(TenantQuerySet):
    org_field = "partner"

    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the /v1 API, issued to one admin of one partner (FEATURES API-6).

    Only a SHA-256 of the token is stored; the token itself is shown once, when issued.
    The caller may do what both the token's scopes and the admin's roles allow.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False, help_text="To recognise the token")
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        return f"wxp_{secrets.token_urlsafe(32)}"


class ApiAuthFailure(models.Model):
    """Invalid bearer tokens presented from one client address (AC-3): after
    API_AUTH_FAILURE_LIMIT within the cool-off, that address gets 429 until `locked_until`."""

    address = models.GenericIPAddressField(unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.failures} invalid tokens from {self.address}"
