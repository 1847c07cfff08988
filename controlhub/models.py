"""Inside one customer organization: locations, numbers, subscribers and package history."""

import uuid

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from portal.catalogues import devices as device_catalogue
from portal.catalogues import locales, packages
from portal.models import Customer
from portal.models.addresses import PostalAddress
from portal.states import StateMachine
from portal.tenancy import TenantQuerySet


class CustomerScopedQuerySet(TenantQuerySet):
    org_field = "customer"


class PstnOption(models.TextChoices):
    NONE = "", "Not set up"
    CISCO_PSTN = "cisco_pstn", "Cisco PSTN"
    LOCAL_GATEWAY = "local_gateway", "Local Gateway"
    CLOUD_CONNECTED_PSTN = "cloud_connected_pstn", "Cloud Connected PSTN"


class Location(PostalAddress):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(max_length=80)
    is_headquarters = models.BooleanField(default=False)
    # The address fields are PostalAddress's; location_create/update require a complete one.
    timezone = models.CharField(max_length=64, default="America/New_York")
    language = models.CharField(max_length=5, choices=locales.CHOICES, default=locales.FALLBACK)
    emergency_location_identifier = models.CharField(max_length=64, blank=True)
    pstn_option = models.CharField(
        "PSTN", max_length=24, choices=PstnOption.choices, blank=True, default=PstnOption.NONE
    )
    pstn_vendor = models.CharField("Cloud Connected PSTN vendor", max_length=100, blank=True)
    call_recording_enabled = models.BooleanField("Call recording", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_headquarters", "name"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "name"], name="unique_location_name")
        ]

    def __str__(self):
        return self.name


class SubscriberStatus(models.TextChoices):
    PROVISIONING = "provisioning", "Provisioning"
    PROVISIONED = "provisioned", "Provisioned"
    PENDING_USER_MIGRATION = "pending_user_migration", "Pending user migration"
    UPDATING = "updating", "Updating"
    ERROR = "error", "Error"
    REMOVED = "removed", "Removed"


_SS = SubscriberStatus
#: The subscriber state machine (PV-6, PV-9); moves go through Subscriber.states.
SUBSCRIBER_TRANSITIONS = {
    _SS.PROVISIONING: frozenset({_SS.PROVISIONED, _SS.ERROR, _SS.REMOVED}),
    _SS.PENDING_USER_MIGRATION: frozenset({_SS.PROVISIONED, _SS.ERROR, _SS.REMOVED}),
    _SS.PROVISIONED: frozenset({_SS.UPDATING, _SS.REMOVED}),
    _SS.UPDATING: frozenset({_SS.PROVISIONED, _SS.ERROR, _SS.REMOVED}),
    _SS.ERROR: frozenset({_SS.PROVISIONING, _SS.UPDATING, _SS.REMOVED}),
}


class SubscriberQuerySet(CustomerScopedQuerySet):
    def current(self):
        """Subscribers not removed (removed ones stay for billing history)."""
        return self.filter(removed_at__isnull=True)

    def with_email(self, email: str):
        """Case-insensitively, on the lower(email) index (`email__iexact` is a LIKE on SQLite,
        which no index serves: a scan of every subscriber on each precheck)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=email.lower())


class Subscriber(models.Model):
    """A user of a customer organization holding exactly one wholesale package (PV-5, PV-6)."""

    states = StateMachine(SUBSCRIBER_TRANSITIONS, changed_at="last_status_change")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField()
    first_name = models.CharField(max_length=64, blank=True)
    last_name = models.CharField(max_length=64, blank=True)
    display_name = models.CharField(max_length=128, blank=True)
    package = models.CharField(max_length=32, choices=packages.SUBSCRIBER_CHOICES)
    status = models.CharField(
        max_length=32, choices=SubscriberStatus.choices, default=SubscriberStatus.PROVISIONING
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="subscribers"
    )
    extension = models.CharField(max_length=10, blank=True)
    # Services a calling or meetings package includes can be switched off per user ("Edit
    # Services"); messaging comes with every package.
    messaging_enabled = models.BooleanField("Messaging", default=True)
    meetings_enabled = models.BooleanField("Meetings", default=True)
    calling_enabled = models.BooleanField("Calling", default=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_status_change = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            # An email belongs to one current subscriber across all customers (precheck PV-7).
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(removed_at__isnull=True),
                name="unique_current_subscriber_email",
                violation_error_code="unique_current_subscriber_email",
            ),
            models.UniqueConstraint(
                fields=["customer", "extension"],
                condition=Q(removed_at__isnull=True) & ~Q(extension=""),
                name="unique_extension_per_customer",
                violation_error_code="unique_extension_per_customer",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "last_name", "first_name"]),
            models.Index(fields=["customer", "package"]),
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["customer", "created_at"]),
            models.Index(fields=["last_status_change"]),
            # The wholesale API's default order (created, then id) across all customers.
            models.Index(fields=["created_at", "id"], name="subscriber_created_id"),
            models.Index(Lower("email"), name="subscriber_email_lower"),
        ]

    def __str__(self):
        return self.display_name or f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class WorkspaceQuerySet(CustomerScopedQuerySet):
    def current(self):
        """Workspaces not removed (removed ones stay for billing history)."""
        return self.filter(removed_at__isnull=True)


class Workspace(models.Model):
    """A named place at a location (hallway phone, door phone, retail station; seed 001
    "Common Area") holding exactly one package, with a number and/or an extension (CH-12)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="workspaces")
    name = models.CharField(max_length=80)
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="workspaces"
    )
    package = models.CharField(max_length=32, choices=packages.WORKSPACE_CHOICES)
    extension = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "name"],
                condition=Q(removed_at__isnull=True),
                name="unique_current_workspace_name",
                violation_error_code="unique_current_workspace_name",
            ),
            models.UniqueConstraint(
                fields=["customer", "extension"],
                condition=Q(removed_at__isnull=True) & ~Q(extension=""),
                name="unique_workspace_extension_per_customer",
                violation_error_code="unique_workspace_extension_per_customer",
            ),
        ]
        indexes = [models.Index(fields=["customer", "created_at"])]

    def __str__(self):
        return self.name


