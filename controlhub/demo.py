"""Control Hub demo data: locations, numbers and ~30 users each for Contoso Dental and Fabrikam
Law, plus a few for Tailspin Traders, with 90 days of package history for billing (BL-2).

History is written once, when a demo user is first created, relative to that day; a later run
changes nothing (history is never rewritten).
"""

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from controlhub.models import (
    Device,
    DeviceManagement,
    DeviceStatus,
    Domain,
    DomainStatus,
    Location,
    OrganizationSettings,
    PackageAssignment,
    PhoneNumber,
    Subscriber,
    Workspace,
)
from controlhub.models import SubscriberStatus as Status
from portal.access.roles import Role
from portal.demo import demo_id, ensure, ensure_user, grant
from portal.models import Customer

FIRST = [
    "Ava",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farid",
    "Grace",
    "Hugo",
    "Iris",
    "Jonah",
    "Kira",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Victor",
    "Wen",
    "Xavi",
    "Yara",
    "Zane",
    "Aiko",
    "Bruno",
    "Celia",
    "Dario",
]
LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Meyer",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Young",
    "Zimmer",
    "Abe",
    "Brown",
    "Costa",
    "Dubois",
]

DEMO_CUSTOMERS = {
    # name: (domain, admin email, packages cycled through, number prefix, users, locations)
    "Contoso Dental": (
        "contoso-dental.example",
        "admin@contoso-dental.example",
        ["webex_calling", "webex_calling", "webex_meetings", "webex_voice", "webex_suite"],
        "+1217555",
        30,
        [
            (
                "Headquarters",
                "100 Main Street",
                "Springfield",
                "IL",
                "62701",
                "US",
                "America/Chicago",
                "en_US",
            ),
            (
                "Riverside Clinic",
                "8 River Road",
                "Springfield",
                "IL",
                "62704",
                "US",
                "America/Chicago",
                "en_US",
            ),
        ],
    ),
    "Fabrikam Law": (
        "fabrikam-law.example",
        "admin@fabrikam-law.example",
        ["webex_calling", "webex_suite", "webex_meetings", "webex_calling", "cx_essentials"],
        "+44207946",
        30,
        [
            (
                "Headquarters",
                "20 Fleet Street",
                "London",
                "",
                "EC4Y 1AA",
                "GB",
                "Europe/London",
                "en_GB",
            ),
            (
                "Manchester Office",
                "1 Spinningfields",
                "Manchester",
                "",
                "M3 3AP",
                "GB",
                "Europe/London",
                "en_GB",
            ),
        ],
    ),
    "Tailspin Traders": (
        "tailspin-traders.example",
        "admin@tailspin-traders.example",
        ["webex_calling", "webex_suite"],
        "+1206555",
        6,
        [
            (
                "Headquarters",
                "5 Harbor Way",
                "Seattle",
                "WA",
                "98101",
                "US",
                "America/Los_Angeles",
                "en_US",
            )
        ],
    ),
}


# The customers' first full administrators (portal/demo.py) are users of their org too.
ADMIN_NAMES = {
    "admin@contoso-dental.example": ("Carla", "Contoso"),
    "admin@fabrikam-law.example": ("Fiona", "Fabrikam"),
    "admin@tailspin-traders.example": ("Tom", "Tailspin"),
}


def _at(day: datetime, hour: int) -> datetime:
    return datetime.combine(day.date(), time(hour), tzinfo=UTC)


