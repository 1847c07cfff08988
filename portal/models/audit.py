from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.models.organizations import Customer, Partner
from portal.tenancy import TenantQuerySet


class AuditEventQuerySet(TenantQuerySet):
    """Events belong to a partner or to a customer; a partner's log also shows its customers'."""

    org_field = "customer"

    def for_org(self, org):
        if isinstance(org, Partner):
            return self.filter(partner=org)
        return self.filter(customer=org)

    def for_partner_and_customers(self, partner, customers):
        return self.filter(Q(partner=partner) | Q(customer__in=customers))


class AuditEvent(models.Model):
    """One change made by someone, somewhere, with what it looked like before and after."""

    class Source(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        TASK = "task", "Background task"
        COMMAND = "command", "Command line"

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the record survives the actor's deletion.
    actor_email = models.CharField(max_length=254, blank=True)
    on_behalf_of = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The actor's partner when a partner admin acted inside another organization.",
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.WEB)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    operator = models.BooleanField(
        default=False,
        help_text="Done by the portal's operator (OP-1): shown in the operator's audit log.",
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(customer__isnull=False) | Q(operator=True),
                name="audit_event_belongs_to_an_organization",
            )
        ]
        indexes = [
            models.Index(fields=["customer", "-occurred_at"]),
            models.Index(fields=["partner", "-occurred_at"]),
            models.Index(fields=["action"]),
            models.Index(fields=["-occurred_at"], condition=Q(operator=True), name="operator_log"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action}"
