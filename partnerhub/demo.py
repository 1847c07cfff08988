"""Partner Hub demo data: one customer waiting in the compliance review queue (the screening
list is screening.demo's), and customers in the other provisioning states (PF-3, PV-1, PV-2).

Rows are created when missing and never rewritten, so a reviewer's decision survives the next
`load_demo` and a second run changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from controlhub.models import Domain, DomainStatus
from partnerhub import demo_overview, demo_partner_hub, demo_sub_partners
from portal.access.roles import Role
from portal.demo import demo_id, ensure_user, grant
from portal.models import (
    Customer,
    CustomerOffer,
    CustomerPackage,
    CustomerStatus,
    OnboardingTemplate,
    PackageStatus,
    Partner,
    PartnerAccess,
)
from screening.models import ScreeningCase
from screening.services import fingerprint, screen

S = CustomerStatus
# name: (status, external id, packages {name: (status, errors)}, errors, address, offer)
DEMO_CUSTOMERS = {
    "Darkwater Exports": (
        S.PENDING_RPL_REVIEW,
        "ACME-0101",
        {"webex_calling": PackageStatus.PROVISIONING, "webex_meetings": PackageStatus.PROVISIONING},
        [],
        ("13 Nowhere Wharf", "Gotham", "NJ", "07999", "US"),
        CustomerOffer.WHOLESALE,
    ),
    "Wingtip Toys": (
        S.PROVISIONING,
        "ACME-0102",
        {"webex_meetings": PackageStatus.PROVISIONING},
        [],
        ("9 Kite Street", "Dayton", "OH", "45402", "US"),
        CustomerOffer.WHOLESALE,
    ),
    "Litware Studios": (
        S.PROVISIONED_WITH_ERRORS,
        "ACME-0103",
        {"webex_calling": PackageStatus.ERROR, "webex_meetings": PackageStatus.PROVISIONED},
        [],
        ("5 Pixel Park", "Austin", "TX", "78701", "US"),
        CustomerOffer.WHOLESALE,
    ),
    "Proseware Partners": (
        S.ERROR,
        "ACME-0104",
        {"webex_suite": PackageStatus.ERROR},
        [{"errorCode": 2500, "description": "Provisioning failed after 5 attempts; try again."}],
        ("88 Quill Lane", "Boston", "MA", "02110", "US"),
        CustomerOffer.WHOLESALE,
    ),
    # An existing Webex org a partner may attach wholesale to (PV-8), and a BroadWorks one the
    # wholesale API refuses (PV-10).
    "Woodgrove Bank": (
        S.PROVISIONED,
        "",
        {},
        [],
        ("1 Vault Plaza", "Chicago", "IL", "60601", "US"),
        CustomerOffer.STANDARD,
    ),
    "Adventure Works Cycles": (
        S.PROVISIONED,
        "",
        {},
        [],
        ("20 Pedal Row", "Denver", "CO", "80202", "US"),
        CustomerOffer.BROADWORKS,
    ),
}
# An existing org Acme asked to attach wholesale to: its verified domain means its full admin
# approves first, in its Control Hub (PV-8).
ATTACH_REQUEST_ORG = "Wide World Importers"
ATTACH_REQUEST_ADMIN = "admin@wide-world-importers.example"
SIGN_INS = [
    (ATTACH_REQUEST_ADMIN, "customer full admin of Wide World Importers (attach to approve)"),
]

CALLING_ERROR = {
    "errorCode": 2560,
    "description": "One or more Webex Calling services are unavailable due to maintenance, "
    "unable to start provisioning. Consult status.webex.com and retry later.",
}


#: Printed by load_demo: the Partner Hub sign-ins (customers list, tags, admins, branding, SSO).
SIGN_INS = demo_partner_hub.SIGN_INS + demo_sub_partners.SIGN_INS


def load() -> None:
    acme = Partner.objects.get(pk=demo_id("partner", "Acme Telecom"))
    template = OnboardingTemplate.objects.get(pk=demo_id("template", "acme-smb-calling"))
    for name, (status, external_id, packages, errors, address, offer) in DEMO_CUSTOMERS.items():
        _ensure_customer(
            acme, template, name, status, external_id, packages, errors, address, offer
        )
    _ensure_attach_request(acme, template)
    demo_partner_hub.load()
    demo_sub_partners.load()
    demo_overview.load()


def extra_lines() -> list[str]:
    return demo_sub_partners.extra_lines()


def _ensure_attach_request(partner, template):
    """Wide World Importers as `customer_provision(org_id=…)` leaves an org whose admin must
    approve: wholesale requested, provisioning on hold, the partner to become provisioning admin
    (the org is licensed through its own Webex subscription, which this portal does not bill)."""
    pk = demo_id("customer", ATTACH_REQUEST_ORG)
    if not Customer.objects.filter(pk=pk).exists():
        requested = timezone.now() - timedelta(hours=2)
        customer = Customer.objects.create(
            id=pk,
            name=ATTACH_REQUEST_ORG,
            owner=partner,
            status=S.PROVISIONING,
            status_changed_at=requested,
            offer=CustomerOffer.WHOLESALE,
            external_id="ACME-0105",
            template=template,
            address_line1="3 Harbour Road",
            city="Baltimore",
            state_or_province="MD",
            zip_or_postal_code="21202",
            country="US",
            language="en_US",
            restricted_by_partner=False,
            partner_access=PartnerAccess.PROVISIONING_ADMIN,
            attach_requested_at=requested,
        )
        CustomerPackage.objects.create(
            customer=customer, package="webex_meetings", limit=50, status=PackageStatus.PROVISIONING
        )
        Domain.objects.create(
            customer=customer,
            name="wide-world-importers.example",
            status=DomainStatus.VERIFIED,
            verification_token=demo_id("domain", "wide-world-importers.example").hex,
        )
    grant(
        ensure_user(ATTACH_REQUEST_ADMIN, "Wanda", "Wide"),
        Customer.objects.get(pk=pk),
        Role.CUSTOMER_FULL_ADMIN,
    )


def _ensure_customer(partner, template, name, status, external_id, packages, errors, addr, offer):
    pk = demo_id("customer", name)
    if Customer.objects.filter(pk=pk).exists():
        return
    line1, city, state, postal, country = addr
    slug = name.lower().replace(" ", "-")
    customer = Customer.objects.create(
        id=pk,
        name=name,
        owner=partner,
        status=status,
        status_changed_at=timezone.now() - timedelta(hours=5),
        offer=offer,
        external_id=external_id,
        primary_email=f"admin@{slug}.example",
        template=template if offer == CustomerOffer.WHOLESALE else None,
        address_line1=line1,
        city=city,
        state_or_province=state,
        zip_or_postal_code=postal,
        country=country,
        language="en_US",
        errors=errors,
    )
    for package, package_status in packages.items():
        CustomerPackage.objects.create(
            customer=customer,
            package=package,
            limit=25,
            status=package_status,
            errors=[CALLING_ERROR] if package_status == PackageStatus.ERROR else [],
        )
    if status == S.PENDING_RPL_REVIEW:
        address = {
            "address_line1": line1,
            "city": city,
            "zip_or_postal_code": postal,
            "country": country,
        }
        best = screen(name=name, address=address)[0]
        case = ScreeningCase.objects.create(
            customer=customer,
            fingerprint=fingerprint(customer),
            screened_name=name,
            screened_address=", ".join(v for v in (line1, city, state, postal, country) if v),
            matched_party_id=best.party_id,
            matched_name=best.name,
            matched_address=best.address,
            matched_on=best.matched_on,
            score=round(best.score, 1),
            matches=[best.as_json()],
            interrupted_status=S.PROVISIONING,
        )
        ScreeningCase.objects.filter(pk=case.pk).update(
            opened_at=timezone.now() - timedelta(hours=5)
        )
