"""Partner Hub forms. They parse and shape input; rules live in the services."""

from django import forms

from partnerhub.models.branding import colour
from partnerhub.models.tags import TAG_NAME_MAX
from partnerhub.services.templates import PSTN_VENDORS
from partnerhub.wizard import Step
from portal.access.roles import PARTNER_ROLES
from portal.catalogues import locales, names, packages, regions
from portal.models import AuthenticationMode, OnboardingTemplate

TIMEZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
]
TIMEZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in TIMEZONES]
ROLE_CHOICES = [(r.value, r.label) for r in PARTNER_ROLES]


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields without repeating them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()

    def apply_bootstrap(self):
        for bound in self:
            widget = bound.field.widget
            if isinstance(
                widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif getattr(widget, "input_type", "") == "color":
                css = "form-control form-control-color"
            else:
                css = "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


# --- Onboarding template wizard (PH-2) ----------------------------------------------------------


class TemplateForm(BootstrapForm):
    name = forms.CharField(label="Template name", max_length=100)
    default_language = forms.ChoiceField(
        label="Language", choices=names.LOCALE_CHOICES, initial=locales.FALLBACK
    )
    default_country = forms.ChoiceField(label="Country", choices=regions.CHOICES, initial="US")
    subscription_id = forms.ChoiceField(label="Wholesale subscription")
    authentication_mode = forms.ChoiceField(
        label="Authentication method",
        choices=AuthenticationMode.choices,
        widget=forms.RadioSelect,
        initial=AuthenticationMode.WEBEX,
    )
    idp_entity_id = forms.CharField(label="IdP entity ID", max_length=255, required=False)
    oidc_idp_name = forms.CharField(label="OpenID Connect IdP name", max_length=128, required=False)
    pstn_vendor = forms.ChoiceField(
        label="Cloud Connected PSTN vendor",
        required=False,
        choices=[("", "None (recommended)"), *[(v, v) for v in PSTN_VENDORS]],
    )
    allow_admin_invite_emails = forms.BooleanField(
        label="Allow admin-invite emails when attaching to existing orgs", required=False
    )
    timezone = forms.ChoiceField(
        label="Time zone", choices=TIMEZONE_CHOICES, initial="America/New_York"
    )
    voicemail_enabled = forms.BooleanField(
        label="Enable voicemail for new users", required=False, initial=True
    )
    call_recording_enabled = forms.BooleanField(label="Enable call recording", required=False)

    STEPS = [
        Step(
            "Primary settings", ("name", "default_language", "default_country", "subscription_id")
        ),
        Step("Authentication method", ("authentication_mode", "idp_entity_id", "oidc_idp_name")),
        Step("Wholesale calling", ("pstn_vendor",)),
        Step(
            "Common settings and Call settings",
            (
                "allow_admin_invite_emails",
                "timezone",
                "voicemail_enabled",
                "call_recording_enabled",
            ),
        ),
    ]

    def __init__(self, *args, subscriptions: list[str], sso: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sso = sso
        self.fields["subscription_id"].choices = [("", "Select a subscription")] + [
            (s, s) for s in subscriptions
        ]
        if sso.get("saml_entity_id"):
            self.fields["idp_entity_id"].initial = sso["saml_entity_id"]
        if sso.get("oidc_name"):
            self.fields["oidc_idp_name"].initial = sso["oidc_name"]

    def clean(self):
        data = super().clean()
        mode = data.get("authentication_mode")
        if mode == AuthenticationMode.PARTNER_SSO_SAML and not data.get("idp_entity_id"):
            self.add_error("idp_entity_id", "Enter the IdP entity ID for Partner SSO (SAML).")
        if mode == AuthenticationMode.PARTNER_SSO_OIDC and not data.get("oidc_idp_name"):
            self.add_error("oidc_idp_name", "Enter the IdP name for Partner SSO (OpenID Connect).")
        return data


def template_initial(template: OnboardingTemplate) -> dict:
    from partnerhub.services.templates import TEMPLATE_FIELDS

    return {name: getattr(template, name) for name in TEMPLATE_FIELDS}


# --- The customer's service term (OP-1) ---------------------------------------------------------


class CustomerTermForm(BootstrapForm):
    prefix = "term"
    start = forms.DateField(label="Term starts", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label="Term ends", widget=forms.DateInput(attrs={"type": "date"}), help_text="Its last day."
    )
    auto_renew = forms.BooleanField(label="Renews automatically", required=False)


# --- Create customer wizard (PH-4) --------------------------------------------------------------

PACKAGE_CHOICES = packages.BASE_CHOICES


class CustomerCreateForm(BootstrapForm):
    name = forms.CharField(label="Company name", max_length=255)
    primary_email = forms.EmailField(label="Administrator email")
    template = forms.ModelChoiceField(
        label="Template",
        queryset=OnboardingTemplate.objects.none(),
        empty_label="Select a template",
    )
    external_id = forms.CharField(
        label="External ID",
        max_length=255,
        required=False,
        help_text="Your own reference for this customer; one is made up when left empty.",
    )
    address_line1 = forms.CharField(label="Address line 1", max_length=50)
    address_line2 = forms.CharField(label="Address line 2", max_length=50, required=False)
    city = forms.CharField(label="City", max_length=50)
    state_or_province = forms.CharField(label="State or province", max_length=50, required=False)
    zip_or_postal_code = forms.CharField(label="ZIP or postal code", max_length=20, required=False)
    # A select of country names (type to search); the value posted stays the two-letter code.
    country = forms.CharField(
        label="Country",
        max_length=2,
        widget=forms.Select(choices=[("", "Select a country")] + regions.CHOICES),
    )
    supported_location = forms.BooleanField(
        label="I verify that this customer is in a Cisco Webex supported location"
    )

    INFO = ("name", "primary_email", "template", "external_id")
    LOCATION = (
        "address_line1",
        "address_line2",
        "city",
        "state_or_province",
        "zip_or_postal_code",
        "country",
        "supported_location",
    )

    def __init__(
        self, *args, templates, offered: set[str] | None = None, email_problems=None, **kwargs
    ):
        """`offered`: the packages of the partner's subscription (OP-1); None offers all.
        `email_problems(email)`: why an administrator email is refused, checked at step 1."""
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.email_problems = email_problems
        self.package_choices = [
            (value, label)
            for value, label in PACKAGE_CHOICES
            if offered is None or value in offered
        ]
        self.package_fields = []
        for value, label in self.package_choices:
            self.fields[f"pkg_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"qty_{value}"] = forms.IntegerField(
                label=f"{label} quantity", required=False, min_value=1, max_value=100000
            )
            self.package_fields += [f"pkg_{value}", f"qty_{value}"]
        self.apply_bootstrap()
        self.STEPS = [
            Step("Customer information", self.INFO),
            Step("Packages", tuple(self.package_fields)),
            Step("Headquarters location", self.LOCATION),
        ]

    def package_rows(self):
        return [(self[f"pkg_{v}"], self[f"qty_{v}"]) for v, _ in self.package_choices]

    def clean_primary_email(self):
        email = self.cleaned_data["primary_email"].strip()
        if self.email_problems is not None:
            problems = self.email_problems(email.lower())
            if problems:
                raise forms.ValidationError(" ".join(problems))
        return email

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if not regions.is_known(country):
            raise forms.ValidationError(f"Unknown country “{country}”: use a two-letter code.")
        return country

    def clean(self):
        data = super().clean()
        chosen = [v for v, _ in self.package_choices if data.get(f"pkg_{v}")]
        if not self.package_choices:
            self.add_error(None, "Your wholesale subscription has no packages to sell yet.")
        elif not chosen:
            self.add_error(f"pkg_{self.package_choices[0][0]}", "Choose at least one package.")
        for v in chosen:
            if not data.get(f"qty_{v}"):
                self.add_error(f"qty_{v}", "Enter how many licenses (at least 1).")
        return data

    def chosen_packages(self) -> dict[str, int]:
        return {
            v: self.cleaned_data[f"qty_{v}"]
            for v, _ in self.package_choices
            if self.cleaned_data.get(f"pkg_{v}")
        }

    def address(self) -> dict:
        return {
            k: self.cleaned_data.get(k) or ""
            for k in (
                "address_line1",
                "address_line2",
                "city",
                "state_or_province",
                "zip_or_postal_code",
                "country",
            )
        }


# --- Set up customer wizard (PH-5) --------------------------------------------------------------


class SetupLocationForm(BootstrapForm):
    name = forms.CharField(label="Location name", max_length=80)
    address_line1 = forms.CharField(label="Address", max_length=50)
    city = forms.CharField(label="City", max_length=50)
    state_or_province = forms.CharField(label="State", max_length=50, required=False)
    zip_or_postal_code = forms.CharField(label="ZIP", max_length=20, required=False)
    country = forms.ChoiceField(label="Country", choices=regions.CHOICES)
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)

    def has_changed(self):
        # Selects always send a value; a row counts as filled in when something was typed.
        return _typed(
            self, "name", "address_line1", "city", "state_or_province", "zip_or_postal_code"
        )


def _typed(form, *names) -> bool:
    return any(str(form[name].value() or "").strip() for name in names)


class SetupUserForm(BootstrapForm):
    first_name = forms.CharField(label="First name", max_length=64)
    last_name = forms.CharField(label="Last name", max_length=64)
    email = forms.EmailField(label="Email")
    package = forms.ChoiceField(label="Package")
    location = forms.ChoiceField(label="Location")
    phone_number = forms.CharField(label="Phone number", max_length=20, required=False)
    extension = forms.CharField(label="Extension", max_length=10, required=False)

    def __init__(self, *args, package_choices, location_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].choices = package_choices
        self.fields["location"].choices = location_choices

    def has_changed(self):
        return _typed(self, "first_name", "last_name", "email", "phone_number", "extension")


# --- Tags, admins, branding, SSO -----------------------------------------------------------------


class TagForm(BootstrapForm):
    name = forms.CharField(label="Tag name", max_length=TAG_NAME_MAX)


class AdminInviteForm(BootstrapForm):
    email = forms.EmailField(label="Email")
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    roles = forms.MultipleChoiceField(
        label="Roles", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class AdminRolesForm(BootstrapForm):
    roles = forms.MultipleChoiceField(
        label="Roles", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )


class ColourInput(forms.TextInput):
    input_type = "color"


class BrandingForm(BootstrapForm):
    logo_light = forms.FileField(label="Logo for light mode", required=False)
    logo_dark = forms.FileField(label="Logo for dark mode", required=False)
    light_primary_color = forms.CharField(
        label="Primary colour", validators=[colour], widget=ColourInput
    )
    light_accent_color = forms.CharField(
        label="Accent colour", validators=[colour], widget=ColourInput
    )
    dark_primary_color = forms.CharField(
        label="Primary colour", validators=[colour], widget=ColourInput
    )
    dark_accent_color = forms.CharField(
        label="Accent colour", validators=[colour], widget=ColourInput
    )
    support_url = forms.URLField(label="Support URL", required=False, assume_scheme="https")
    help_url = forms.URLField(label="Help site URL", required=False, assume_scheme="https")


class SamlMetadataForm(BootstrapForm):
    metadata = forms.FileField(label="IdP metadata file (XML)")


class AdminSignInForm(BootstrapForm):
    admin_sign_in = forms.ChoiceField(
        label="How this partner's own admins sign in",
        choices=[],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        from partnerhub.services.sso import ADMIN_SIGN_IN_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["admin_sign_in"].choices = ADMIN_SIGN_IN_CHOICES


class OidcForm(BootstrapForm):
    name = forms.CharField(label="IdP name", max_length=128)
    client_id = forms.CharField(label="OAuth client ID", max_length=255)
    client_secret = forms.CharField(
        label="OAuth client secret",
        max_length=255,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the stored secret.",
    )
    scopes = forms.CharField(
        label="List of scopes",
        max_length=255,
        initial="openid email profile",
        help_text="Split by spaces; must include openid and email.",
    )
    authorization_endpoint = forms.CharField(label="Authorization endpoint", required=False)
    token_endpoint = forms.CharField(label="Token endpoint", required=False)
    discovery_endpoint = forms.CharField(label="Discovery endpoint", required=False)
    userinfo_endpoint = forms.CharField(label="UserInfo endpoint", required=False)
    jwks_endpoint = forms.CharField(label="Key set endpoint", required=False)


# --- Sub-partners (PH-8) ------------------------------------------------------------------------


class SubPartnerForm(BootstrapForm):
    name = forms.CharField(label="Organization name", max_length=255)
    admin_email = forms.EmailField(label="First administrator's email")
    admin_first_name = forms.CharField(label="First name", max_length=150)
    admin_last_name = forms.CharField(label="Last name", max_length=150)
    billing_start = forms.DateField(
        label="Billing start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Usage of the indirect provider's customers is billed from this day.",
    )


# --- Wholesale Setup Assist (PH-11) -------------------------------------------------------------


class SetupAssistRequestForm(BootstrapForm):
    """Text and choice fields only: the service checks every rule, so a refusal keeps what was
    typed and shows the reason next to its field."""

    prefix = "assist"
    location = forms.ChoiceField(label="Location", choices=[])
    seats = forms.CharField(
        label="Seats",
        max_length=7,
        help_text="Up to 5 seats: Express (flat per location); more: Standard (per seat).",
    )
    contact_name = forms.CharField(label="Customer contact", max_length=150)
    contact_email = forms.CharField(label="Contact email", max_length=254)
    contact_phone = forms.CharField(label="Contact phone", max_length=32, required=False)
    target_date = forms.DateField(
        label="Target onboarding completion",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="At least six business days from today.",
    )
    prerequisites = forms.MultipleChoiceField(
        label="Prerequisites", choices=[], widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, locations=(), prerequisites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", "Choose a location")] + [
            (str(location.pk), location.name) for location in locations
        ]
        self.fields["prerequisites"].choices = list(prerequisites)
