"""Partner Hub demo data, loaded by partnerhub.demo: templates, ~40 customers of Acme across
every list status, tags, subscriptions, a second partner admin, branding and partner SSO.

Deterministic (ids derive from names) and idempotent: dates relative to "now" (expiry, admins'
last sign-in) are written only when a row is first created, so a second run changes nothing.
"""

from datetime import timedelta

from django.utils import timezone
from guardian.shortcuts import assign_perm

from controlhub.models import Subscriber
from partnerhub.models import (
    Branding,
    CustomerTag,
    OidcIdentityProvider,
    SamlIdentityProvider,
    Tag,
)
from portal.access.roles import ASSIGNED_CUSTOMER_PERMISSION, Role
from portal.demo import (
    demo_id,
    ensure,
    ensure_customer,
    ensure_packages,
    ensure_template,
    ensure_user,
    grant,
)
from portal.models import (
    AuthenticationMode,
    Customer,
    CustomerRoleAssignment,
    CustomerStatus,
    Partner,
)
from wholesale.models import CustomerSubscription, SubscriptionState

SIGN_INS = [
    ("pat@acme-telecom.example", "partner admin of Acme Telecom, assigned to a few customers"),
]

SAML_METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    entityID="https://idp.acme-telecom.example/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.acme-telecom.example/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""

TAGS = ["Priority", "Healthcare", "Legal", "Retail", "Renewal Q3", "Onboarding"]

# name, status, scenario, package limits, tags
# Scenarios: active (users + an admin signed in lately), idle (users, no sign-in), empty (no
# users), overage (more users than the limit), expiring, expired, suspended.
_CUSTOMERS = [
    ("Adatum Clinics", CustomerStatus.PROVISIONED, "active", {"webex_calling": 20}, ["Healthcare"]),
    ("Alpine Ski House", CustomerStatus.PROVISIONED, "active", {"webex_suite": 10}, ["Retail"]),
    ("Bellows College", CustomerStatus.PROVISIONED, "idle", {"webex_meetings": 50}, []),
    (
        "Blue Yonder Airlines",
        CustomerStatus.PROVISIONED,
        "overage",
        {"webex_calling": 2},
        ["Priority"],
    ),
    (
        "City Power & Light",
        CustomerStatus.PROVISIONED,
        "expiring",
        {"webex_calling": 30},
        ["Renewal Q3"],
    ),
    ("Coho Winery", CustomerStatus.PROVISIONED, "empty", {"webex_voice": 5}, ["Onboarding"]),
    ("Consolidated Messenger", CustomerStatus.PROVISIONED, "expired", {"webex_calling": 10}, []),
    (
        "Datum Legal",
        CustomerStatus.PROVISIONED,
        "active",
        {"webex_suite": 15},
        ["Legal", "Priority"],
    ),
    ("Fourth Coffee", CustomerStatus.PROVISIONED, "suspended", {"webex_voice": 8}, ["Retail"]),
    (
        "Graphic Design Institute",
        CustomerStatus.PROVISIONING,
        "empty",
        {"webex_meetings": 25},
        ["Onboarding"],
    ),
    (
        "Humongous Insurance",
        CustomerStatus.PROVISIONED,
        "active",
        {"webex_calling": 40, "webex_meetings": 40},
        ["Priority"],
    ),
    ("Lamna Healthcare", CustomerStatus.PROVISIONED, "overage", {"webex_voice": 1}, ["Healthcare"]),
    ("Litware Inc", CustomerStatus.PROVISIONED_WITH_ERRORS, "idle", {"webex_calling": 10}, []),
    ("Lucerne Publishing", CustomerStatus.PROVISIONED, "idle", {"webex_meetings": 12}, []),
    ("Margie's Travel", CustomerStatus.PROVISIONED, "expiring", {"webex_suite": 6}, ["Renewal Q3"]),
    ("Munson's Pickles", CustomerStatus.ERROR, "empty", {"webex_voice": 4}, []),
    ("Nod Publishers", CustomerStatus.PROVISIONED, "active", {"webex_calling": 18}, []),
    (
        "Northwind Dental Group",
        CustomerStatus.PENDING_RPL_REVIEW,
        "empty",
        {"webex_calling": 12},
        ["Healthcare"],
    ),
    ("Proseware Labs", CustomerStatus.PROVISIONED, "empty", {"cx_essentials": 5}, ["Onboarding"]),
    ("Relecloud", CustomerStatus.PROVISIONED, "active", {"webex_calling": 25}, ["Priority"]),
    ("School of Fine Art", CustomerStatus.PROVISIONED, "idle", {"webex_meetings": 30}, []),
    ("Southridge Video", CustomerStatus.UPDATING, "idle", {"webex_suite": 9}, []),
    ("Tailwind Legal", CustomerStatus.PROVISIONED, "active", {"webex_suite": 12}, ["Legal"]),
    ("Trey Research", CustomerStatus.PROVISIONED, "expired", {"webex_calling": 7}, []),
    ("VanArsdel Ltd", CustomerStatus.PROVISIONED, "active", {"webex_calling": 22}, ["Retail"]),
    (
        "Wide World Traders",
        CustomerStatus.PROVISIONED,
        "overage",
        {"webex_calling": 1},
        ["Retail", "Priority"],
    ),
    ("Wingtip Kites", CustomerStatus.PROVISIONED, "active", {"webex_voice": 14}, ["Retail"]),
    (
        "Woodgrove Credit Union",
        CustomerStatus.PROVISIONED,
        "suspended",
        {"webex_suite": 20},
        ["Priority"],
    ),
    ("World Wide Legal", CustomerStatus.PROVISIONED, "active", {"webex_calling": 16}, ["Legal"]),
    (
        "Contoso Pharmaceuticals",
        CustomerStatus.PROVISIONED,
        "idle",
        {"webex_calling": 30},
        ["Healthcare"],
    ),
    ("Fabrikam Residences", CustomerStatus.PROVISIONED, "active", {"webex_voice": 10}, []),
    (
        "Adventure Works Outdoors",
        CustomerStatus.PROVISIONED,
        "expiring",
        {"webex_calling": 11},
        ["Retail"],
    ),
    (
        "Alpine Legal Partners",
        CustomerStatus.PROVISIONED,
        "empty",
        {"webex_suite": 4},
        ["Legal", "Onboarding"],
    ),
    ("Best For You Organics", CustomerStatus.PROVISIONING, "empty", {"webex_voice": 6}, []),
    ("First Up Consultants", CustomerStatus.PROVISIONED, "active", {"webex_meetings": 20}, []),
    (
        "Liberty's Delightful Sinful Bakery",
        CustomerStatus.PROVISIONED,
        "idle",
        {"webex_voice": 3},
        ["Retail"],
    ),
]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:20]


