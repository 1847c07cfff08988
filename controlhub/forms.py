"""Control Hub forms. Choices come from the organization's own rows, so a client-sent id from
another organization is simply not a valid choice (STYLE rule 6)."""

from django import forms
from django.db.models import Q

from controlhub.models import (
    CUSTOMER_SIGN_IN_METHODS,
    PARTNER_SSO_METHODS,
    CallingBehavior,
    CallPriority,
    Location,
    PhoneNumber,
    PstnOption,
    SignInMethod,
)
from portal.access.roles import CUSTOMER_ROLES
from portal.catalogues import locales, names, packages, regions
from portal.models import Customer, CustomerPackage, PackageStatus

MAX_MANUAL_USERS = 25


def package_choices(customer: Customer) -> list[tuple[str, str]]:
    """Packages the organization was provisioned with that a user can hold."""
    names = set(
        CustomerPackage.objects.for_org(customer)
        .exclude(status=PackageStatus.DELETING)
        .values_list("package", flat=True)
    )
    return [(p.value, p.label) for p in packages.SUBSCRIBER_PACKAGES if p.value in names]


class PortalForm(forms.Form):
    """Bootstrap classes on every widget; `locked` renders every field read-only with a reason
    (the reason's element id is `<prefix or form>-locked`)."""

    locked_id = "form-locked"

    def __init__(self, *args, locked: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = locked
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if locked:
                field.disabled = True
                widget.attrs["title"] = locked
                widget.attrs["aria-describedby"] = self.locked_id


class UserRowForm(PortalForm):
    first_name = forms.CharField(max_length=64, required=False, label="First name")
    last_name = forms.CharField(max_length=64, required=False, label="Last name")
    email = forms.EmailField(label="Email address")
    package = forms.ChoiceField(choices=())
    extension = forms.CharField(max_length=10, required=False)
    phone_number = forms.CharField(max_length=20, required=False, label="Phone number")
    location = forms.ModelChoiceField(
        queryset=Location.objects.none(), required=False, empty_label="Default location"
    )

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = [("", "Choose a package"), *package_choices(customer)]
        self.fields["location"].queryset = Location.objects.for_org(customer)
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "package": data["package"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "extension": data["extension"].strip(),
            "primary_phone_number": data["phone_number"].strip(),
            "location": data["location"],
        }


UserRowFormSet = forms.formset_factory(
    UserRowForm, extra=0, max_num=MAX_MANUAL_USERS, validate_max=True, absolute_max=MAX_MANUAL_USERS
)


class UserDetailsForm(PortalForm):
    first_name = forms.CharField(max_length=64, required=False, label="First name")
    last_name = forms.CharField(max_length=64, required=False, label="Last name")
    display_name = forms.CharField(max_length=128, required=False, label="Display name")
    email = forms.EmailField(label="Primary email")
    locked_id = "details-locked"


def _number_queryset(customer: Customer, subscriber=None):
    free = Q(subscriber__isnull=True, workspace__isnull=True)
    if subscriber is not None:
        free |= Q(subscriber=subscriber)
    return PhoneNumber.objects.for_org(customer).filter(free).select_related("location")


class NumberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} · {obj.location.name}"


