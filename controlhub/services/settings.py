"""Account, organization and calling settings (FEATURES CH-5, CH-6). Which of them a customer
administrator may change is the access layer's answer, checked by the views; these functions
validate and record the change."""

from django.db import transaction

from controlhub.models import PARTNER_SSO_METHODS, OrganizationSettings, SignInMethod
from portal.audit import Actor, audit_record, snapshot
from portal.errors import ApplicationError
from portal.models import Customer


@transaction.atomic
def company_name_update(*, customer: Customer, actor: Actor, name: str) -> Customer:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Enter the company name.")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    before = {"name": customer.name}
    if name == customer.name:
        return customer
    customer.name = name
    customer.full_clean()
    customer.save(update_fields=["name", "updated_at"])
    audit_record(
        actor=actor,
        action="organization.rename",
        organization=customer,
        before=before,
        after={"name": name},
    )
    return customer


def _settings_update(customer: Customer, actor: Actor, action: str, **fields):
    settings, _ = OrganizationSettings.objects.select_for_update().get_or_create(customer=customer)
    before = snapshot(settings, list(fields))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    after = snapshot(settings, list(fields))
    if after != before:
        audit_record(
            actor=actor,
            action=action,
            organization=customer,
            target=settings,
            before=before,
            after=after,
        )
    return settings


@transaction.atomic
def email_settings_update(
    *, customer: Customer, actor: Actor, suppress_admin_invite_emails: bool, email_locale: str
) -> OrganizationSettings:
    return _settings_update(
        customer,
        actor,
        "settings.email",
        suppress_admin_invite_emails=suppress_admin_invite_emails,
        email_locale=email_locale,
    )


@transaction.atomic
def authentication_update(
    *,
    customer: Customer,
    actor: Actor,
    sign_in_method: str,
    idp_entity_id: str,
    allow_password_sign_in: bool = True,
) -> OrganizationSettings:
    """The org's authentication (CH-5). Partner SSO (PH-10) can be kept, with or without the
    password fallback, but not chosen: it comes from the partner's onboarding template."""
    if sign_in_method in PARTNER_SSO_METHODS:
        current, _ = OrganizationSettings.objects.get_or_create(customer=customer)
        if current.sign_in_method != sign_in_method:
            raise ApplicationError(
                "Partner SSO is set by your partner's onboarding template.",
                field="sign_in_method",
            )
        return _settings_update(
            customer,
            actor,
            "settings.authentication",
            allow_password_sign_in=allow_password_sign_in,
        )
    if sign_in_method == "sso" and not idp_entity_id.strip():
        raise ApplicationError("Single sign-on needs your identity provider's entity ID.")
    return _settings_update(
        customer,
        actor,
        "settings.authentication",
        sign_in_method=sign_in_method,
        idp_entity_id=idp_entity_id.strip() if sign_in_method == "sso" else "",
        oidc_idp_name="",
    )


#: Onboarding template authentication modes (portal.models.AuthenticationMode values).
_PARTNER_SSO = {
    "partner_sso_saml": SignInMethod.PARTNER_SSO_SAML,
    "partner_sso_oidc": SignInMethod.PARTNER_SSO_OIDC,
}


@transaction.atomic
def onboarding_settings_apply(
    *,
    customer: Customer,
    actor: Actor,
    authentication_mode: str | None = None,
    idp_entity_id: str = "",
    oidc_idp_name: str = "",
    meetings_timezone: str | None = None,
) -> OrganizationSettings:
    """Record what provisioning sets from the onboarding template and the request (PH-2, PV-1):
    how users sign in and the meetings site's time zone. None leaves a setting as it is, which is
    how an attached org keeps its own authentication (PV-8); running it again changes nothing."""
    fields = {}
    if authentication_mode is not None:
        method = _PARTNER_SSO.get(authentication_mode, SignInMethod.WEBEX)
        fields.update(
            sign_in_method=method,
            idp_entity_id=idp_entity_id.strip() if method == SignInMethod.PARTNER_SSO_SAML else "",
            oidc_idp_name=oidc_idp_name.strip() if method == SignInMethod.PARTNER_SSO_OIDC else "",
        )
    if meetings_timezone:
        fields["meetings_timezone"] = meetings_timezone
    if not fields:
        settings, _ = OrganizationSettings.objects.get_or_create(customer=customer)
        return settings
    return _settings_update(customer, actor, "settings.onboarding", **fields)


@transaction.atomic
def call_priority_update(*, customer: Customer, actor: Actor, call_priority: str):
    return _settings_update(customer, actor, "calling.call_priority", call_priority=call_priority)


@transaction.atomic
def calling_behavior_update(*, customer: Customer, actor: Actor, calling_behavior: str):
    return _settings_update(
        customer, actor, "calling.calling_behavior", calling_behavior=calling_behavior
    )