def _create_once(model, lookup: dict, **fields):
    """Create the row if missing; never touch an existing one (dates relative to first load)."""
    obj = model._default_manager.filter(**lookup).first()
    return obj or model._default_manager.create(**lookup, **fields)


def _templates(acme: Partner) -> list:
    enterprise = ensure_template(
        acme,
        "Enterprise Suite",
        "acme-enterprise-suite",
        subscription_id="Sub-ACME-0001",
        default_language="en_US",
        default_country="US",
        authentication_mode=AuthenticationMode.PARTNER_SSO_SAML,
        idp_entity_id="https://idp.acme-telecom.example/saml",
        call_recording_enabled=True,
    )
    meetings = ensure_template(
        acme,
        "Meetings Only",
        "acme-meetings-only",
        subscription_id="Sub-ACME-0002",
        default_language="fr_FR",
        default_country="FR",
        timezone="Europe/Paris",
        voicemail_enabled=False,
    )
    carrier = ensure_template(
        acme,
        "Carrier PSTN",
        "acme-carrier-pstn",
        subscription_id="Sub-ACME-0001",
        default_language="en_US",
        default_country="US",
        pstn_vendor="IntelePeer",
        timezone="America/Chicago",
    )
    return [enterprise, meetings, carrier]


def _scenario(customer: Customer, scenario: str, index: int, now) -> None:
    domain = f"{_slug(customer.name)}.example"
    subscription_id = customer.template.subscription_id if customer.template else "Sub-ACME-0001"
    state = SubscriptionState.SUSPENDED if scenario == "suspended" else SubscriptionState.ACTIVE
    expires = {
        "expiring": now + timedelta(days=10 + index % 15),
        "expired": now - timedelta(days=5 + index % 20),
    }.get(scenario)
    _create_once(
        CustomerSubscription,
        {"customer": customer},
        subscription_id=subscription_id,
        state=state,
        expires_at=expires,
    )
    if scenario == "empty":
        return
    limits = {cp.package: cp.limit for cp in customer.packages.all()}
    package = next(iter(limits))
    users = (limits[package] or 3) + 1 if scenario == "overage" else 3
    for n in range(users):
        email = f"user{n + 1}@{domain}"
        ensure(
            Subscriber,
            {"id": demo_id("subscriber", email)},
            customer=customer,
            email=email,
            first_name=f"User{n + 1}",
            last_name=customer.name.split()[0],
            package=package,
            status="provisioned",
            extension=f"{2000 + n}" if package != "webex_meetings" else "",
        )
    admin = ensure_user(f"admin@{domain}", "Admin", customer.name.split()[0])
    CustomerRoleAssignment.objects.get_or_create(
        user=admin, customer=customer, role=Role.CUSTOMER_FULL_ADMIN
    )
    if scenario in {"active", "overage", "expiring"} and admin.last_login is None:
        admin.last_login = now - timedelta(days=1 + index % 10)
        admin.save(update_fields=["last_login"])


