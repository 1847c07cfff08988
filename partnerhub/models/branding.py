"""Advanced branding (FEATURES PH-6): a partner's logos, colour schemes and support URLs, and
a customer's override of them."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from portal.models import Customer, Partner
from portal.tenancy import TenantQuerySet

colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB.")


def logo_path(instance, filename: str) -> str:
    owner = instance.partner_id or instance.customer_id
    return f"branding/{owner}/{filename}"


class BrandingQuerySet(TenantQuerySet):
    org_field = "partner"

    def for_org(self, org):
        if isinstance(org, Partner):
            return self.filter(partner=org)
        return self.filter(customer=org)


class Branding(models.Model):
    """One row per partner, plus one per customer that overrides its partner's branding."""

    partner = models.OneToOneField(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="branding"
    )
    customer = models.OneToOneField(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="branding"
    )
    logo_light = models.FileField("Logo for light mode", upload_to=logo_path, blank=True)
    logo_dark = models.FileField("Logo for dark mode", upload_to=logo_path, blank=True)
    light_primary_color = models.CharField(
        "Light mode primary colour", max_length=7, default="#0d6efd", validators=[colour]
    )
    light_accent_color = models.CharField(
        "Light mode accent colour", max_length=7, default="#6f42c1", validators=[colour]
    )
    dark_primary_color = models.CharField(
        "Dark mode primary colour", max_length=7, default="#6ea8fe", validators=[colour]
    )
    dark_accent_color = models.CharField(
        "Dark mode accent colour", max_length=7, default="#a98eda", validators=[colour]
    )
    support_url = models.URLField("Support URL", blank=True)
    help_url = models.URLField("Help site URL", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BrandingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(partner__isnull=False) & Q(customer__isnull=True))
                | (Q(partner__isnull=True) & Q(customer__isnull=False)),
                name="branding_belongs_to_one_organization",
            )
        ]

    def __str__(self):
        return f"Branding of {self.partner or self.customer}"
