import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from portal.models.addresses import PostalAddress
from portal.states import StateMachine
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
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 alpha-2; set by the operator (OP-1)."
    )
    require_two_factor = models.BooleanField(
        "Require two-step verification of its administrators", default=False
    )
    require_two_factor_for_customers = models.BooleanField(
        "Require two-step verification of its customers' administrators", default=False
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

    @property
    def provisioning_refusal(self) -> str | None:
        """Why this partner cannot provision or update customers and subscribers, else None.

        A suspended partner (by the operator, OP-1) or sub-partner (by its parent, PH-8) keeps
        its data and may still delete (seed 001); a suspended parent holds its sub-partners too.
        """
        if self.parent_id and self.parent.state == PartnerState.SUSPENDED:
            return self.parent.provisioning_refusal
        if self.state != PartnerState.SUSPENDED:
            return None
        by = f" by {self.parent.name}" if self.parent_id else ""
        return (
            f"{self.name} is suspended{by}: customers and subscribers cannot be provisioned or "
            "updated until it is activated again. Deleting is still allowed."
        )

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
    #: Wholesale services removed (PV-9): the org and its history stay, the API no longer lists it.
    REMOVED = "removed", "Wholesale services removed"


_S = CustomerStatus

#: The customer provisioning state machine (PV-1, PV-2, PV-8, PV-9): which status may follow
#: which. Moves go through Customer.transition (portal.states), timestamped and audited.
CUSTOMER_TRANSITIONS: dict[str, frozenset[str]] = {
    # Accepted: screening may stop it for review; the run ends in one of the settled states.
    _S.PROVISIONING: frozenset(
        {_S.PROVISIONED, _S.PROVISIONED_WITH_ERRORS, _S.ERROR, _S.PENDING_RPL_REVIEW, _S.DELETING}
    ),
    # A reviewer's approval resumes the interrupted work; rejection or 72 hours stop it.
    _S.PENDING_RPL_REVIEW: frozenset({_S.PROVISIONING, _S.UPDATING, _S.ERROR, _S.DELETING}),
    _S.PROVISIONED: frozenset({_S.UPDATING, _S.DELETING}),
    _S.PROVISIONED_WITH_ERRORS: frozenset({_S.UPDATING, _S.DELETING}),
    # An update is a new run; a changed billing address is screened again.
    _S.UPDATING: frozenset(
        {_S.PROVISIONED, _S.PROVISIONED_WITH_ERRORS, _S.ERROR, _S.PENDING_RPL_REVIEW, _S.DELETING}
    ),
    # Retried by an update (PUT), by Retry (the interrupted status, `Customer.retry_status`:
    # a first run that never finished provisions again) or given up with a delete.
    _S.ERROR: frozenset({_S.PROVISIONING, _S.UPDATING, _S.DELETING}),
    _S.DELETING: frozenset({_S.REMOVED, _S.ERROR}),
    # Wholesale removed; attaching wholesale again starts over (PV-8).
    _S.REMOVED: frozenset({_S.PROVISIONING}),
}
#: Work is running in the background for customers in these states.
CUSTOMER_BUSY = frozenset({_S.PROVISIONING, _S.UPDATING, _S.DELETING})
#: Customers in these states accept new or changed subscribers.
CUSTOMER_OPEN_FOR_SUBSCRIBERS = frozenset({_S.PROVISIONED, _S.PROVISIONED_WITH_ERRORS})


class CustomerOffer(models.TextChoices):
    """Which Webex offer an organization is on; the wholesale API serves wholesale ones only."""

    WHOLESALE = "wholesale", "Webex for Wholesale"
    #: Refused by the wholesale API (seed 001: "Webex for BroadWorks customers will be rejected").
    BROADWORKS = "broadworks", "Webex for BroadWorks"
    #: A Webex organization without wholesale services: one a partner may attach to (PV-8).
    STANDARD = "standard", "Webex (no wholesale services)"


class PartnerAccess(models.TextChoices):
    """What an attach made of the partner in an existing org (seed 001 "Automatic Attachment")."""

    NONE = "", "Owner"
    PROVISIONING_ADMIN = "provisioning_admin", "Provisioning administrator"
    FULL_ADMIN = "full_admin", "Full administrator"


class Customer(PostalAddress):
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
    suspended_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Suspended by its partner (e.g. for non-payment): no new users or package "
        "changes; existing users are kept (OP-1).",
    )
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
    # The billing address is PostalAddress's (seed 001 "Address"): its country is required by
    # provisioning and becomes the org country.
    language = models.CharField(max_length=5, blank=True, help_text="Five-character locale")
    #: Errors of the last asynchronous provisioning attempt: [{"errorCode": n, "description": s}]
    errors = models.JSONField(default=list, blank=True)
    #: The busy status whose background work failed (status `error`): Retry resumes it.
    retry_status = models.CharField(
        max_length=32, choices=CustomerStatus.choices, blank=True, editable=False
    )
    offer = models.CharField(
        max_length=16, choices=CustomerOffer.choices, default=CustomerOffer.WHOLESALE
    )
    #: The API's provisioningParameters in snake_case: {"calling": {"location": {...}},
    #: "meetings": {"timezone": ...}}; the provisioning task reads them.
    provisioning_parameters = models.JSONField(default=dict, blank=True)
    # Attaching wholesale to an existing org (PV-8). Whether the org's admin must approve reads
    # the org's domains, which Control Hub keeps (controlhub.Domain, CH-5).
    attach_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while the org's admin has to approve an attach."
    )
    attach_approved_at = models.DateTimeField(null=True, blank=True)
    #: Name and billing address last screened clear (PV-2); a change means screening again.
    screened_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    partner_access = models.CharField(
        max_length=24, choices=PartnerAccess.choices, blank=True, default=PartnerAccess.NONE
    )
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
            models.Index(fields=["owner", "offer", "created_at"]),
            models.Index(fields=["owner", "external_id"]),
            models.Index(fields=["owner", "created_at"]),
            models.Index(fields=["primary_email"]),
            models.Index(Lower("primary_email"), name="customer_primary_email_lower"),
        ]
        constraints = [
            # The precheck's rules (wholesale.services.customers), enforced so that concurrent
            # requests cannot both pass them (portal.integrity.refusing_duplicates).
            models.UniqueConstraint(
                fields=["owner", "external_id"],
                condition=Q(offer=CustomerOffer.WHOLESALE) & ~Q(external_id=""),
                name="unique_wholesale_external_id",
                violation_error_code="unique_wholesale_external_id",
            ),
            models.UniqueConstraint(
                Lower("primary_email"),
                condition=~Q(primary_email=""),
                name="unique_customer_primary_email",
                violation_error_code="unique_customer_primary_email",
            ),
        ]
        permissions = [
            # Held through django-guardian by partner admins assigned to this customer.
            ("administer_customer", "Administer this customer as an assigned partner admin"),
        ]

    states = StateMachine(CUSTOMER_TRANSITIONS, repeatable=True)

    def __str__(self):
        return self.name

    @property
    def is_busy(self) -> bool:
        """Background work (provisioning, update, removal) is running for this customer."""
        return self.status in CUSTOMER_BUSY

    @property
    def accepts_subscribers(self) -> bool:
        return self.status in CUSTOMER_OPEN_FOR_SUBSCRIBERS

    @property
    def suspension_refusal(self) -> str | None:
        """Why this customer takes no new users or package changes, else None (OP-1): its
        partner suspended it. Existing users are kept and may be removed."""
        if self.suspended_at is None:
            return None
        return (
            f"{self.name} is suspended by {self.owner.name}: new users and package changes are "
            "refused until it is resumed. Existing users keep working and may be removed."
        )

    def transition(self, new: str, *, actor, reason: str = ""):
        """Move this customer (locked by the caller) to `new`; 409 for a move the table lacks.
        Saves status and its timestamp (and clears `retry_status` on leaving `error`); callers
        save other fields themselves."""
        changes = {"retry_status": ""} if new != CustomerStatus.ERROR and self.retry_status else {}
        return self.states.move(
            self,
            new,
            actor=actor,
            organization=self,
            action="customer.status",
            changes=changes,
            after={"reason": reason} if reason else None,
        )

    @property
    def can_retry(self) -> bool:
        """Its background work failed and Retry would resume it (customer_retry)."""
        return self.status == CustomerStatus.ERROR and bool(self.retry_status)

    def start_provisioning(self, *, actor):
        """Enter the machine at `provisioning`: a new customer, or an org wholesale is attached
        to (PV-8), whose earlier status belongs to no wholesale run."""
        from portal.audit import audit_record  # portal.audit imports these models

        previous = self.status if self.pk and self.status_changed_at else None
        self.status = CustomerStatus.PROVISIONING
        self.status_changed_at = timezone.now()
        self.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="customer.status",
            organization=self,
            before={"status": previous} if previous else None,
            after={"status": CustomerStatus.PROVISIONING},
        )
        return self

    @property
    def awaits_attach_approval(self) -> bool:
        """A partner asked to attach wholesale and the org's full admin has not decided (PV-8)."""
        return (
            self.attach_requested_at is not None
            and self.attach_approved_at is None
            and self.status in (CustomerStatus.PROVISIONING, CustomerStatus.UPDATING)
        )

    def managing_partner_ids(self) -> list:
        """The partners that manage this customer: its owner and, for a sub-partner, its parent."""
        ids = [self.owner_id]
        if self.owner.parent_id:
            ids.append(self.owner.parent_id)
        return ids
