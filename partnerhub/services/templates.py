"""Onboarding templates (FEATURES PH-2): create, edit, delete — refused while customers use one."""

from django.db import transaction

from partnerhub.models import OidcIdentityProvider, SamlIdentityProvider
from portal.audit import Actor, audit_record, snapshot
from portal.catalogues import locales, regions
from portal.errors import ApplicationError
from portal.models import AuthenticationMode, OnboardingTemplate, Partner

TEMPLATE_FIELDS = [
    "name",
    "subscription_id",
    "authentication_mode",
    "idp_entity_id",
    "oidc_idp_name",
    "pstn_vendor",
    "default_language",
    "default_country",
    "allow_admin_invite_emails",
    "timezone",
    "voicemail_enabled",
    "call_recording_enabled",
]

#: Cloud Connected PSTN providers a template may name (seed 001 "Customer PSTN Setup").
PSTN_VENDORS = ["IntelePeer", "Lumen", "Bandwidth", "Telstra", "BT Wholesale", "Colt"]
#: Seed 001, shown next to the vendor choice.
PSTN_WARNING = (
    "Cisco does not recommend this optional setting: the vendor applies to the first location "
    "of new customers only, changing it later has no effect on existing customers or "
    "locations, and the vendor must cover the first location's country or provisioning fails."
)


def sso_options(partner: Partner) -> dict:
    """The partner's configured identity providers, offered by the template's auth step."""
    saml = SamlIdentityProvider.objects.for_org(partner).first()
    oidc = OidcIdentityProvider.objects.for_org(partner).first()
    return {
        "saml_entity_id": saml.entity_id if saml else "",
        "oidc_name": oidc.name if oidc else "",
    }


def _validate(partner: Partner, fields: dict, *, template: OnboardingTemplate | None) -> None:
    name = (fields.get("name") or "").strip()
    fields["name"] = name
    clash = OnboardingTemplate.objects.for_org(partner).filter(name__iexact=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ApplicationError(f"{partner.name} already has a template called {name}.")
    mode = fields.get("authentication_mode")
    if mode == AuthenticationMode.PARTNER_SSO_SAML and not fields.get("idp_entity_id"):
        raise ApplicationError("Partner SSO (SAML) needs the IdP entity ID.")
    if mode == AuthenticationMode.PARTNER_SSO_OIDC and not fields.get("oidc_idp_name"):
        raise ApplicationError("Partner SSO (OpenID Connect) needs the IdP name.")
    if mode != AuthenticationMode.PARTNER_SSO_SAML:
        fields["idp_entity_id"] = ""
    if mode != AuthenticationMode.PARTNER_SSO_OIDC:
        fields["oidc_idp_name"] = ""
    if fields.get("pstn_vendor") and fields["pstn_vendor"] not in PSTN_VENDORS:
        raise ApplicationError("Choose a Cloud Connected PSTN vendor from the list.")
    if not locales.is_supported(fields.get("default_language")):
        raise ApplicationError("Choose a supported language.")
    if not regions.is_known(fields.get("default_country")):
        raise ApplicationError("Choose a country.")


@transaction.atomic
def template_create(*, partner: Partner, actor: Actor, **fields) -> OnboardingTemplate:
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown template fields: {', '.join(sorted(unknown))}")
    _validate(partner, fields, template=None)
    template = OnboardingTemplate(partner=partner, **fields)
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action="template.create",
        organization=partner,
        target=template,
        after=snapshot(template, [*TEMPLATE_FIELDS, "provisioning_id"]),
    )
    return template


@transaction.atomic
def template_update(*, template: OnboardingTemplate, actor: Actor, **fields) -> OnboardingTemplate:
    """Changes apply to customers created afterwards; existing customers keep their settings."""
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown template fields: {', '.join(sorted(unknown))}")
    template = OnboardingTemplate.objects.select_for_update().get(pk=template.pk)
    _validate(template.partner, fields, template=template)
    before = snapshot(template, TEMPLATE_FIELDS)
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action="template.update",
        organization=template.partner,
        target=template,
        before=before,
        after=snapshot(template, TEMPLATE_FIELDS),
    )
    return template


def template_delete_refusal(template: OnboardingTemplate) -> str | None:
    """Why this template cannot be deleted now, or None."""
    used = template.customers.count()
    if used:
        return (
            f"{template.name} cannot be deleted: {used} customer"
            f"{' uses' if used == 1 else 's use'} it. A template is needed for as long as "
            "customers created with it exist."
        )
    return None


@transaction.atomic
def template_delete(*, template: OnboardingTemplate, actor: Actor, reason: str = "") -> None:
    """Delete a template nothing uses; the confirmation's reason is recorded with it."""
    template = OnboardingTemplate.objects.select_for_update().get(pk=template.pk)
    refusal = template_delete_refusal(template)
    if refusal:
        raise ApplicationError(refusal, status=409)
    before = snapshot(template, [*TEMPLATE_FIELDS, "provisioning_id"])
    audit_record(
        actor=actor,
        action="template.delete",
        organization=template.partner,
        target=template,
        before=before,
        after={"reason": reason[:500]} if reason else None,
    )
    template.delete()