def load() -> None:
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for name, (domain, admin_email, cycle, prefix, count, sites) in DEMO_CUSTOMERS.items():
        customer = Customer.objects.get(pk=demo_id("customer", name))
        locations = []
        for index, (loc, line1, city, state, postcode, country, tz, lang) in enumerate(sites):
            location = ensure(
                Location,
                {"id": demo_id("location", f"{name}/{loc}")},
                customer=customer,
                name=loc,
                is_headquarters=index == 0,
                address_line1=line1,
                city=city,
                state_or_province=state,
                zip_or_postal_code=postcode,
                country=country,
                timezone=tz,
                language=lang,
                emergency_location_identifier=f"ELIN-{index + 1:03d}",
                pstn_option="cisco_pstn" if index == 0 else "local_gateway",
            )
            locations.append(location)
            for n in range(40):  # number inventory: 40 per location
                ensure(
                    PhoneNumber,
                    {"number": f"{prefix}{index}{n:03d}"},
                    customer=customer,
                    location=location,
                )
        for i in range(count):
            _ensure_user(customer, i, domain, admin_email, cycle, prefix, locations, today)
        _ensure_settings(customer, name, domain)
        for ws_name, package, extension, days_ago in DEMO_WORKSPACES.get(name, []):
            _ensure_workspace(customer, ws_name, package, extension, days_ago, locations, today)
        for device in DEMO_DEVICES.get(name, []):
            _ensure_device(customer, *device)
    from controlhub.services.meeting_sites import meeting_site_ensure
    from portal.audit import Actor

    # Meeting sites (CH-13) of this module's customers, whose packages portal/demo.py set.
    for customer in Customer.objects.filter(name__in=DEMO_CUSTOMERS).order_by("name"):
        meeting_site_ensure(customer=customer, actor=Actor.system(), audit=False)
    fabrikam = Customer.objects.get(pk=demo_id("customer", "Fabrikam Law"))
    grant(ensure_user(USER_DEVICE_ADMIN, "Ben", "Baker"), fabrikam, Role.USER_DEVICE_ADMIN)


USER_DEVICE_ADMIN = "ben.baker@fabrikam-law.example"
SIGN_INS = [(USER_DEVICE_ADMIN, "user and device admin of Fabrikam Law")]


#: Workspaces (CH-12): name, package, extension, joined days ago (history from then on).
DEMO_WORKSPACES = {
    "Contoso Dental": [
        ("Reception", "common_area_calling", "2001", 60),
        ("Sterilization room", "common_area_calling", "2002", 30),
    ],
    "Fabrikam Law": [
        ("Lobby phone", "common_area_calling", "2001", 45),
        ("Conference room", "webex_calling", "2002", 20),
    ],
}


def _ensure_workspace(customer, name, package, extension, days_ago, locations, today):
    """A workspace with a number of its location and its package history since `days_ago`."""
    pk = demo_id("workspace", f"{customer.name}/{name}")
    if Workspace.objects.filter(pk=pk).exists():
        return  # history was written when it was created; never rewrite it
    location = locations[0]
    workspace = Workspace.objects.create(
        id=pk,
        customer=customer,
        name=name,
        location=location,
        package=package,
        extension=extension,
    )
    joined = _at(today - timedelta(days=days_ago), 8)
    Workspace.objects.filter(pk=pk).update(created_at=joined)
    PackageAssignment.objects.create(
        customer=customer, workspace=workspace, package=package, started_at=joined
    )
    free = (
        PhoneNumber.objects.filter(
            customer=customer, location=location, subscriber__isnull=True, workspace__isnull=True
        )
        .order_by("-number")
        .first()
    )
    if free is not None:
        free.workspace = workspace
        free.save(update_fields=["workspace"])


#: Devices (CH-10): (name, management, model, MAC or "", status, owner, by activation code).
#: The owner is a workspace's name or a user's email.
DEMO_DEVICES = {
    "Contoso Dental": [
        ("Reception phone", "cisco", "cisco_8851", "0C1167A1B201", "online", "Reception", False),
        ("Door intercom", "customer", "generic_sip", "", "offline", "Sterilization room", False),
        ("Paging gateway", "partner", "generic_sip", "", "online", "Reception", False),
        (
            "Carla's desk phone",
            "cisco",
            "cisco_8845",
            "0C1167A1B202",
            "offline",
            "admin@contoso-dental.example",
            False,
        ),
    ],
    "Fabrikam Law": [
        ("Lobby phone", "cisco", "cisco_6841", "0C1167A1C301", "online", "Lobby phone", False),
        (
            "Conference room bar",
            "cisco",
            "cisco_room_bar",
            "",
            "activating",
            "Conference room",
            True,
        ),
        (
            "Fiona's SIP phone",
            "customer",
            "generic_sip",
            "",
            "offline",
            "admin@fabrikam-law.example",
            False,
        ),
    ],
}
#: The demo's SIP devices share one known password (the demo is not a production system).
DEMO_SIP_PASSWORD = "Demo-SIP-password-1"


