"""Invitations (AC-1): the one-time email that lets a person the portal created choose a
password. One row per person and organization; resending updates it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal.models.organizations import Customer, Partner
from portal.tenancy import TenantQuerySet


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Not delivered"
    SUPPRESSED = "suppressed", "Not emailed (suppressed by the organization)"


class InvitationState(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"


class InvitationQuerySet(TenantQuerySet):
    """An invitation belongs to a partner or to a customer, never both."""

    org_field = "partner"

    def for_org(self, org):
        if isinstance(org, Partner):
            return self.filter(partner=org)
        return self.filter(customer=org)

    def visible_to(self, user, perm: str):
        from portal.access import scoping

        return self.filter(
            Q(partner__in=scoping.organizations_with_perm(Partner, user, perm))
            | Q(customer__in=scoping.organizations_with_perm(Customer, user, perm))
        )


class Invitation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the portal itself invited (provisioning through the API).",
    )
    invited_by_name = models.CharField(max_length=255, blank=True)
    locale = models.CharField(max_length=5, default="en")
    suppress_email = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now, help_text="Last (re)sent.")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=16, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    email_error = models.TextField(blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False, customer__isnull=True)
                | Q(partner__isnull=True, customer__isnull=False),
                name="invitation_to_one_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "partner"],
                condition=Q(partner__isnull=False),
                name="one_invitation_per_partner_admin",
            ),
            models.UniqueConstraint(
                fields=["user", "customer"],
                condition=Q(customer__isnull=False),
                name="one_invitation_per_customer_admin",
            ),
        ]

    def __str__(self):
        return f"Invitation of {self.user} to {self.organization}"

    @property
    def organization(self) -> Partner | Customer:
        return self.partner or self.customer

    @property
    def state(self) -> str:
        if self.accepted_at is not None or self.user.has_usable_password():
            return InvitationState.ACTIVE
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.INVITED

    def get_state_display(self) -> str:
        return InvitationState(self.state).label