class PhoneNumber(models.Model):
    """A number in a location's inventory, free or assigned to one subscriber or one workspace
    (CH-4, CH-12)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="numbers")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="numbers")
    number = models.CharField(max_length=20, help_text="E.164, e.g. +14155550100")
    subscriber = models.OneToOneField(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phone_number",
    )
    workspace = models.OneToOneField(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="phone_number",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subscriber__isnull=True) | Q(workspace__isnull=True),
                name="number_for_user_or_workspace",
            ),
            # A number is in one organization's inventory only (CH-4); named so that a
            # concurrent claim is refused like a sequential one (portal.integrity).
            models.UniqueConstraint(
                fields=["number"],
                name="unique_phone_number",
                violation_error_code="unique_phone_number",
                violation_error_message="This number is already in use.",
            ),
        ]
        indexes = [models.Index(fields=["customer", "location", "number"])]

    def __str__(self):
        return self.number


class PackageAssignment(models.Model):
    """One interval during which a subscriber (user) or a workspace held a package: the billing
    source (BL-2, CH-12). Exactly one of the two is set.

    Append-only: changing a package ends the open row and starts a new one; removing the
    subscriber or workspace ends it. Rows are never rewritten afterwards.
    """

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="package_assignments"
    )
    subscriber = models.ForeignKey(
        Subscriber,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="package_assignments",
    )
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="package_assignments",
    )
    package = models.CharField(max_length=32, choices=packages.CHOICES)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber"],
                condition=Q(ended_at__isnull=True),
                name="one_open_assignment_per_subscriber",
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(ended_at__isnull=True),
                name="one_open_assignment_per_workspace",
            ),
            models.CheckConstraint(
                condition=(Q(subscriber__isnull=False) & Q(workspace__isnull=True))
                | (Q(subscriber__isnull=True) & Q(workspace__isnull=False)),
                name="assignment_for_user_xor_workspace",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="assignment_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "started_at"]),
            models.Index(fields=["started_at", "ended_at"]),
            models.Index(fields=["subscriber", "started_at"]),
            models.Index(fields=["workspace", "started_at"]),
        ]

    def __str__(self):
        holder = self.subscriber_id or self.workspace_id
        return f"{holder} {self.package} {self.started_at:%Y-%m-%d %H:%M}→{self.ended_at}"


class DeviceManagement(models.TextChoices):
    """Seed 001 "Device Onboarding and Management": who provisions the device."""

    CISCO = "cisco", "Cisco-managed"
    CUSTOMER = "customer", "Customer-managed"
    PARTNER = "partner", "Partner-managed"


class DeviceStatus(models.TextChoices):
    ACTIVATING = "activating", "Activating"
    ONLINE = "online", "Online"
    OFFLINE = "offline", "Offline"


class Device(models.Model):
    """A phone or video device assigned to one user or one workspace (CH-10).

    Cisco-managed: a MAC address (12 hexadecimal digits, unique across the platform) or a
    one-time 16-digit activation code that expires. Customer- and partner-managed: a generic
    SIP device with SIP credentials; the customer-managed password is kept only as a hash (the
    portal shows it once), the partner-managed one is kept for the partner's device-management
    system, which lists it through the API.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="devices")
    management = models.CharField("Managed by", max_length=16, choices=DeviceManagement.choices)
    model = models.CharField(max_length=32, choices=device_catalogue.CHOICES)
    display_name = models.CharField(max_length=128, blank=True)
    mac = models.CharField("MAC address", max_length=12, blank=True)
    activation_code = models.CharField(max_length=16, blank=True)
    activation_expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=DeviceStatus.choices, default=DeviceStatus.ACTIVATING
    )
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="devices"
    )
    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="devices"
    )
    sip_line_port = models.CharField("Line/port", max_length=128, blank=True)
    sip_registrar = models.CharField("Registrar domain", max_length=253, blank=True)
    sip_username = models.CharField("SIP username", max_length=64, blank=True)
    sip_password_hash = models.CharField(max_length=128, blank=True)
    sip_password = models.CharField(max_length=64, blank=True)  # partner-managed only
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            # A MAC belongs to one device across the platform (named: portal.integrity).
            models.UniqueConstraint(
                fields=["mac"],
                condition=~Q(mac=""),
                name="unique_device_mac",
                violation_error_code="unique_device_mac",
            ),
            models.UniqueConstraint(
                fields=["activation_code"],
                condition=~Q(activation_code=""),
                name="unique_device_activation_code",
                violation_error_code="unique_device_activation_code",
            ),
            models.UniqueConstraint(
                fields=["sip_username"],
                condition=~Q(sip_username=""),
                name="unique_device_sip_username",
                violation_error_code="unique_device_sip_username",
            ),
            models.CheckConstraint(
                condition=(Q(subscriber__isnull=False) & Q(workspace__isnull=True))
                | (Q(subscriber__isnull=True) & Q(workspace__isnull=False)),
                name="device_for_user_xor_workspace",
            ),
            models.CheckConstraint(
                condition=Q(mac="") | Q(mac__regex=r"^[0-9A-F]{12}$"),
                name="device_mac_is_12_hex_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "created_at"]),
            models.Index(fields=["customer", "status"]),
        ]

    def __str__(self):
        return self.display_name or f"{self.model_label} {self.mac_display}".strip()

    @property
    def model_label(self) -> str:
        return device_catalogue.label(self.model)

    @property
    def mac_display(self) -> str:
        return ":".join(self.mac[i : i + 2] for i in range(0, len(self.mac), 2))

    @property
    def owner(self):
        return self.subscriber or self.workspace


