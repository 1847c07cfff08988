"""Wholesale Setup Assist (PH-11; seeds 001 and 002 "Onboarding with Wholesale Setup Assist").

The partner requests assisted onboarding for one customer location once the operator enabled it
(the A-Wholesale order, `WholesaleSubscription.setup_assist_enabled_at`); the SKU follows from
the seat count; the request must come at least six business days before the target
onboarding-completion date. The operator's Setup Assist team moves it through the flow's
phases; each phase change is audited and emailed to the partner; the last one completes it and
charges it (billing.OneTimeCharge: Express one unit, Standard one per seat), a cancelled request
is never charged.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.models import OneTimeItem
from controlhub.models import Location
from portal.access.roles import Role
from portal.accounts.mail import absolute, build_message
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError, Problem
from portal.integrity import refusing_duplicates
from portal.models import Customer, CustomerStatus, Partner, PartnerRoleAssignment
from wholesale.models import SetupAssistPhase, SetupAssistRequest, SetupAssistStatus

#: Express: a flat charge for a location of up to this many seats; more seats are Standard.
EXPRESS_MAX_SEATS = 5

#: The project phases of each flow, in order (seed 002 "Setup Assistance").
PHASES = {
    OneTimeItem.SETUP_ASSIST_EXPRESS: ("Discovery and Assessment", "Solution Design"),
    OneTimeItem.SETUP_ASSIST_STANDARD: (
        "Project Management",
        "Discovery and Assessment",
        "Solution Design",
        "Onboarding (testing) Planning",
        "Implementation",
        "Onboarding Execution",
        "Post-onboarding",
        "Operations handoff",
    ),
}

#: The seed's prerequisites, confirmed by the partner on each request.
PREREQUISITES = {
    "onboarded": "The partner is fully onboarded to Wholesale Route-to-Market (PSTN "
    "connectivity, third-party hosting requirements completed, OSS/BSS configured).",
    "provisioned": "The customer and its users are provisioned in Partner Hub or through the API.",
    "network": "The customer verified its network connectivity at cscan.webex.com.",
}


def item_for_seats(seats: int) -> str:
    """Express for a location of up to 5 seats, Standard for more (seed 001)."""
    if seats <= EXPRESS_MAX_SEATS:
        return OneTimeItem.SETUP_ASSIST_EXPRESS
    return OneTimeItem.SETUP_ASSIST_STANDARD


def phases_of(item: str) -> tuple[str, ...]:
    return PHASES[OneTimeItem(item)]


def holidays() -> frozenset[date]:
    return frozenset(date.fromisoformat(str(day)) for day in settings.SETUP_ASSIST_HOLIDAYS)


def is_business_day(day: date, off: frozenset[date] | None = None) -> bool:
    off = holidays() if off is None else off
    return day.weekday() < 5 and day not in off


def business_days_between(today: date, target: date) -> int:
    """Business days after `today` up to and including `target` (Monday–Friday, not a holiday
    of settings.SETUP_ASSIST_HOLIDAYS)."""
    off = holidays()
    count, day = 0, today + timedelta(days=1)
    while day <= target:
        count += is_business_day(day, off)
        day += timedelta(days=1)
    return count


def _field_error(field: str, message: str, status: int = 400) -> ApplicationError:
    return ApplicationError(message, status=status, field=field)


def _setup_assist_subscription(partner: Partner):
    subscription = billing_selectors.subscription_for(partner)
    price_list = subscription.price_list if subscription else None
    if price_list is None or price_list.setup_assist_enabled_at is None:
        raise ApplicationError(
            f"Wholesale Setup Assist is not enabled for {partner.name}: the operator enables it "
            "once the A-Wholesale order is placed.",
            status=403,
            code=4007,
        )
    return subscription


def _parse_seats(value) -> int:
    try:
        seats = int(str(value).strip())
    except (TypeError, ValueError):
        raise _field_error("seats", "Enter the number of seats as a whole number.") from None
    if seats < 1:
        raise _field_error("seats", "A location needs at least 1 seat.")
    if seats > 100000:
        raise _field_error("seats", "At most 100000 seats per location.")
    return seats


@transaction.atomic
def setup_assist_request_create(
    *,
    partner: Partner,
    customer: Customer,
    location_id,
    seats,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    target_date: date | None,
    prerequisites,
    actor: Actor,
    today: date | None = None,
) -> SetupAssistRequest:
    """Request Setup Assist for one of the customer's locations (the customer is already found
    inside the acting partner). Refusals name the field and the rule."""
    subscription = _setup_assist_subscription(partner)
    if customer.status not in {CustomerStatus.PROVISIONED, CustomerStatus.PROVISIONED_WITH_ERRORS}:
        raise ApplicationError(
            f"{customer.name} is not provisioned yet: request Setup Assist after provisioning.",
            status=409,
        )
    location = _customer_location(customer, location_id)
    if location is None:
        raise _field_error("location", "Choose one of the customer's locations.")
    seats = _parse_seats(seats)
    contact_name = (contact_name or "").strip()
    contact_email = (contact_email or "").strip()
    if not contact_name:
        raise _field_error("contact_name", "Enter the customer contact's name.")
    if "@" not in contact_email or len(contact_email) > 254:
        raise _field_error("contact_email", "Enter the customer contact's email address.")
    if target_date is None:
        raise _field_error("target_date", "Enter the target onboarding-completion date.")
    today = today or billing_selectors.usage.today_utc()
    lead = settings.SETUP_ASSIST_LEAD_BUSINESS_DAYS
    available = business_days_between(today, target_date)
    if available < lead:
        raise _field_error(
            "target_date",
            f"Requests must be submitted no later than {lead} business days before the target "
            f"onboarding-completion date: {target_date.isoformat()} is {available} business "
            f"day{'s' if available != 1 else ''} away (Monday–Friday, holidays excluded). "
            f"Choose {_earliest_target(today).isoformat()} or later.",
            status=422,
        )
    confirmed = sorted({str(key) for key in prerequisites or []} & set(PREREQUISITES))
    missing = [key for key in PREREQUISITES if key not in confirmed]
    if missing:
        raise _field_error(
            "prerequisites",
            "Confirm every prerequisite: " + " ".join(PREREQUISITES[key] for key in missing),
        )
    item = item_for_seats(seats)
    if item not in billing_selectors.skus_by_package(subscription):
        raise ApplicationError(
            f"The operator has not priced the {OneTimeItem(item).label} SKU for {partner.name} "
            "yet.",
            status=409,
            code=4008,
        )
    request = SetupAssistRequest(
        partner=customer.owner,
        customer=customer,
        location=location,
        seats=seats,
        item=item,
        contact_name=contact_name[:150],
        contact_email=contact_email,
        contact_phone=(contact_phone or "").strip()[:32],
        target_date=target_date,
        prerequisites=confirmed,
        requested_by=actor.user,
    )
    with refusing_duplicates(
        {
            "one_open_setup_assist_per_location": Problem(
                4009, f"{location.name} already has an open Setup Assist request.", 409
            )
        },
        field="location",
    ):
        request.save()
    audit_record(
        actor=actor,
        action="setup_assist.request",
        organization=customer,
        target=request,
        after={
            "location_id": location.pk,
            "seats": seats,
            "item": item,
            "target_date": target_date,
        },
    )
    return request


def _customer_location(customer: Customer, location_id):
    try:
        return Location.objects.for_org(customer).filter(pk=location_id).first()
    except (ValueError, TypeError, DjangoValidationError):
        return None


def _earliest_target(today: date) -> date:
    lead = settings.SETUP_ASSIST_LEAD_BUSINESS_DAYS
    day = today
    while business_days_between(today, day) < lead:
        day += timedelta(days=1)
    return day


def _locked(request: SetupAssistRequest) -> SetupAssistRequest:
    return (
        SetupAssistRequest.objects.select_for_update(of=("self",))
        .select_related("customer", "location", "partner")
        .get(pk=request.pk)
    )


@transaction.atomic
def setup_assist_cancel(*, request: SetupAssistRequest, actor: Actor) -> SetupAssistRequest:
    """Cancel an open request: it is never charged."""
    request = _locked(request)
    if not request.is_open:
        raise ApplicationError(
            f"The request is {request.get_status_display().lower()}; it cannot be cancelled.",
            status=409,
        )
    SetupAssistRequest.states.move(
        request,
        SetupAssistStatus.CANCELLED,
        actor=actor,
        organization=request.customer,
        action="setup_assist.cancel",
        target=request,
    )
    return request


def current_phase(request: SetupAssistRequest) -> str | None:
    phases = phases_of(request.item)
    return phases[request.phases_done] if request.phases_done < len(phases) else None


@transaction.atomic
def setup_assist_advance(
    *, request: SetupAssistRequest, note: str = "", day: date | None = None, actor: Actor
) -> SetupAssistRequest:
    """The Setup Assist team finishes the current phase (note, day, who; audited and emailed to
    the partner). Finishing the last phase completes the request on that day and charges it."""
    request = _locked(request)
    if not request.is_open:
        raise ApplicationError(
            f"The request is {request.get_status_display().lower()}: no phase is left.",
            status=409,
        )
    phases = phases_of(request.item)
    day = day or billing_selectors.usage.today_utc()
    number = request.phases_done + 1
    name = phases[number - 1]
    SetupAssistPhase.objects.create(
        request=request, number=number, name=name, note=(note or "").strip(), day=day, by=actor.user
    )
    if request.status == SetupAssistStatus.REQUESTED:
        SetupAssistRequest.states.move(
            request,
            SetupAssistStatus.IN_PROGRESS,
            actor=actor,
            organization=request.customer,
            action="setup_assist.start",
            target=request,
        )
    request.phases_done = number
    request.save(update_fields=["phases_done"])
    audit_record(
        actor=actor,
        action="setup_assist.phase",
        organization=request.customer,
        target=request,
        after={"phase": number, "name": name, "day": day, "note": (note or "").strip()},
    )
    if number == len(phases):
        SetupAssistRequest.states.move(
            request,
            SetupAssistStatus.COMPLETED,
            actor=actor,
            organization=request.customer,
            action="setup_assist.complete",
            target=request,
            changes={"completed_on": day},
        )
        billing_services.one_time_charge_create(
            partner=request.partner,
            customer=request.customer,
            location=request.location,
            item=request.item,
            quantity=1 if request.item == OneTimeItem.SETUP_ASSIST_EXPRESS else request.seats,
            day=day,
            reference=f"setup_assist:{request.pk}",
        )
    _notify_on_commit(request, number, name)
    return request


def _recipients(request: SetupAssistRequest) -> list[str]:
    emails = set()
    if request.requested_by_id and request.requested_by.email:
        emails.add(request.requested_by.email)
    if not emails:
        emails.update(
            PartnerRoleAssignment.objects.filter(
                partner=request.partner, role=Role.PARTNER_FULL_ADMIN
            ).values_list("user__email", flat=True)
        )
    return sorted(emails)


def _notify_on_commit(request: SetupAssistRequest, number: int, name: str) -> None:
    from django.urls import reverse

    phases = phases_of(request.item)
    context = {
        "request": request,
        "number": number,
        "name": name,
        "total": len(phases),
        "next_phase": phases[number] if number < len(phases) else None,
        "completed": number == len(phases),
        "url": absolute(
            reverse(
                "partnerhub:customer_setup_assist",
                kwargs={"partner_id": request.partner_id, "org_id": request.customer_id},
            )
        ),
    }
    recipients = _recipients(request)

    def send():
        for email in recipients:
            build_message(template="setup_assist_phase", context=context, to=email).send()

    transaction.on_commit(send)
