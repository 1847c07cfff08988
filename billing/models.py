"""Billing: the wholesale subscription and its prices, daily usage, reconciliation reports.

Usage is derived from controlhub.PackageAssignment intervals (billing/usage.py) and stored per
finished UTC day in DailyUsage, so reports and invoices of the past are reproducible and fast.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


class OneTimeItem(models.TextChoices):
    """What a subscription may sell besides packages: Wholesale Setup Assist's two SKUs (seed 001
    "Onboarding with Wholesale Setup Assist", PH-11), charged once per completed request."""

    SETUP_ASSIST_EXPRESS = "setup_assist_express", "Wholesale Setup Assist Express Usage"
    SETUP_ASSIST_STANDARD = "setup_assist_standard", "Wholesale Setup Assist Standard Usage"


#: A SKU is a package or add-on (a monthly price per license) or a one-time item (a price per
#: unit charged on the day it is delivered).
SKU_ITEM_CHOICES = [*packages.CHOICES, *OneTimeItem.choices]
ONE_TIME_ITEMS = frozenset(OneTimeItem.values)


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
    subscription_id = models.CharField(
        "subscription ID", max_length=64, help_text="From the partner's purchase order; unique."
    )
    billing_start = models.DateField(help_text="Usage before this UTC day is not billed.")
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217, e.g. EUR")
    #: The one-time A-Wholesale order (seed 001): the partner may request Wholesale Setup
    #: Assist (PH-11). Its two SKUs are one-time items of this subscription.
    setup_assist_enabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription_id"],
                condition=Q(parent__isnull=True),
                name="unique_top_level_subscription_id",
                violation_error_code="unique_top_level_subscription_id",
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
    """A package or add-on the subscription may sell, with its monthly transfer price from the
    subscription's billing start; later prices are SkuPrice rows, each from its own day."""

    subscription = models.ForeignKey(
        WholesaleSubscription, on_delete=models.CASCADE, related_name="skus"
    )
    package = models.CharField(max_length=32, choices=SKU_ITEM_CHOICES)
    sku = models.CharField("SKU", max_length=64)
    description = models.CharField(max_length=255)
    transfer_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Per license per month",
    )

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "package"],
                name="one_sku_per_package",
                violation_error_code="one_sku_per_package",
            ),
            models.UniqueConstraint(
                fields=["subscription", "sku"], name="unique_sku", violation_error_code="unique_sku"
            ),
            models.CheckConstraint(
                condition=Q(transfer_price__gte=0), name="sku_price_not_negative"
            ),
        ]

    def __str__(self):
        return self.sku

    @property
    def is_one_time(self) -> bool:
        return self.package in ONE_TIME_ITEMS


class SkuPrice(models.Model):
    """A change of a SKU's monthly transfer price from `effective_from` (a UTC day) on:
    invoices price each day at the price in force that day (OP-1, BL-4)."""

    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="price_changes")
    effective_from = models.DateField()
    transfer_price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sku", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["sku", "effective_from"],
                name="one_price_per_sku_and_day",
                violation_error_code="one_price_per_sku_and_day",
            ),
            models.CheckConstraint(
                condition=Q(transfer_price__gte=0), name="sku_price_change_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.sku} {self.transfer_price} from {self.effective_from}"


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


class UsageMonth(models.Model):
    """Marks a calendar month whose every day is rolled up and summed into MonthlyUsage."""

    month = models.DateField(primary_key=True, help_text="The month's first day")
    rows = models.PositiveIntegerField(default=0)
    summed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month"]

    def __str__(self):
        return self.month.strftime("%Y-%m")


class MonthlyUsage(models.Model):
    """A finished month of DailyUsage summed per subscriber, package and location (issue 17):
    a month's USER report reads one row per subscriber and package instead of one per day.

    Built by the roll-up once the month's last day is stored (billing.usage), rebuilt by a redo;
    `seconds` is exactly the sum of the month's day rows, so every report total stays exact."""

    month = models.DateField(help_text="The month's first day")
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="monthly_usage", db_index=False
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="monthly_usage", db_index=False
    )
    subscriber = models.ForeignKey(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="monthly_usage",
        db_index=False,
    )
    # A workspace's use (CH-12): exactly one of subscriber and workspace, as in DailyUsage.
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="monthly_usage",
        db_index=False,
    )
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monthly_usage",
        db_index=False,
    )
    package = models.CharField(max_length=32, choices=packages.CHOICES)
    seconds = models.PositiveBigIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["month", "subscriber_id", "package"]
        # Rows are only ever written by one grouped INSERT per month under the roll-up lock,
        # after UsageMonth's primary key has claimed the month; this index is what reports read.
        indexes = [models.Index(fields=["partner", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subscriber__isnull=False) & Q(workspace__isnull=True))
                | (Q(subscriber__isnull=True) & Q(workspace__isnull=False)),
                name="monthly_usage_for_user_xor_workspace",
            ),
        ]

    def __str__(self):
        who = self.subscriber_id or self.workspace_id
        return f"{self.month:%Y-%m} {who} {self.package} {self.seconds}s"


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


def report_path(report: "BillingReport", filename: str) -> str:
    return f"billing-reports/{report.partner_id}/{report.pk}.csv"


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
    #: The CSV in the default storage (MEDIA_ROOT, or an object store: docs/deployment.md), once
    #: completed; written row by row while the usage query streams, never held in a row.
    file = models.FileField(upload_to=report_path, max_length=200, blank=True)
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


class OneTimeCharge(models.Model):
    """A one-time item delivered to a customer location (PH-11: a completed Wholesale Setup
    Assist request): `quantity` units of its SKU on `day`, the consumption date of the partner's
    reports (one unit = one day's quantity, so it sums exactly with usage) and a line of that
    month's invoice at the SKU's price in force that day (BL-4)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="one_time_charges")
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="one_time_charges"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.CharField(max_length=32, choices=OneTimeItem.choices)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    day = models.DateField(help_text="The UTC day it was delivered (the consumption date).")
    #: What it charges for, e.g. "setup_assist:<request id>": charged once.
    reference = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "created_at"]
        indexes = [models.Index(fields=["partner", "day"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="one_time_charge_quantity")
        ]

    def __str__(self):
        return f"{self.day} {self.item} × {self.quantity}"
