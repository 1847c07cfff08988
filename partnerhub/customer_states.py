"""The customer provisioning state machine (FEATURES PV-1, PV-2, PV-9): the one place that says
which status may follow which. Every transition is timestamped and audited."""

from django.utils import timezone

from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import Customer, CustomerStatus

S = CustomerStatus

#: Work is running in the background for customers in these states.
BUSY = frozenset({S.PROVISIONING, S.UPDATING, S.DELETING})
#: Outcomes of a provisioning or update run.
SETTLED = frozenset({S.PROVISIONED, S.PROVISIONED_WITH_ERRORS, S.ERROR})

TRANSITIONS: dict[str, frozenset[str]] = {
    # Accepted: screening may stop it for review; the run ends in one of the settled states.
    S.PROVISIONING: frozenset(
        {S.PROVISIONED, S.PROVISIONED_WITH_ERRORS, S.ERROR, S.PENDING_RPL_REVIEW, S.DELETING}
    ),
    # A reviewer's approval resumes the interrupted work; rejection or 72 hours stop it.
    S.PENDING_RPL_REVIEW: frozenset({S.PROVISIONING, S.UPDATING, S.ERROR, S.DELETING}),
    S.PROVISIONED: frozenset({S.UPDATING, S.DELETING}),
    S.PROVISIONED_WITH_ERRORS: frozenset({S.UPDATING, S.DELETING}),
    # An update is a new run; a changed billing address is screened again.
    S.UPDATING: frozenset(
        {S.PROVISIONED, S.PROVISIONED_WITH_ERRORS, S.ERROR, S.PENDING_RPL_REVIEW, S.DELETING}
    ),
    # Retried by an update (PUT) or given up with a delete.
    S.ERROR: frozenset({S.UPDATING, S.DELETING}),
    S.DELETING: frozenset({S.REMOVED, S.ERROR}),
    # Wholesale removed; attaching wholesale again starts over (PV-8).
    S.REMOVED: frozenset({S.PROVISIONING}),
}


def can_transition(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def start(customer: Customer, *, actor: Actor) -> Customer:
    """Enter the machine at `provisioning`: a new customer, or an org wholesale is attached to
    (PV-8), whose earlier status belongs to no wholesale run."""
    previous = customer.status if customer.pk and customer.status_changed_at else None
    customer.status = S.PROVISIONING
    customer.status_changed_at = timezone.now()
    customer.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="customer.status",
        organization=customer,
        before={"status": previous} if previous else None,
        after={"status": S.PROVISIONING},
    )
    return customer


def transition(customer: Customer, new: str, *, actor: Actor, reason: str = "") -> Customer:
    """Move `customer` (locked by the caller) to `new`; refuses a transition the table lacks.

    Saves status and its timestamp only; callers save other fields themselves.
    """
    current = customer.status
    if current == new:
        return customer
    if not can_transition(current, new):
        raise ApplicationError(
            f"{customer.name} is {customer.get_status_display().lower()}; it cannot become "
            f"{S(new).label.lower()} now.",
            status=409,
        )
    customer.status = new
    customer.status_changed_at = timezone.now()
    customer.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="customer.status",
        organization=customer,
        before={"status": current},
        after={"status": new, **({"reason": reason} if reason else {})},
    )
    return customer
