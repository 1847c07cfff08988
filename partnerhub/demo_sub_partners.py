"""Sub-partner demo data (PH-8): Acme's three indirect providers — Northwind Reseller (active,
customers, its own `northwind-standard` template; loaded by portal.demo), Litware Networks
(suspended) and Proseware Telecom (new, no customers yet) — and Northwind's API token.

Deterministic and idempotent, like the rest of the demo.
"""

from datetime import date

from billing.models import WholesaleSubscription
from portal.api import scopes as api_scopes
from portal.demo import (
    demo_id,
    ensure,
    ensure_customer,
    ensure_packages,
    ensure_partner,
    ensure_token,
    ensure_user,
    grant,
)
from portal.models import CustomerStatus, OnboardingTemplate, Partner, PartnerState
from wholesale.services.sub_partners import FIRST_ADMIN_ROLES

NORTHWIND_TOKEN = "demo-token-northwind-admin"
# name: (state, billing start, first admin (email, first, last))
SUB_PARTNERS = {
    "Litware Networks": (
        PartnerState.SUSPENDED,
        date(2024, 9, 1),
        ("admin@litware-networks.example", "Lia", "Litware"),
    ),
    "Proseware Telecom": (
        PartnerState.ACTIVE,
        date(2025, 1, 1),
        ("admin@proseware-telecom.example", "Pat", "Proseware"),
    ),
}

SIGN_INS = [
    (
        "admin@litware-networks.example",
        "full + wholesale admin of Litware Networks (suspended sub-partner)",
    ),
    (
        "admin@proseware-telecom.example",
        "full + wholesale admin of Proseware Telecom (new sub-partner)",
    ),
]


def load() -> None:
    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    northwind = Partner.objects.get(pk=demo_id("partner", "Northwind Reseller"))
    shared = WholesaleSubscription.objects.get(partner=acme)
    for name, (state, billing_start, (email, first, last)) in SUB_PARTNERS.items():
        sub_partner = ensure_partner(name, parent=acme, state=state)
        ensure(
            WholesaleSubscription,
            {"partner": sub_partner},
            subscription_id=shared.subscription_id,
            billing_start=billing_start,
            parent=shared,
        )
        grant(ensure_user(email, first, last), sub_partner, *FIRST_ADMIN_ROLES)
    wingtip = ensure_customer(
        "Wingtip Toys",
        northwind,
        status=CustomerStatus.PROVISIONED,
        restricted_by_partner=True,
        country="US",
        language="en_US",
        external_id="NW-0002",
        primary_email="admin@wingtip-toys.example",
        template=OnboardingTemplate.objects.get(pk=demo_id("template", "northwind-standard")),
        address_line1="12 Market Street",
        city="Portland",
        state_or_province="OR",
        zip_or_postal_code="97201",
    )
    ensure_packages(wingtip, {"webex_calling": 10})
    ensure_token(
        NORTHWIND_TOKEN,
        "admin@northwind-reseller.example",
        northwind,
        api_scopes.ALL,
        "Demo: every scope (Northwind)",
    )


def extra_lines() -> list[str]:
    return [
        "",
        "API token (Northwind Reseller, Acme's sub-partner):",
        f"  {NORTHWIND_TOKEN.ljust(26)}  all scopes, acting as admin@northwind-reseller.example",
    ]
