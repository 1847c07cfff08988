"""Kernel demo data: the partners, customers and sign-ins every later issue builds on.

Deterministic (ids derive from names) and idempotent (a second run changes nothing).
"""

import uuid

from django.db import models
from guardian.shortcuts import assign_perm

from portal.access.roles import ASSIGNED_CUSTOMER_PERMISSION, Role
from portal.api import scopes as api_scopes
from portal.audit import Actor
from portal.models import (
    ApiToken,
    AuditEvent,
    Customer,
    CustomerPackage,
    CustomerRoleAssignment,
    CustomerStatus,
    OnboardingTemplate,
    PackageStatus,
    Partner,
    PartnerRoleAssignment,
    PlatformRoleAssignment,
    User,
)
from portal.models.tokens import hash_token
from portal.services import api_token_issue

DEMO_PASSWORD = "demo-password"
DEMO_NAMESPACE = uuid.UUID("6f1c4a52-3b8e-4d0a-9a57-0c2f1d9e8b10")


def demo_id(kind: str, name: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{name}")


def ensure(model: type[models.Model], lookup: dict, **fields) -> models.Model:
    """Create the row, or bring it to `fields`, writing only when something differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **fields)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save(update_fields=changed)
    return obj


def ensure_user(email: str, first_name: str, last_name: str) -> User:
    user = ensure(User, {"email": email}, first_name=first_name, last_name=last_name)
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def ensure_partner(name: str, parent: Partner | None = None, **fields) -> Partner:
    return ensure(Partner, {"id": demo_id("partner", name)}, name=name, parent=parent, **fields)


def ensure_customer(name: str, owner: Partner, **fields) -> Customer:
    return ensure(Customer, {"id": demo_id("customer", name)}, name=name, owner=owner, **fields)


def grant(user: User, organization, *roles: Role) -> None:
    for role in roles:
        if isinstance(organization, Partner):
            PartnerRoleAssignment.objects.get_or_create(user=user, partner=organization, role=role)
        else:
            CustomerRoleAssignment.objects.get_or_create(
                user=user, customer=organization, role=role
            )


def ensure_template(partner: Partner, name: str, provisioning_id: str, **fields):
    return ensure(
        OnboardingTemplate,
        {"id": demo_id("template", provisioning_id)},
        partner=partner,
        name=name,
        provisioning_id=provisioning_id,
        **fields,
    )


def ensure_packages(customer: Customer, limits: dict[str, int | None]) -> None:
    for package, limit in limits.items():
        ensure(
            CustomerPackage,
            {"customer": customer, "package": package},
            limit=limit,
            status=PackageStatus.PROVISIONED,
        )


# (email, who) for the table `make run` prints.
SIGN_INS = [
    ("admin@acme-telecom.example", "partner full admin + wholesale admin of Acme Telecom"),
    ("readonly@acme-telecom.example", "partner read-only admin of Acme Telecom"),
    ("sales@acme-telecom.example", "partner admin of Acme Telecom, assigned to Contoso Dental"),
    (
        "admin@northwind-reseller.example",
        "full + wholesale admin of Northwind Reseller (sub-partner)",
    ),
    ("admin@globex-voice.example", "full admin of Globex Voice (unrelated partner)"),
    ("admin@contoso-dental.example", "customer full admin of Contoso Dental (restricted mode on)"),
    ("readonly@contoso-dental.example", "customer read-only admin of Contoso Dental"),
    ("admin@fabrikam-law.example", "customer full admin of Fabrikam Law (restricted mode off)"),
    ("admin@tailspin-traders.example", "customer full admin of Tailspin Traders (Northwind's)"),
    ("compliance@portal.example", "compliance reviewer"),
    ("operator@portal.example", "the portal's operator (console at /operator/)"),
    ("setup-assist@portal.example", "the operator's Setup Assist team (its console queue only)"),
]


def load() -> None:
    acme = ensure_partner("Acme Telecom")
    northwind = ensure_partner("Northwind Reseller", parent=acme)
    globex = ensure_partner("Globex Voice")

    smb_calling = ensure_template(
        acme,
        "SMB Calling",
        "acme-smb-calling",
        subscription_id="Sub-ACME-0001",
        default_language="en_US",
        default_country="US",
        timezone="America/New_York",
    )
    ensure_template(
        acme,
        "UK Professional",
        "acme-uk-professional",
        subscription_id="Sub-ACME-0001",
        default_language="en_GB",
        default_country="GB",
        timezone="Europe/London",
    )
    northwind_standard = ensure_template(
        northwind,
        "Northwind Standard",
        "northwind-standard",
        subscription_id="Sub-ACME-0001",
        default_language="en_US",
        default_country="US",
        timezone="America/Chicago",
    )

    provisioned = {"status": CustomerStatus.PROVISIONED}
    contoso = ensure_customer(
        "Contoso Dental",
        acme,
        restricted_by_partner=True,
        country="US",
        language="en_US",
        external_id="ACME-0001",
        primary_email="admin@contoso-dental.example",
        template=smb_calling,
        address_line1="100 Main Street",
        city="Springfield",
        state_or_province="IL",
        zip_or_postal_code="62701",
        **provisioned,
    )
    fabrikam = ensure_customer(
        "Fabrikam Law",
        acme,
        restricted_by_partner=False,
        country="GB",
        language="en_GB",
        external_id="ACME-0002",
        primary_email="admin@fabrikam-law.example",
        template=smb_calling,
        address_line1="20 Fleet Street",
        city="London",
        zip_or_postal_code="EC4Y 1AA",
        **provisioned,
    )
    tailspin = ensure_customer(
        "Tailspin Traders",
        northwind,
        restricted_by_partner=True,
        country="US",
        language="en_US",
        external_id="NW-0001",
        primary_email="admin@tailspin-traders.example",
        template=northwind_standard,
        address_line1="5 Harbor Way",
        city="Seattle",
        state_or_province="WA",
        zip_or_postal_code="98101",
        **provisioned,
    )
    ensure_packages(
        contoso,
        {
            "webex_calling": 40,
            "webex_voice": 10,
            "webex_meetings": 20,
            "webex_suite": 10,
            "common_area_calling": 5,
        },
    )
    ensure_packages(
        fabrikam,
        {
            "webex_calling": 40,
            "webex_meetings": 20,
            "webex_suite": 15,
            "cx_essentials": 5,
            "common_area_calling": 10,
        },
    )
    ensure_packages(tailspin, {"webex_calling": 10, "webex_suite": 5})

    grant(
        ensure_user("admin@acme-telecom.example", "Alex", "Acme"),
        acme,
        Role.PARTNER_FULL_ADMIN,
        Role.WHOLESALE_ADMIN,
    )
    grant(
        ensure_user("readonly@acme-telecom.example", "Robin", "Reader"),
        acme,
        Role.PARTNER_READONLY_ADMIN,
    )
    sales = ensure_user("sales@acme-telecom.example", "Sam", "Sales")
    grant(sales, acme, Role.PARTNER_ADMIN)
    assign_perm(f"portal.{ASSIGNED_CUSTOMER_PERMISSION}", sales, contoso)
    grant(
        ensure_user("admin@northwind-reseller.example", "Nora", "North"),
        northwind,
        Role.PARTNER_FULL_ADMIN,
        Role.WHOLESALE_ADMIN,
    )
    grant(
        ensure_user("admin@globex-voice.example", "Gina", "Globex"), globex, Role.PARTNER_FULL_ADMIN
    )
    grant(
        ensure_user("admin@contoso-dental.example", "Carla", "Contoso"),
        contoso,
        Role.CUSTOMER_FULL_ADMIN,
    )
    grant(
        ensure_user("readonly@contoso-dental.example", "Rene", "Contoso"),
        contoso,
        Role.CUSTOMER_READONLY_ADMIN,
    )
    grant(
        ensure_user("admin@fabrikam-law.example", "Fiona", "Fabrikam"),
        fabrikam,
        Role.CUSTOMER_FULL_ADMIN,
    )
    grant(
        ensure_user("admin@tailspin-traders.example", "Tom", "Tailspin"),
        tailspin,
        Role.CUSTOMER_FULL_ADMIN,
    )
    compliance = ensure_user("compliance@portal.example", "Casey", "Compliance")
    PlatformRoleAssignment.objects.get_or_create(user=compliance, role=Role.COMPLIANCE_REVIEWER)
    operator = ensure_user("operator@portal.example", "Olive", "Operator")
    PlatformRoleAssignment.objects.get_or_create(user=operator, role=Role.OPERATOR)
    for raw, email, scope_set, name in DEMO_TOKENS:
        ensure_token(raw, email, acme, scope_set, name)
    # Invitations in every state, and the demo mailbox (AC-1).
    from portal.accounts import demo as accounts_demo

    accounts_demo.load(acme, contoso)


#: Bearer tokens for trying the /v1 API against the demo (README "API"): (token, admin, scopes).
DEMO_TOKENS = [
    (
        "demo-token-acme-admin",
        "admin@acme-telecom.example",
        api_scopes.ALL,
        "Demo: every scope",
    ),
    (
        "demo-token-acme-readonly",
        "readonly@acme-telecom.example",
        api_scopes.READ,
        "Demo: read scopes",
    ),
]


def ensure_token(raw: str, email: str, partner: Partner, scope_set, name: str) -> None:
    if ApiToken.objects.filter(token_hash=hash_token(raw)).exists():
        return
    api_token_issue(
        user=User.objects.get(email=email),
        partner=partner,
        scopes=sorted(scope_set),
        actor=Actor.system(AuditEvent.Source.COMMAND),
        name=name,
        raw=raw,
    )


def extra_lines() -> list[str]:
    """Printed by load_demo after the sign-in table."""
    lines = ["", "API tokens (Acme Telecom; e.g. curl -H 'Authorization: Bearer TOKEN' …/v1/…):"]
    for raw, email, scope_set, _ in DEMO_TOKENS:
        kind = "all scopes" if scope_set == api_scopes.ALL else "read scopes"
        lines.append(f"  {raw.ljust(26)}  {kind}, acting as {email}")
    from portal.accounts import demo as accounts_demo

    return lines + accounts_demo.extra_lines()
