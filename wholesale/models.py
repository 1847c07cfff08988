"""A customer's wholesale subscription as the customer list sees it (FEATURES PH-3).

The list's subscription states (active, expiring soon, suspended, expired) are derived from
this row (its service term, OP-1: start, end, auto-renew) and `Customer.suspended_at`;
license overage, ready for order setup, invited and no recent activity come from the
subscribers, package limits and admins' sign-ins (see partnerhub.selectors).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from billing.models import OneTimeItem
from controlhub.models import Location
from portal.models import Customer, Partner
from portal.states import StateMachine
from portal.tenancy import TenantQuerySet


class SubscriptionState(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class CustomerSubscriptionQuerySet(TenantQuerySet):
    org_field = "customer"


class CustomerSubscription(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="subscription")
    subscription_id = models.CharField(max_length=64)
    state = models.CharField(
        max_length=16, choices=SubscriptionState.choices, default=SubscriptionState.ACTIVE
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the service term ends (the day after its last day, 00:00 UTC); empty "
        "for a subscription with no term.",
    )
    term_start = models.DateField(null=True, blank=True, help_text="The service term's first day.")
    auto_renew = models.BooleanField(
        default=False, help_text="Renewed for another term of the same length when it ends."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerSubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self):
        return self.subscription_id


class SetupAssistStatus(models.TextChoices):
    """A Wholesale Setup Assist request (PH-11): requested by the partner, in progress once the
    operator's team starts its first phase, completed after its last (charged then), or
    cancelled before completion (never charged)."""

    REQUESTED = "requested", "Requested"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


SETUP_ASSIST_OPEN = (SetupAssistStatus.REQUESTED, SetupAssistStatus.IN_PROGRESS)

#: The request state machine (portal.states.StateMachine).
SETUP_ASSIST_TRANSITIONS = {
    SetupAssistStatus.REQUESTED: frozenset(
        {SetupAssistStatus.IN_PROGRESS, SetupAssistStatus.CANCELLED}
    ),
    SetupAssistStatus.IN_PROGRESS: frozenset(
        {SetupAssistStatus.COMPLETED, SetupAssistStatus.CANCELLED}
    ),
}


class SetupAssistQuerySet(TenantQuerySet):
    org_field = "customer"


class SetupAssistRequest(models.Model):
    """Assisted onboarding of one customer location (seeds 001/002 "Onboarding with Wholesale
    Setup Assist"): its SKU follows from the seat count (≤ 5 Express, else Standard)."""

    states = StateMachine(SETUP_ASSIST_TRANSITIONS)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="setup_assist_requests"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="setup_assist_requests"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="setup_assist_requests"
    )
    seats = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    item = models.CharField("SKU", max_length=32, choices=OneTimeItem.choices)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=32, blank=True)
    target_date = models.DateField(help_text="Target onboarding-completion date")
    prerequisites = models.JSONField(default=list, help_text="The confirmed prerequisite keys")
    status = models.CharField(
        max_length=12, choices=SetupAssistStatus.choices, default=SetupAssistStatus.REQUESTED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    #: How many phases are finished (0 … len(phases)); the current phase is the next one.
    phases_done = models.PositiveSmallIntegerField(default=0)
    completed_on = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SetupAssistQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["partner", "created_at"]),
            models.Index(fields=["status", "target_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(status__in=["requested", "in_progress"]),
                name="one_open_setup_assist_per_location",
                violation_error_code="one_open_setup_assist_per_location",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="setup_assist_seats"),
        ]

    def __str__(self):
        return f"{self.get_item_display()} for {self.location_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in SETUP_ASSIST_OPEN


class SetupAssistPhase(models.Model):
    """A phase the operator's Setup Assist team finished, with its note, date and who (PH-11)."""

    request = models.ForeignKey(
        SetupAssistRequest, on_delete=models.CASCADE, related_name="phase_log"
    )
    number = models.PositiveSmallIntegerField(help_text="1 = the flow's first phase")
    name = models.CharField(max_length=80)
    note = models.TextField(blank=True)
    day = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="one_setup_assist_phase")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"
