"""Partner SSO sign-in (FEATURES PH-10, AC-4): who signs in how, and the just-in-time link.

- Home-realm discovery: `realm_for_email` answers, from the email typed on /login/, whether the
  person signs in through a partner's IdP and whether a password is still allowed. The org is
  found by a verified or claimed email domain first, then by the account's own roles.
- A customer org signs in through its owner's IdP when its sign-in method is Partner SSO (set
  from the onboarding template at provisioning); an org that kept its own settings after an
  attach (PV-8: `onboarding_settings_apply` never overwrites them) is never routed to the
  partner. A partner's own admins go through the partner's IdP when it is marked required.
- `sso_sign_in_user` turns a validated assertion or ID token into the existing account: the
  email must be an invited account of an org routed to this IdP; nothing is ever created but the
  link row and the replay record.

The portal's /login/ view reaches `realm_for_email` through settings.SIGN_IN_REALM (the kernel
imports no app).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from controlhub.models import Domain, DomainStatus, OrganizationSettings, SignInMethod
from partnerhub.models import (
    OidcIdentityProvider,
    SamlIdentityProvider,
    SsoAssertionUse,
    SsoIdentity,
    SsoProtocol,
)
from portal.accounts.invitations import invitation_accept
from portal.audit import Actor, audit_record
from portal.errors import ApplicationError
from portal.models import (
    Customer,
    CustomerRoleAssignment,
    Partner,
    PartnerRoleAssignment,
    User,
)


class SsoRefused(ApplicationError):
    """A sign-in through an IdP that the portal refuses; the page says why in plain words."""

    def __init__(self, message: str, code: str = "sso_refused"):
        super().__init__(message, status=403)
        self.reason = code


@dataclass(frozen=True)
class Realm:
    """Where an email signs in: the IdP's partner and protocol, and whether a password may be
    used instead."""

    protocol: str  # SsoProtocol value
    partner: Partner  # whose IdP
    organization: Partner | Customer  # whose rule routed here
    password_allowed: bool
    idp_label: str

    def start_url(self, email: str = "", next_url: str = "") -> str:
        from urllib.parse import urlencode

        query = {k: v for k, v in (("email", email), ("next", next_url)) if v}
        path = reverse(f"sso_{self.protocol}_start", kwargs={"partner_id": self.partner.pk})
        return f"{path}?{urlencode(query)}" if query else path


def _partner_idp(partner: Partner, protocol: str):
    """The IdP of the partner, else of its parent (a sub-partner's customers may use the
    parent's SSO)."""
    model = SamlIdentityProvider if protocol == SsoProtocol.SAML else OidcIdentityProvider
    for owner in (partner, partner.parent) if partner.parent_id else (partner,):
        idp = model.objects.filter(partner=owner).select_related("partner").first()
        if idp is not None:
            return idp
    return None


def _customer_realm(customer: Customer) -> Realm | None:
    settings = OrganizationSettings.objects.filter(customer=customer).first()
    if settings is None:
        return None
    method = settings.sign_in_method
    if method == SignInMethod.PARTNER_SSO_SAML:
        idp = _partner_idp(customer.owner, SsoProtocol.SAML)
        # The template named an entity ID: only that IdP may sign the org's people in.
        if idp is None or (settings.idp_entity_id and settings.idp_entity_id != idp.entity_id):
            return None
        protocol, label = SsoProtocol.SAML, idp.entity_id
    elif method == SignInMethod.PARTNER_SSO_OIDC:
        idp = _partner_idp(customer.owner, SsoProtocol.OIDC)
        if idp is None or (
            settings.oidc_idp_name and settings.oidc_idp_name.lower() != idp.name.lower()
        ):
            return None
        protocol, label = SsoProtocol.OIDC, idp.name
    else:
        # Webex passwords, or the org's own SSO kept after an attach (PV-8): never the partner's.
        return None
    return Realm(
        protocol=protocol,
        partner=idp.partner,
        organization=customer,
        password_allowed=settings.allow_password_sign_in,
        idp_label=label,
    )


def _partner_realm(partner: Partner) -> Realm | None:
    for protocol in (SsoProtocol.OIDC, SsoProtocol.SAML):
        model = SamlIdentityProvider if protocol == SsoProtocol.SAML else OidcIdentityProvider
        idp = model.objects.filter(partner=partner, required_for_admins=True).first()
        if idp is not None:
            label = idp.entity_id if protocol == SsoProtocol.SAML else idp.name
            return Realm(
                protocol=protocol,
                partner=partner,
                organization=partner,
                password_allowed=False,
                idp_label=label,
            )
    return None


def realm_for_email(email: str) -> Realm | None:
    """Home-realm discovery: the IdP this email signs in through, or None for a password."""
    email = User.objects.normalize_email(email)
    domain_name = email.rpartition("@")[2]
    if domain_name:
        # A claimed domain belongs to one org; else the first org that verified it.
        domain = (
            Domain.objects.filter(
                name__iexact=domain_name,
                status__in=[DomainStatus.CLAIMED, DomainStatus.VERIFIED],
            )
            .select_related("customer__owner__parent")
            .order_by("status", "created_at")  # "claimed" sorts before "verified"
            .first()
        )
        if domain is not None:
            realm = _customer_realm(domain.customer)
            if realm is not None:
                return realm
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return None
    for assignment in PartnerRoleAssignment.objects.filter(user=user).select_related("partner"):
        realm = _partner_realm(assignment.partner)
        if realm is not None:
            return realm
    for assignment in CustomerRoleAssignment.objects.filter(user=user).select_related(
        "customer__owner__parent"
    ):
        realm = _customer_realm(assignment.customer)
        if realm is not None:
            return realm
    return None


def _routes_to(user: User, partner: Partner, protocol: str) -> Partner | Customer | None:
    """The org of the user that signs in through this partner's IdP, if any."""
    for assignment in PartnerRoleAssignment.objects.filter(user=user).select_related("partner"):
        realm = _partner_realm(assignment.partner)
        if realm and realm.partner == partner and realm.protocol == protocol:
            return assignment.partner
    for assignment in CustomerRoleAssignment.objects.filter(user=user).select_related(
        "customer__owner__parent"
    ):
        realm = _customer_realm(assignment.customer)
        if realm and realm.partner == partner and realm.protocol == protocol:
            return assignment.customer
    return None


def sso_record_use(
    *, partner: Partner, protocol: str, assertion_id: str, not_on_or_after: datetime
) -> None:
    """Refuse an assertion or ID token seen before (replay), else remember it."""
    if not assertion_id:
        raise SsoRefused("The identity provider's answer carries no identifier.", "sso_invalid")
    try:
        with transaction.atomic():
            SsoAssertionUse.objects.create(
                partner=partner,
                protocol=protocol,
                assertion_id=assertion_id[:255],
                not_on_or_after=not_on_or_after,
            )
    except IntegrityError:
        raise SsoRefused(
            "This sign-in answer was already used once. Sign in again from the start.",
            "sso_replayed",
        ) from None
    SsoAssertionUse.objects.filter(not_on_or_after__lt=timezone.now()).delete()


@transaction.atomic
def sso_sign_in_user(
    *,
    partner: Partner,
    protocol: str,
    subject: str,
    email: str,
    assertion_id: str,
    not_on_or_after: datetime,
) -> User:
    """The existing account an IdP vouched for; records the replay guard and the link. Never
    creates an account: an unknown email, or one whose org does not sign in through this IdP,
    is refused."""
    sso_record_use(
        partner=partner,
        protocol=protocol,
        assertion_id=assertion_id,
        not_on_or_after=not_on_or_after,
    )
    email = User.objects.normalize_email(email)
    if not email:
        raise SsoRefused("The identity provider sent no email address.", "sso_no_email")
    user = User.objects.filter(email=email).first()
    if user is None or not user.is_active:
        raise SsoRefused(
            f"There is no account for {email} here. Ask your administrator to invite you; "
            "signing in through your identity provider does not create one.",
            "sso_unknown_user",
        )
    subject = subject or email  # an IdP that names nobody but by the email attribute
    organization = _routes_to(user, partner, protocol)
    if organization is None:
        raise SsoRefused(
            f"The account {email} does not sign in through this identity provider.",
            "sso_wrong_idp",
        )
    link = (
        SsoIdentity.objects.select_for_update()
        .filter(partner=partner, protocol=protocol, subject=subject[:255])
        .first()
    )
    if link is not None and link.user_id != user.pk:
        raise SsoRefused(
            "This identity is linked to another account here. Ask your administrator.",
            "sso_subject_mismatch",
        )
    now = timezone.now()
    if link is None:
        # First sign-in through this IdP, or the IdP now names the person by another subject
        # (re-created account at the IdP): the email is the identity, the link follows it.
        link = (
            SsoIdentity.objects.select_for_update()
            .filter(partner=partner, protocol=protocol, user=user)
            .first()
        )
        before = {"subject": link.subject} if link else None
        if link is None:
            link = SsoIdentity(partner=partner, protocol=protocol, user=user)
        link.subject = subject[:255]
        link.last_used_at = now
        link.save()
        audit_record(
            actor=Actor(user=user),
            action="sso.link",
            organization=organization,
            target=user,
            before=before,
            after={"protocol": protocol, "subject": link.subject},
        )
    else:
        link.last_used_at = now
        link.save(update_fields=["last_used_at"])
    # Signing in through the IdP accepts an open invitation, as choosing a password does.
    invitation_accept(user=user)
    audit_record(
        actor=Actor(user=user),
        action=f"sso.sign_in_{protocol}",
        organization=organization,
        target=user,
    )
    return user
