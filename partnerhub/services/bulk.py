"""Bulk actions on the Customers list (issue 16, PH-3): one tag or one partner administrator
for many customers at once, through the per-customer services (each change audited there), in
one transaction: a refusal for one customer changes none of them."""

from django.db import transaction

from partnerhub.models import CustomerTag
from partnerhub.services.admins import customer_partner_admin_assign
from partnerhub.services.tags import customer_tags_set, tag_name_clean
from portal.audit import Actor
from portal.models import Customer, User
from portal.models.roles import AssignedCustomerPermission


@transaction.atomic
def customers_tag_add(*, customers: list[Customer], name: str, actor: Actor) -> list[Customer]:
    """Add the tag `name` to each customer, keeping its other tags; an unknown name becomes a
    tag of the customer's partner. Returns the customers that did not have it yet."""
    name = tag_name_clean(name)
    changed = []
    for customer in customers:
        current = list(CustomerTag.objects.for_org(customer).values_list("tag__name", flat=True))
        if name.lower() in {n.lower() for n in current}:
            continue
        customer_tags_set(customer=customer, names=[*current, name], actor=actor)
        changed.append(customer)
    return changed


@transaction.atomic
def customers_partner_admin_assign(
    *, customers: list[Customer], user: User, actor: Actor
) -> list[Customer]:
    """Assign the partner administrator `user` to each customer. Returns the customers it was
    not assigned to yet; one it may not be assigned to (another partner's) refuses them all."""
    already = set(
        AssignedCustomerPermission.objects.filter(
            user=user, content_object__in=customers
        ).values_list("content_object_id", flat=True)
    )
    changed = []
    for customer in customers:
        if customer.pk in already:
            continue
        customer_partner_admin_assign(customer=customer, user=user, actor=actor)
        changed.append(customer)
    return changed
