"""Customer administrator roles (FEATURES CH-7): full admin, read-only admin, user and device
admin, given to users of the organization and taken back."""

from django.db import transaction

from controlhub.models import Subscriber
from portal.access.roles import CUSTOMER_ROLES, Role
from portal.audit import Actor
from portal.errors import ApplicationError
from portal.models import Customer, CustomerRoleAssignment, User
from portal.services import role_grant, role_revoke


def _role(value) -> Role:
    try:
        role = Role(value)
    except ValueError:
        raise ApplicationError("Choose an administrator role.") from None
    if role not in CUSTOMER_ROLES:
        raise ApplicationError(f"{role.label} is not a customer administrator role.")
    return role


@transaction.atomic
def admin_role_assign(*, customer: Customer, subscriber: Subscriber, role, actor: Actor):
    """Make a user of the organization an administrator; they sign in with their email."""
    role = _role(role)
    if subscriber.customer_id != customer.pk or subscriber.removed_at is not None:
        raise ApplicationError("That user is not in this organization.", status=404)
    user = User.objects.filter(email=subscriber.email).first()
    if user is None:
        user = User(
            email=subscriber.email,
            first_name=subscriber.first_name,
            last_name=subscriber.last_name,
        )
        user.set_unusable_password()  # they set one through the invitation (out of scope here)
        user.full_clean()
        user.save()
    return role_grant(user=user, organization=customer, role=role, actor=actor)


@transaction.atomic
def admin_role_remove(*, customer: Customer, user: User, role, actor: Actor) -> None:
    """Take a role back; the organization always keeps one full administrator."""
    role = _role(role)
    assignments = CustomerRoleAssignment.objects.select_for_update().for_org(customer)
    if role == Role.CUSTOMER_FULL_ADMIN:
        full_admins = list(assignments.filter(role=role).values_list("user_id", flat=True))
        if full_admins == [user.pk]:
            raise ApplicationError(
                "This is the organization's last full administrator; make someone else a full "
                "administrator first.",
                status=409,
            )
    role_revoke(user=user, organization=customer, role=role, actor=actor)