def _load_customers(owner: Partner, rows, templates, tags, now) -> list[Customer]:
    customers = []
    for index, (name, status, scenario, limits, tag_names) in enumerate(rows):
        template = templates[index % len(templates)]
        customer = ensure_customer(
            name,
            owner,
            status=status,
            external_id=f"{owner.name.split()[0].upper()}-{1100 + index}",
            primary_email=f"admin@{_slug(name)}.example",
            template=template,
            country=template.default_country,
            language=template.default_language,
            address_line1=f"{10 + index} Commerce Street",
            city="Springfield" if template.default_country == "US" else "Capital City",
            zip_or_postal_code=f"{60000 + index}",
            restricted_by_partner=index % 4 != 0,
            errors=(
                [
                    {
                        "errorCode": 400321,
                        "description": "The PSTN vendor does not cover the country.",
                    }
                ]
                if status in {CustomerStatus.ERROR, CustomerStatus.PROVISIONED_WITH_ERRORS}
                else []
            ),
        )
        ensure_packages(customer, limits)
        _scenario(customer, scenario, index, now)
        for tag_name in tag_names:
            CustomerTag.objects.get_or_create(customer=customer, tag=tags[tag_name])
        customers.append(customer)
    return customers


def load() -> None:
    now = timezone.now()
    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    templates = [
        *_templates(acme),
        *acme.templates.filter(name__in=["SMB Calling", "UK Professional"]),
    ]
    tags = {name: ensure(Tag, {"partner": acme, "name": name}) for name in TAGS}
    customers = _load_customers(acme, _CUSTOMERS, templates, tags, now)

    # The kernel's demo customers get a subscription and tags too.
    for name, tag_names in (
        ("Contoso Dental", ["Healthcare", "Priority"]),
        ("Fabrikam Law", ["Legal"]),
    ):
        customer = Customer.objects.get(pk=demo_id("customer", name))
        _create_once(
            CustomerSubscription,
            {"customer": customer},
            subscription_id=customer.template.subscription_id,
        )
        for tag_name in tag_names:
            CustomerTag.objects.get_or_create(customer=customer, tag=tags[tag_name])

    pat = ensure_user("pat@acme-telecom.example", "Pat", "Partner")
    grant(pat, acme, Role.PARTNER_ADMIN)
    for customer in customers[:3]:
        assign_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", pat, customer)

    ensure(
        Branding,
        {"partner": acme},
        light_primary_color="#c2410c",
        light_accent_color="#0f766e",
        dark_primary_color="#fb923c",
        dark_accent_color="#5eead4",
        support_url="https://support.acme-telecom.example",
        help_url="https://help.acme-telecom.example",
    )
    ensure(
        SamlIdentityProvider,
        {"partner": acme},
        entity_id="https://idp.acme-telecom.example/saml",
        sso_url="https://idp.acme-telecom.example/saml/sso",
        metadata_xml=SAML_METADATA,
    )
    ensure(
        OidcIdentityProvider,
        {"partner": acme},
        name="acme-oidc",
        client_id="acme-partner-hub",
        client_secret="demo-secret",
        scopes="openid email profile",
        discovery_endpoint="https://idp.acme-telecom.example/.well-known/openid-configuration",
    )
