"""Onboarding templates and the packages a customer was provisioned with.

Both live in the kernel because Partner Hub (wizards, lists) and Control Hub (subscriber
provisioning: package limits, template defaults) need them, and apps never import sideways.
"""

import secrets
import uuid

from django.db import models

from portal.catalogues import locales, packages, regions
from portal.models.organizations import Customer, Partner
from portal.tenancy import TenantQuerySet


def new_provisioning_id() -> str:
    """Opaque, unique and safe to paste into an API call."""
    return secrets.token_urlsafe(24)


class AuthenticationMode(models.TextChoices):
    WEBEX = "webex", "Webex authentication"
    PARTNER_SSO_SAML = "partner_sso_saml", "Partner SSO (SAML)"
    PARTNER_SSO_OIDC = "partner_sso_oidc", "Partner SSO (OpenID Connect)"


class OnboardingTemplateQuerySet(TenantQuerySet):
    org_field = "partner"


class OnboardingTemplate(models.Model):
    """A "Webex for wholesale" onboarding template (FEATURES PH-2). One serves many customers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=100)
    provisioning_id = models.CharField(
        "Provisioning ID", max_length=64, unique=True, default=new_provisioning_id, editable=False
    )
    subscription_id = models.CharField(
        "Wholesale subscription", max_length=64, help_text="The partner's wholesale subscription"
    )
    authentication_mode = models.CharField(
        max_length=24, choices=AuthenticationMode.choices, default=AuthenticationMode.WEBEX
    )
    idp_entity_id = models.CharField("IdP entity ID", max_length=255, blank=True)
    oidc_idp_name = models.CharField("OpenID Connect IdP name", max_length=128, blank=True)
    pstn_vendor = models.CharField(
        "Cloud Connected PSTN vendor",
        max_length=100,
        blank=True,
        help_text="Optional; applies to the first location of new customers only.",
    )
    default_language = models.CharField(
        max_length=5, choices=locales.CHOICES, default=locales.FALLBACK
    )
    default_country = models.CharField(max_length=2, choices=regions.CHOICES, default="US")
    allow_admin_invite_emails = models.BooleanField(
        "Allow admin-invite emails when attaching to existing orgs", default=False
    )
    # Call settings applied to new customers' calling locations.
    timezone = models.CharField(max_length=64, default="America/New_York")
    voicemail_enabled = models.BooleanField("Enable voicemail for new users", default=True)
    call_recording_enabled = models.BooleanField("Enable call recording", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OnboardingTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "name"], name="unique_template_name")
        ]

    def __str__(self):
        return self.name


class PackageStatus(models.TextChoices):
    PROVISIONED = "provisioned", "Provisioned"
    PROVISIONING = "provisioning", "Provisioning"
    DELETING = "deleting", "Deleting"
    ERROR = "error", "Error"


class CustomerPackageQuerySet(TenantQuerySet):
    org_field = "customer"


class CustomerPackage(models.Model):
    """A package provisioned to a customer, with its quantity limit and provisioning status.

    Mirrors the API's `resourceDetails.packages[]` and `provisioningParameters.packages.limits`.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="packages")
    package = models.CharField(max_length=32, choices=packages.CHOICES)
    limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most subscribers that may hold it; empty for no limit."
    )
    status = models.CharField(
        max_length=16, choices=PackageStatus.choices, default=PackageStatus.PROVISIONING
    )
    warnings = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerPackageQuerySet.as_manager()

    class Meta:
        ordering = ["customer", "package"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "package"], name="unique_customer_package")
        ]
        indexes = [models.Index(fields=["package", "customer"])]

    def __str__(self):
        return f"{self.customer}: {self.package}"
