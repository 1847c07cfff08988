"""Partner Hub actions on one customer: Restricted-by-Partner mode (PH-7) and launching its
Control Hub (CH-1). Each write is one transaction and records an audit event."""

from django.db import transaction

from portal.audit import Actor, audit_record
from portal.models import Customer


@transaction.atomic
def customer_set_restricted_mode(
    *, customer: Customer, enabled: bool, actor: Actor, reason: str = ""
) -> Customer:
    """Turn Restricted by Partner Mode on or off (FEATURES PH-7); a no-op change is not audited.
    The confirmation's reason is recorded with the change."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.restricted_by_partner == enabled:
        return customer
    before = {"restricted_by_partner": customer.restricted_by_partner}
    customer.restricted_by_partner = enabled
    customer.save(update_fields=["restricted_by_partner", "updated_at"])
    audit_record(
        actor=actor,
        action="customer.restricted_mode_on" if enabled else "customer.restricted_mode_off",
        organization=customer,
        before=before,
        after={"restricted_by_partner": enabled, **({"reason": reason[:500]} if reason else {})},
    )
    return customer


def customer_launch(*, customer: Customer, actor: Actor) -> None:
    """Record that a partner admin opened the customer's Control Hub from Partner Hub."""
    audit_record(actor=actor, action="customer.launch", organization=customer)