class MeetingSite(models.Model):
    """The Webex Meetings site of a customer with a meetings package (CH-13): its URL from the
    organization's name (unique), its locale (PV-4, English where meeting sites lack the
    org's), the default global call-in number of the org's country (PV-3), and Webex Assistant
    (seed 001 "Wholesale Webex Assistant": on by default for Meetings and Suite packages)."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="meeting_site")
    name = models.CharField("Site name", max_length=63, unique=True)
    locale = models.CharField(max_length=5, choices=locales.CHOICES, default=locales.FALLBACK)
    call_in_country = models.CharField("Global call-in country", max_length=2)
    call_in_country_code = models.CharField("Global call-in country code", max_length=5)
    call_in_region = models.CharField("Region", max_length=8)
    webex_assistant_available = models.BooleanField(default=False)
    webex_assistant_enabled = models.BooleanField("Webex Assistant", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.url

    @property
    def url(self) -> str:
        return f"{self.name}.webex.com"


class CallPriority(models.TextChoices):
    WEBEX_CALLING = "webex_calling", "Webex Calling first"
    MOBILE_NETWORK = "mobile_network", "Mobile network first"


class CallingBehavior(models.TextChoices):
    WEBEX_APP = "webex_app", "Use the Webex App for all calls"
    CISCO_JABBER = "cisco_jabber", "Use Cisco Jabber"
    THIRD_PARTY_APP = "third_party_app", "Use a third-party app"


class SignInMethod(models.TextChoices):
    WEBEX = "webex", "Webex authentication"
    SSO = "sso", "Single sign-on (SAML) with your identity provider"
    # Set by provisioning from the onboarding template (PH-2, PH-10); same values as
    # portal.models.AuthenticationMode. Customer admins choose between the two above.
    PARTNER_SSO_SAML = "partner_sso_saml", "Partner SSO (SAML)"
    PARTNER_SSO_OIDC = "partner_sso_oidc", "Partner SSO (OIDC)"


#: The sign-in methods a partner's onboarding template sets (Partner SSO, PH-10).
PARTNER_SSO_METHODS = (SignInMethod.PARTNER_SSO_SAML.value, SignInMethod.PARTNER_SSO_OIDC.value)

#: What a customer admin may pick in the authentication form.
CUSTOMER_SIGN_IN_METHODS = [
    (SignInMethod.WEBEX.value, SignInMethod.WEBEX.label),
    (SignInMethod.SSO.value, SignInMethod.SSO.label),
]


class OrganizationSettings(models.Model):
    """Account, organization and calling settings of one customer (CH-5, CH-6).

    One row per customer, created on first use; the defaults are what a new org gets.
    """

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="controlhub_settings"
    )
    suppress_admin_invite_emails = models.BooleanField(
        "Suppress admin invite emails", default=False
    )
    email_locale = models.CharField(
        "Email locale", max_length=5, choices=locales.CHOICES, default=locales.FALLBACK
    )
    sign_in_method = models.CharField(
        max_length=24, choices=SignInMethod.choices, default=SignInMethod.WEBEX
    )
    idp_entity_id = models.CharField("IdP entity ID", max_length=255, blank=True)
    oidc_idp_name = models.CharField("OpenID Connect IdP name", max_length=128, blank=True)
    #: With partner SSO, whether the org's people may still sign in with a password (a
    #: fallback the org allows or not; the IdP is always offered first).
    allow_password_sign_in = models.BooleanField("Allow password sign-in", default=True)
    meetings_timezone = models.CharField(
        "Meetings time zone",
        max_length=64,
        blank=True,
        help_text="Of the org's Webex Meetings site, set at provisioning (meetings.timezone).",
    )
    call_priority = models.CharField(
        "App options call priority",
        max_length=24,
        choices=CallPriority.choices,
        default=CallPriority.WEBEX_CALLING,
    )
    calling_behavior = models.CharField(
        max_length=24, choices=CallingBehavior.choices, default=CallingBehavior.WEBEX_APP
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "organization settings"
        verbose_name_plural = "organization settings"

    def __str__(self):
        return f"Settings of {self.customer_id}"

    @property
    def authentication_summary(self) -> str:
        """How the org's users sign in, as Control Hub shows it: "Webex", "Partner SSO (SAML)
        <IdP entity ID>", "Partner SSO (OIDC) <IdP name>" or the org's own SAML IdP."""
        method = SignInMethod(self.sign_in_method)
        if method == SignInMethod.WEBEX:
            return "Webex"
        if method == SignInMethod.PARTNER_SSO_OIDC:
            return f"{method.label} {self.oidc_idp_name}".strip()
        if method == SignInMethod.SSO:
            return f"Single sign-on (SAML) {self.idp_entity_id}".strip()
        return f"{method.label} {self.idp_entity_id}".strip()


class DomainStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Not verified"
    VERIFIED = "verified", "Verified"
    CLAIMED = "claimed", "Claimed"


class Domain(models.Model):
    """An email domain of the organization: added, verified by a DNS TXT record, then claimed."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=253)
    status = models.CharField(
        max_length=16, choices=DomainStatus.choices, default=DomainStatus.UNVERIFIED
    )
    verification_token = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "name"], name="unique_domain_per_customer"),
            # A domain is claimed by one organization at most.
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(status="claimed"),
                name="unique_claimed_domain",
            ),
        ]
        indexes = [models.Index(fields=["customer", "status"])]

    def __str__(self):
        return self.name


class SubscriberActivity(models.Model):
    """One subscriber's activity on one UTC day (PH-9): imported from the daily per-user activity
    CSV (`controlhub.services.activity`); a user is *used* when active in the last 7 days.

    One row per subscriber and day: importing the same day again replaces its row.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="activity")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="activity")
    day = models.DateField()
    calls_placed = models.PositiveIntegerField(default=0)
    calls_received = models.PositiveIntegerField(default=0)
    meetings_hosted = models.PositiveIntegerField(default=0)
    meetings_joined = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0, help_text="Call and meeting minutes.")

    objects = CustomerScopedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "subscriber"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "day"], name="one_activity_per_day")
        ]
        indexes = [models.Index(fields=["customer", "day"])]

    def __str__(self):
        return f"{self.subscriber_id} {self.day}"

    @property
    def calls(self) -> int:
        return self.calls_placed + self.calls_received

    @property
    def meetings(self) -> int:
        return self.meetings_hosted + self.meetings_joined