def _ensure_device(customer, name, management, model, mac, status, owner, by_code):
    from django.contrib.auth.hashers import make_password

    from controlhub.services.devices import sip_domain

    pk = demo_id("device", f"{customer.name}/{name}")
    if Device.objects.filter(pk=pk).exists():
        return
    holder = {}
    if "@" in owner:
        holder["subscriber"] = Subscriber.objects.get(pk=demo_id("subscriber", owner))
    else:
        holder["workspace"] = Workspace.objects.get(
            pk=demo_id("workspace", f"{customer.name}/{owner}")
        )
    device = Device(
        id=pk,
        customer=customer,
        management=management,
        model=model,
        display_name=name,
        mac=mac,
        status=status,
        last_seen_at=timezone.now() if status == DeviceStatus.ONLINE else None,
        **holder,
    )
    if by_code:
        device.activation_code = f"{int(pk.hex[:13], 16) % 10**16:016d}"
        device.activation_expires_at = timezone.now() + timedelta(days=7)
    if management != DeviceManagement.CISCO:
        device.sip_username = f"d{pk.hex[:14]}"
        device.sip_registrar = sip_domain(customer)
        device.sip_line_port = f"{device.sip_username}@{device.sip_registrar}"
        if management == DeviceManagement.PARTNER:
            device.sip_password = DEMO_SIP_PASSWORD
        else:
            device.sip_password_hash = make_password(DEMO_SIP_PASSWORD)
    device.save()


def _ensure_settings(customer, name, domain):
    """Contoso's domain is claimed, Fabrikam's verified; Fabrikam prefers Cisco Jabber."""
    ensure(
        Domain,
        {"customer": customer, "name": domain},
        status=DomainStatus.CLAIMED if name == "Contoso Dental" else DomainStatus.VERIFIED,
        verification_token=demo_id("domain", domain).hex,
    )
    ensure(
        OrganizationSettings,
        {"customer": customer},
        email_locale=customer.language or "en_US",
        calling_behavior="cisco_jabber" if name == "Fabrikam Law" else "webex_app",
    )


def _ensure_user(customer, i, domain, admin_email, cycle, prefix, locations, today):
    email = admin_email if i == 0 else f"{FIRST[i].lower()}.{LAST[i].lower()}@{domain}"
    if Subscriber.objects.filter(pk=demo_id("subscriber", email)).exists():
        return  # history was written when this user was created; never rewrite it
    package = "webex_suite" if i == 0 else cycle[i % len(cycle)]
    location = locations[i % len(locations)]
    calling = package != "webex_meetings"
    # Joins spread over the last 90 days; user 1 joins at noon (a half day); users 3, 10, 17 and
    # 24 change package 20 days ago at 09:00; users 5 and 16 were removed 10 days ago at 18:00.
    joined = _at(today - timedelta(days=90 - (i * 5) % 80), 12 if i == 1 else 8)
    changes = i % 7 == 3 and joined < today - timedelta(days=21)
    changed = _at(today - timedelta(days=20), 9) if changes else None
    removed = _at(today - timedelta(days=10), 18) if i % 11 == 5 else None
    first_package = "webex_calling" if changed else package
    final_package = "webex_suite" if changed else package

    subscriber = Subscriber.objects.create(
        id=demo_id("subscriber", email),
        customer=customer,
        email=email,
        first_name=ADMIN_NAMES.get(email, (FIRST[i],))[0],
        last_name=ADMIN_NAMES.get(email, (None, LAST[i]))[1],
        package=final_package,
        status=Status.REMOVED if removed else Status.PROVISIONED,
        location=location,
        extension=f"{1000 + i}" if calling and not removed else "",
        removed_at=removed,
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=joined, last_status_change=removed or changed or joined
    )
    if changed:
        PackageAssignment.objects.create(
            customer=customer,
            subscriber=subscriber,
            package=first_package,
            started_at=joined,
            ended_at=changed,
        )
        PackageAssignment.objects.create(
            customer=customer,
            subscriber=subscriber,
            package=final_package,
            started_at=changed,
            ended_at=removed,
        )
    else:
        PackageAssignment.objects.create(
            customer=customer,
            subscriber=subscriber,
            package=final_package,
            started_at=joined,
            ended_at=removed,
        )
    if calling and not removed:
        free = (
            PhoneNumber.objects.filter(
                customer=customer,
                location=location,
                subscriber__isnull=True,
                workspace__isnull=True,
            )
            .order_by("number")
            .first()
        )
        if free is not None:
            free.subscriber = subscriber
            free.save(update_fields=["subscriber"])
