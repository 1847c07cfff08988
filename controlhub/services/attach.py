"""The customer admin's decision on a partner's wholesale attach (FEATURES PV-8).

When the org has 100 users or more, or a verified or claimed domain, the partner's attach waits
for the org's full administrator, who approves or declines it in Control Hub. Approving enqueues
the provisioning task by name: the engine (wholesale) sits above Control Hub and is never
imported from here.
"""

from django.db import transaction
from django.utils import timezone

from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import Customer, CustomerPackage, CustomerStatus, PackageStatus
from portal.tasks import enqueue

#: The error a declined attach leaves on the customer, for the partner's GET (PV-8).
ATTACH_DECLINED = {
    "errorCode": 2580,
    "description": "The organization's administrator declined the wholesale attach request.",
}


def _awaiting_attach(customer: Customer) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer.awaits_attach_approval:
        raise ApplicationError("No wholesale attach is waiting for approval.", status=409)
    return customer


@transaction.atomic
def customer_attach_approve(*, customer: Customer, actor: Actor) -> Customer:
    """The org's admin lets the partner attach wholesale (PV-8); provisioning then starts."""
    customer = _awaiting_attach(customer)
    customer.attach_approved_at = timezone.now()
    customer.save(update_fields=["attach_approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="customer.attach_approve",
        organization=customer,
        after={"partner": str(customer.owner_id), "partner_access": customer.partner_access},
    )
    enqueue("wholesale.tasks.provision_customer", str(customer.pk))
    return customer


@transaction.atomic
def customer_attach_decline(*, customer: Customer, actor: Actor) -> Customer:
    """The org's admin refuses the attach (PV-8): nothing is provisioned, the customer shows
    `error` to the partner, and the request stays unapproved, so a later update by the partner
    asks the admin again rather than provisioning without approval."""
    customer = _awaiting_attach(customer)
    customer.errors = [ATTACH_DECLINED]
    customer.save(update_fields=["errors", "updated_at"])
    CustomerPackage.objects.for_org(customer).update(status=PackageStatus.ERROR)
    customer.transition(CustomerStatus.ERROR, actor=actor, reason="declined")
    audit_record(
        actor=actor,
        action="customer.attach_decline",
        organization=customer,
        after={"partner": str(customer.owner_id)},
    )
    return customer