class ChangePackageForm(PortalForm):
    package = forms.ChoiceField(choices=(), widget=forms.RadioSelect)
    phone_number = NumberChoiceField(
        queryset=PhoneNumber.objects.none(),
        required=False,
        label="Phone number",
        empty_label="No number",
    )
    extension = forms.CharField(max_length=10, required=False)
    locked_id = "package-locked"

    def __init__(self, *args, customer: Customer, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = package_choices(customer)
        self.fields["phone_number"].queryset = _number_queryset(customer, subscriber)


class PrimaryNumberForm(PortalForm):
    phone_number = NumberChoiceField(
        queryset=PhoneNumber.objects.none(),
        required=False,
        label="Primary work number",
        empty_label="No number",
    )
    extension = forms.CharField(max_length=10, required=False)
    locked_id = "number-locked"

    def __init__(self, *args, customer: Customer, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone_number"].queryset = _number_queryset(customer, subscriber)


class ServicesForm(PortalForm):
    messaging = forms.BooleanField(required=False, label="Messaging")
    meetings = forms.BooleanField(required=False, label="Meetings")
    calling = forms.BooleanField(required=False, label="Calling")
    locked_id = "services-locked"


class AdminRoleForm(PortalForm):
    role = forms.ChoiceField(
        choices=[(role.value, role.label) for role in CUSTOMER_ROLES], label="Administrator role"
    )
    locked_id = "roles-locked"


class LocationForm(PortalForm):
    name = forms.CharField(max_length=80)
    address_line1 = forms.CharField(max_length=50, label="Address line 1")
    address_line2 = forms.CharField(max_length=50, required=False, label="Address line 2")
    city = forms.CharField(max_length=50)
    state_or_province = forms.CharField(max_length=50, required=False, label="State or province")
    zip_or_postal_code = forms.CharField(max_length=20, required=False, label="ZIP or postal code")
    country = forms.ChoiceField(choices=regions.CHOICES)
    timezone = forms.CharField(max_length=64, label="Time zone", initial="America/New_York")
    language = forms.ChoiceField(choices=names.LOCALE_CHOICES, initial=locales.FALLBACK)
    emergency_location_identifier = forms.CharField(
        max_length=64, required=False, label="Emergency location identifier (ELIN)"
    )
    pstn_option = forms.ChoiceField(choices=PstnOption.choices, required=False, label="PSTN")
    pstn_vendor = forms.CharField(
        max_length=100, required=False, label="Cloud Connected PSTN provider"
    )
    call_recording_enabled = forms.BooleanField(required=False, label="Call recording")
    locked_id = "location-locked"

    def __init__(self, *args, pstn_options, pstn_locked="", recording_locked="", **kwargs):
        super().__init__(*args, **kwargs)
        # Options the admin may not use are hidden (Restricted-by-Partner mode hides Local
        # Gateway and Cisco PSTN), not merely disabled.
        self.fields["pstn_option"].choices = [
            (value, label) for value, label in PstnOption.choices if value in pstn_options
        ]
        # PSTN and call recording are greyed for customer admins whatever the mode (seed 001,
        # FEATURES CH-14); a disabled field keeps its current value whatever is posted.
        self.pstn_locked, self.recording_locked = pstn_locked, recording_locked
        for name, reason, reason_id in (
            ("pstn_option", pstn_locked, "pstn-locked"),
            ("pstn_vendor", pstn_locked, "pstn-locked"),
            ("call_recording_enabled", recording_locked, "recording-locked"),
        ):
            if reason and not self.locked:
                self.fields[name].disabled = True
                self.fields[name].widget.attrs["title"] = reason
                self.fields[name].widget.attrs["aria-describedby"] = reason_id

    def clean_timezone(self):
        from zoneinfo import available_timezones

        value = self.cleaned_data["timezone"].strip()
        if value not in available_timezones():
            raise forms.ValidationError("Enter a time zone such as Europe/London.")
        return value


class NumberRangeForm(PortalForm):
    location = forms.ModelChoiceField(queryset=Location.objects.none())
    first = forms.CharField(
        max_length=20, label="First number", help_text="E.164, e.g. +14155550100"
    )
    count = forms.IntegerField(min_value=1, max_value=1000, initial=10, label="How many")

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_org(customer)


class CompanyNameForm(PortalForm):
    name = forms.CharField(max_length=255, label="Company name")
    locked_id = "company-locked"


class DomainForm(PortalForm):
    name = forms.CharField(max_length=253, label="Domain")
    locked_id = "domains-locked"


class EmailSettingsForm(PortalForm):
    suppress_admin_invite_emails = forms.BooleanField(
        required=False, label="Suppress admin invite emails"
    )
    email_locale = forms.ChoiceField(choices=names.LOCALE_CHOICES, label="Email locale")
    locked_id = "email-locked"


class AuthenticationForm(PortalForm):
    sign_in_method = forms.ChoiceField(
        choices=CUSTOMER_SIGN_IN_METHODS, widget=forms.RadioSelect, label="Authentication"
    )
    idp_entity_id = forms.CharField(max_length=255, required=False, label="IdP entity ID")
    allow_password_sign_in = forms.BooleanField(
        required=False,
        label="Allow password sign-in as a fallback to Partner SSO",
        help_text="Off: people of this organization sign in only through the partner's "
        "identity provider.",
    )
    locked_id = "auth-locked"

    def __init__(self, *args, current_method: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Partner SSO is set by the partner's onboarding template (PH-10): the org may keep it,
        # or move to its own authentication, never pick another partner's.
        label = dict(SignInMethod.choices).get(current_method)
        if current_method in PARTNER_SSO_METHODS and label:
            self.fields["sign_in_method"].choices = [
                (current_method, label),
                *CUSTOMER_SIGN_IN_METHODS,
            ]


class CallPriorityForm(PortalForm):
    call_priority = forms.ChoiceField(
        choices=CallPriority.choices, widget=forms.RadioSelect, label="App options call priority"
    )
    locked_id = "priority-locked"


class CallingBehaviorForm(PortalForm):
    calling_behavior = forms.ChoiceField(
        choices=CallingBehavior.choices, widget=forms.RadioSelect, label="Calling behavior"
    )
    locked_id = "behavior-locked"


class CsvUploadForm(PortalForm):
    file = forms.FileField(label="CSV file")


# --- Workspaces (CH-12) --------------------------------------------------------------------------


def workspace_package_choices(customer: Customer) -> list[tuple[str, str]]:
    """Packages the organization was provisioned with that a workspace can hold."""
    names = set(
        CustomerPackage.objects.for_org(customer)
        .exclude(status=PackageStatus.DELETING)
        .values_list("package", flat=True)
    )
    return [(p.value, p.label) for p in packages.WORKSPACE_PACKAGES if p.value in names]


class WorkspaceForm(PortalForm):
    """Add a workspace. `package` follows Webex's `licenses` list: the service takes exactly
    one and names the clash when more are ticked (controlhub.services.workspaces.one_package)."""

    name = forms.CharField(max_length=80, label="Workspace name")
    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    package = forms.MultipleChoiceField(
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        label="Package",
        help_text="A workspace holds exactly one package.",
    )
    phone_number = forms.CharField(
        max_length=32,
        required=False,
        label="Phone number",
        help_text="A free number of the location, or a new one (E.164 or national format).",
    )
    extension = forms.CharField(max_length=10, required=False)

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_org(customer)
        self.fields["package"].choices = workspace_package_choices(customer)
        self.fields["package"].widget.attrs["class"] = "form-check-input"
        self.fields["phone_number"].widget.attrs["list"] = "free-numbers"


class WorkspaceEditForm(PortalForm):
    name = forms.CharField(max_length=80, label="Workspace name")
    location = forms.ModelChoiceField(queryset=Location.objects.none(), empty_label=None)
    phone_number = forms.CharField(max_length=32, required=False, label="Phone number")
    extension = forms.CharField(max_length=10, required=False)
    locked_id = "workspace-locked"

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.for_org(customer)
        self.fields["phone_number"].widget.attrs["list"] = "free-numbers"


class WorkspacePackageForm(PortalForm):
    package = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, label="Change to"
    )
    locked_id = "workspace-package-locked"

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = workspace_package_choices(customer)
        self.fields["package"].widget.attrs["class"] = "form-check-input"


# --- Devices (CH-10) ----------------------------------------------------------------------------

DEVICE_METHODS = [
    ("mac", "Cisco device by MAC address"),
    ("activation_code", "Cisco device by activation code"),
    ("generic_sip", "Customer-managed generic SIP device"),
]


def owner_choices(customer: Customer) -> list:
    """Users and workspaces of the organization, grouped, as "user:<id>" / "workspace:<id>"."""
    from controlhub.models import Subscriber, Workspace

    users = (
        Subscriber.objects.for_org(customer)
        .current()
        .only("id", "first_name", "last_name", "display_name", "email")
    )
    places = Workspace.objects.for_org(customer).current().only("id", "name")
    return [
        ("", "Choose a user or workspace"),
        ("Workspaces", [(f"workspace:{w.pk}", w.name) for w in places]),
        ("Users", [(f"user:{s.pk}", f"{s} ({s.email})") for s in users]),
    ]


class DeviceForm(PortalForm):
    method = forms.ChoiceField(
        choices=DEVICE_METHODS, widget=forms.RadioSelect, label="Add", initial="mac"
    )
    model = forms.ChoiceField(choices=(), required=False, label="Model")
    mac = forms.CharField(
        max_length=32,
        required=False,
        label="MAC address",
        help_text="12 hexadecimal digits, e.g. 00:1A:2B:3C:4D:5E (on the label under the phone).",
    )
    owner = forms.ChoiceField(choices=(), label="Assign to")
    display_name = forms.CharField(max_length=128, required=False, label="Name (optional)")

    def __init__(self, *args, customer: Customer, **kwargs):
        from portal.catalogues import devices as device_catalogue

        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "Choose a model"), *device_catalogue.CISCO_CHOICES]
        self.fields["owner"].choices = owner_choices(customer)

    def owner_kwargs(self, customer: Customer) -> dict:
        """{"subscriber": …} or {"workspace": …} from the chosen owner (inside `customer`)."""
        from controlhub.models import Subscriber, Workspace

        kind, _, pk = self.cleaned_data["owner"].partition(":")
        model = Subscriber if kind == "user" else Workspace
        owner = model.objects.for_org(customer).current().get(pk=pk)
        return {"subscriber": owner} if kind == "user" else {"workspace": owner}
