"""Partner SSO (FEATURES PH-10): one SAML and one OpenID Connect identity provider per partner,
offered by the onboarding templates for customers created afterwards."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

from portal.models import Partner
from portal.tenancy import TenantQuerySet

#: Seed 001: "letters, numbers, hyphens, underlines, tildes, and dots and max length is 128".
oidc_name = RegexValidator(
    r"^[A-Za-z0-9\-_~.]+$",
    "Use letters, numbers, hyphens, underscores, tildes and dots only.",
)


class PartnerScopedQuerySet(TenantQuerySet):
    org_field = "partner"


class SamlIdentityProvider(models.Model):
    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="saml_idp")
    entity_id = models.CharField("IdP entity ID", max_length=255)
    metadata_xml = models.TextField()
    sso_url = models.URLField("Single sign-on URL", max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now=True)
    required_for_admins = models.BooleanField(
        "Partner admins must sign in through this IdP", default=False
    )

    objects = PartnerScopedQuerySet.as_manager()

    def __str__(self):
        return self.entity_id


class OidcIdentityProvider(models.Model):
    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="oidc_idp")
    name = models.CharField("IdP name", max_length=128, validators=[oidc_name])
    client_id = models.CharField("OAuth client ID", max_length=255)
    client_secret = models.CharField("OAuth client secret", max_length=255)
    scopes = models.CharField("List of scopes", max_length=255, default="openid email profile")
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    discovery_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField("UserInfo endpoint", max_length=500, blank=True)
    jwks_endpoint = models.URLField("Key set endpoint", max_length=500, blank=True)
    required_for_admins = models.BooleanField(
        "Partner admins must sign in through this IdP", default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            # Seed 001: "Unique but case-insensitive name for OIDC IdP config".
            models.UniqueConstraint(Lower("name"), name="unique_oidc_idp_name")
        ]

    def __str__(self):
        return self.name


class SsoProtocol(models.TextChoices):
    SAML = "saml", "SAML 2.0"
    OIDC = "oidc", "OpenID Connect"


class SsoIdentity(models.Model):
    """The just-in-time link of an IdP subject to an existing, invited account (PH-10): made on
    the first sign-in through the partner's IdP, never a new account. A later sign-in with the
    same subject must name the same person."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="sso_identities")
    protocol = models.CharField(max_length=8, choices=SsoProtocol.choices)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "protocol", "subject"], name="unique_sso_subject"
            ),
            models.UniqueConstraint(
                fields=["partner", "protocol", "user"], name="unique_sso_identity_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.protocol}:{self.subject} → {self.user_id}"


class SsoAssertionUse(models.Model):
    """An assertion (SAML) or ID token (OIDC) already used to sign in: the unique constraint is
    what refuses a replay, across processes."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    protocol = models.CharField(max_length=8, choices=SsoProtocol.choices)
    assertion_id = models.CharField(max_length=255)
    not_on_or_after = models.DateTimeField()
    used_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "protocol", "assertion_id"], name="unique_sso_assertion_use"
            )
        ]
        indexes = [models.Index(fields=["not_on_or_after"])]

    def __str__(self):
        return self.assertion_id
