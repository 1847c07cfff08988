"""Customer administrator roles (FEATURES CH-7): full admin, read-only admin, user and device
admin, given to users of the organization and taken back."""

from django.db import transaction

from controlhub.models import OrganizationSettings, Subscriber
from portal.access.roles import CUSTOMER_ROLES, Role
from portal.accounts.invitations import invitation_for, invitation_resend, invitation_send
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
        user.set_unusable_password()  # they choose one through the invitation
        user.full_clean()
        user.save()
    assignment = role_grant(user=user, organization=customer, role=role, actor=actor)
    customer_admin_invite(customer=customer, user=user, actor=actor)
    return assignment


def invite_settings(customer: Customer) -> dict:
    """The organization's "Email locale" and "Suppress admin invite emails" (CH-5)."""
    settings = OrganizationSettings.objects.for_org(customer).first()
    if settings is None:
        return {"locale": customer.language or None, "suppress_email": False}
    return {
        "locale": settings.email_locale,
        "suppress_email": settings.suppress_admin_invite_emails,
    }


def customer_admin_invite(
    *, customer: Customer, user: User, actor: Actor, invited_by: User | None = None
):
    """Invite a customer administrator who has no password yet, honouring the org's email
    settings; returns the invitation (None for someone who can sign in already)."""
    return invitation_send(
        user=user,
        organization=customer,
        actor=actor,
        invited_by=invited_by,
        **invite_settings(customer),
    )


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


def customer_admin_resend_invitation(*, customer: Customer, user: User, actor: Actor):
    """Resend (or, for an admin invited before invitations existed, send) the invitation."""
    invitation = invitation_for(customer, user.pk)
    if invitation is None:
        if user.has_usable_password():
            raise ApplicationError(f"{user.email} can sign in already.", status=409)
        return customer_admin_invite(customer=customer, user=user, actor=actor)
    settings = invite_settings(customer)
    return invitation_resend(
        invitation=invitation, actor=actor, suppress_email=settings["suppress_email"]
    )
