"""Billing: the wholesale subscription and its prices, daily usage, reconciliation reports.

Usage is derived from controlhub.PackageAssignment intervals (billing/usage.py) and stored per
finished UTC day in DailyUsage, so reports and invoices of the past are reproducible and fast.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from controlhub.models import Location, Subscriber, Workspace
from portal.catalogues import packages
from portal.models import Customer, Partner
from portal.states import StateMachine
from portal.tenancy import TenantQuerySet

#: Quantities are shown and reported with six decimals (a minute is 0.000694 of a day); they are
#: computed from whole seconds (DailyUsage.seconds), never from rounded quantities.
QUANTITY_PLACES = 6
QUANTITY_QUANTUM = Decimal(1).scaleb(-QUANTITY_PLACES)
SECONDS_PER_DAY = 86400


class PartnerScopedQuerySet(TenantQuerySet):
    org_field = "partner"


class WholesaleSubscription(models.Model):
    """The partner's blanket order (BL-1). A sub-partner has its own row that shares the parent's
    subscription ID and SKUs but starts billing on its own date."""

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, related_name="wholesale_subscription"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_with",
        help_text="Set for a sub-partner: the parent partner's subscription it shares.",
    )
    subscription_id = models.CharField("subscription ID", max_length=64)
    billing_start = models.DateField(help_text="Usage before this UTC day is not billed.")
    currency = models.CharField(max_length=3, default="USD")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription_id"],
                condition=Q(parent__isnull=True),
                name="unique_top_level_subscription_id",
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} ({self.partner})"

    @property
    def price_list(self) -> "WholesaleSubscription":
        """The subscription whose SKUs apply: the parent's for a sub-partner."""
        return self.parent if self.parent_id else self

    def clean(self):
        super().clean()
        if self.parent_id:
            if self.partner.parent_id != self.parent.partner_id:
                raise ValidationError(
                    {"parent": "A sub-partner shares its own parent partner's subscription."}
                )
            if self.subscription_id != self.parent.subscription_id:
                raise ValidationError(
                    {"subscription_id": "A sub-partner uses its parent's subscription ID."}
                )
        elif self.partner.parent_id:
            raise ValidationError({"parent": "A sub-partner shares its parent's subscription."})


class Sku(models.Model):
    """A package or add-on the subscription may sell, with its monthly transfer price."""

    subscription = models.ForeignKey(
        WholesaleSubscription, on_delete=models.CASCADE, related_name="skus"
    )
    package = models.CharField(max_length=32, choices=packages.CHOICES)
    sku = models.CharField("SKU", max_length=64)
    description = models.CharField(max_length=255)
    transfer_price = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="Per license per month"
    )

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "package"], name="one_sku_per_package"),
            models.UniqueConstraint(fields=["subscription", "sku"], name="unique_sku"),
        ]

    def __str__(self):
        return self.sku


class UsageDay(models.Model):
    """Marks a UTC day whose usage is stored in DailyUsage; rolled-up days are never redone."""

    day = models.DateField(primary_key=True)
    rows = models.PositiveIntegerField(default=0)
    rolled_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return str(self.day)


class DailyUsage(models.Model):
    """One subscriber's use of one package on one UTC day: the whole seconds of the day covered
    (`quantity` = seconds / 86400, exact; sums of quantities are sums of seconds / 86400).

    `partner` is the customer's owner (a sub-partner for its customers) and `location` the
    subscriber's location, both as they were when the day was rolled up.
    """

    day = models.DateField()
    # Millions of rows (subscribers × days): no index that another one's prefix already gives,
    # since every index costs on each roll-up. (partner, day, …) is the unique constraint's.
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="daily_usage", db_index=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="daily_usage", db_index=False
    )
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="daily_usage"
    )
    # A workspace's use (CH-12): exactly one of subscriber and workspace is set.
    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="daily_usage"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="daily_usage"
    )
    package = models.CharField(max_length=32, choices=packages.CHOICES)
    seconds = models.PositiveIntegerField(
        validators=[MaxValueValidator(SECONDS_PER_DAY)], help_text="Covered seconds, ≤ 86400"
    )

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "subscriber_id", "package"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "day", "subscriber", "package"], name="one_usage_row_per_day"
            ),
            models.UniqueConstraint(
                fields=["partner", "day", "workspace", "package"],
                condition=Q(workspace__isnull=False),
                name="one_workspace_usage_row_per_day",
            ),
            models.CheckConstraint(
                condition=(Q(subscriber__isnull=False) & Q(workspace__isnull=True))
                | (Q(subscriber__isnull=True) & Q(workspace__isnull=False)),
                name="usage_for_user_xor_workspace",
            ),
        ]
        indexes = [models.Index(fields=["customer", "day"])]

    def __str__(self):
        return (
            f"{self.day} {self.subscriber_id or self.workspace_id} {self.package} {self.seconds}s"
        )

    @property
    def quantity(self) -> Decimal:
        """The fraction of the day used, exact (not rounded)."""
        return Decimal(self.seconds) / SECONDS_PER_DAY


class ReportType(models.TextChoices):
    PARTNER = "PARTNER", "Partner"
    CUSTOMER = "CUSTOMER", "Customer"
    USER = "USER", "User"


class ReportStatus(models.TextChoices):
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"
    FAILED = "FAILED", "Failed"


#: The billing report state machine: the only transitions billing.services makes.
#: A report is generated once: it completes or fails, and is final then (BL-3).
REPORT_TRANSITIONS = {
    ReportStatus.IN_PROGRESS: frozenset({ReportStatus.COMPLETED, ReportStatus.FAILED}),
}


class BillingReport(models.Model):
    """A billing reconciliation report (BL-3) of a partner, or of one of its sub-partners."""

    states = StateMachine(REPORT_TRANSITIONS, changed_at="finished_at")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="billing_reports")
    sub_partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="billing_reports_as_sub_partner",
    )
    type = models.CharField(max_length=8, choices=ReportType.choices, default=ReportType.PARTNER)
    billing_start_date = models.DateField()
    billing_end_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.IN_PROGRESS
    )
    #: [{"code": n, "description": s}] as the API's ReportError.
    errors = models.JSONField(default=list, blank=True)
    content = models.TextField(blank=True, help_text="The CSV, once completed")
    row_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="billing_reports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partner", "billing_start_date"]),
            models.Index(fields=["partner", "billing_end_date"]),
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["partner", "type", "billing_start_date", "billing_end_date"]),
            models.Index(fields=["partner", "created_at"]),
        ]
        # One report in progress or completed per partner, sub-partner, type and period (BL-3);
        # two constraints because NULL sub-partners are distinct in a unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "type", "billing_start_date", "billing_end_date"],
                condition=Q(sub_partner__isnull=True) & ~Q(status=ReportStatus.FAILED),
                name="unique_active_partner_report",
                violation_error_code="unique_active_partner_report",
            ),
            models.UniqueConstraint(
                fields=["partner", "sub_partner", "type", "billing_start_date", "billing_end_date"],
                condition=Q(sub_partner__isnull=False) & ~Q(status=ReportStatus.FAILED),
                name="unique_active_sub_partner_report",
                violation_error_code="unique_active_sub_partner_report",
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.billing_start_date}…{self.billing_end_date}"

    @property
    def is_finished(self) -> bool:
        return self.status != ReportStatus.IN_PROGRESS

    @property
    def filename(self) -> str:
        return f"billing-{self.type.lower()}-{self.billing_start_date}-{self.billing_end_date}.csv"
