import uuid

from django.core.exceptions import ValidationError
from django.db import models

from portal.tenancy import OrganizationQuerySet


class PartnerState(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class Partner(models.Model):
    """A service provider. A partner with a parent is a sub-partner ("indirect provider").

    The hierarchy has one level only: a sub-partner's parent is always a top-level partner.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_partners",
        help_text="Set for a sub-partner: the partner that manages it.",
    )
    state = models.CharField(
        max_length=16, choices=PartnerState.choices, default=PartnerState.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self):
        return self.name

    @property
    def is_sub_partner(self) -> bool:
        return self.parent_id is not None

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "A partner cannot be its own parent."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": "Sub-partners have one level only: "
                    "a sub-partner cannot have sub-partners."
                }
            )
        if self.pk and Partner.objects.filter(parent_id=self.pk).exists():
            raise ValidationError(
                {"parent": "This partner has sub-partners of its own, so it cannot become one."}
            )


class CustomerStatus(models.TextChoices):
    """The customer provisioning state machine's states, named as in Webex's API."""

    PROVISIONING = "provisioning", "Provisioning"
    PROVISIONED = "provisioned", "Provisioned"
    PROVISIONED_WITH_ERRORS = "provisioned_with_errors", "Provisioned with errors"
    ERROR = "error", "Error"
    UPDATING = "updating", "Updating"
    DELETING = "deleting", "Deleting"
    PENDING_RPL_REVIEW = "pending_rpl_review", "Pending RPL review"


class Customer(models.Model):
    """A customer organization, owned by one partner.

    When the owner is a sub-partner the owner's parent manages the customer too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    owner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="customers")
    status = models.CharField(
        max_length=32, choices=CustomerStatus.choices, default=CustomerStatus.PROVISIONING
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    primary_email = models.EmailField(
        blank=True, help_text="The customer's first (full) administrator, customerInfo.primaryEmail"
    )
    template = models.ForeignKey(
        "portal.OnboardingTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customers",
    )
    # Billing address (seed 001 "Address"): the country is required and becomes the org country.
    address_line1 = models.CharField(max_length=50, blank=True)
    address_line2 = models.CharField(max_length=50, blank=True)
    city = models.CharField(max_length=50, blank=True)
    state_or_province = models.CharField(max_length=50, blank=True)
    zip_or_postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2")
    language = models.CharField(max_length=5, blank=True, help_text="Five-character locale")
    #: Errors of the last asynchronous provisioning attempt: [{"errorCode": n, "description": s}]
    errors = models.JSONField(default=list, blank=True)
    restricted_by_partner = models.BooleanField(
        "Restricted by Partner Mode",
        default=True,
        help_text="Customer administrators cannot change the restricted Control Hub settings.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner", "external_id"]),
            models.Index(fields=["owner", "created_at"]),
            models.Index(fields=["primary_email"]),
        ]
        permissions = [
            # Held through django-guardian by partner admins assigned to this customer.
            ("administer_customer", "Administer this customer as an assigned partner admin"),
        ]

    def __str__(self):
        return self.name

    def managing_partner_ids(self) -> list:
        """The partners that manage this customer: its owner and, for a sub-partner, its parent."""
        ids = [self.owner_id]
        if self.owner.parent_id:
            ids.append(self.owner.parent_id)
        return ids
