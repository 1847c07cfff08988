"""Wholesale demo data: one Wholesale Setup Assist request in each state for Acme Telecom's
customers (PH-11): requested (Contoso Dental, Riverside Clinic, Express), in progress (Fabrikam
Law, Manchester Office, Standard, three phases done), completed (Contoso Dental, Headquarters,
Express, charged on its completion day) and cancelled (Fabrikam Law, Headquarters, Standard).

Idempotent: each request is created once with its phases and charge (load_demo twice changes
nothing); the dates are relative to the first load. setup-assist@portal.example is the
operator's Setup Assist team (its console queue only).
"""

from datetime import timedelta

from billing import services as billing_services
from billing import usage
from controlhub.models import Location
from portal.access.roles import Role
from portal.demo import demo_id, ensure_user
from portal.models import Customer, PlatformRoleAssignment, User
from wholesale.models import SetupAssistPhase, SetupAssistRequest, SetupAssistStatus
from wholesale.services.setup_assist import PREREQUISITES, item_for_seats, phases_of

# (customer, location, seats, status, phases done, contact)
REQUESTS = [
    ("Contoso Dental", "Riverside Clinic", 4, SetupAssistStatus.REQUESTED, 0, "Rita Riverside"),
    ("Fabrikam Law", "Manchester Office", 12, SetupAssistStatus.IN_PROGRESS, 3, "Mo Manchester"),
    ("Contoso Dental", "Headquarters", 5, SetupAssistStatus.COMPLETED, 2, "Carla Contoso"),
    ("Fabrikam Law", "Headquarters", 8, SetupAssistStatus.CANCELLED, 1, "Fiona Fabrikam"),
]


def request_id(customer: str, location: str):
    return demo_id("setup_assist", f"{customer}/{location}")


TEAM_EMAIL = "setup-assist@portal.example"


def load() -> None:
    admin = User.objects.get(email="admin@acme-telecom.example")
    team = ensure_user(TEAM_EMAIL, "Sam", "Setup")
    PlatformRoleAssignment.objects.get_or_create(user=team, role=Role.SETUP_ASSIST_TEAM)
    today = usage.today_utc()
    for customer_name, location_name, seats, status, done, contact in REQUESTS:
        pk = request_id(customer_name, location_name)
        if SetupAssistRequest.objects.filter(pk=pk).exists():
            continue
        customer = Customer.objects.get(pk=demo_id("customer", customer_name))
        location = Location.objects.get(customer=customer, name=location_name)
        item = item_for_seats(seats)
        finished = status == SetupAssistStatus.COMPLETED
        last_day = usage.last_finished_day()
        request = SetupAssistRequest.objects.create(
            id=pk,
            partner=customer.owner,
            customer=customer,
            location=location,
            seats=seats,
            item=item,
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}@{customer_name.split()[0].lower()}.example",
            target_date=(last_day if finished else today + timedelta(days=21)),
            prerequisites=sorted(PREREQUISITES),
            status=status,
            phases_done=done,
            completed_on=last_day if finished else None,
            requested_by=admin,
        )
        phases = phases_of(item)
        for number in range(1, done + 1):
            day = (last_day if finished else today) - timedelta(days=done - number)
            SetupAssistPhase.objects.create(
                request=request,
                number=number,
                name=phases[number - 1],
                note=f"{phases[number - 1]} with {contact}.",
                day=day,
                by=team,
            )
        if finished:
            billing_services.one_time_charge_create(
                partner=customer.owner,
                customer=customer,
                location=location,
                item=item,
                quantity=1,
                day=last_day,
                reference=f"setup_assist:{request.pk}",
            )
