"""The one catalogue of display names (issue 16): what people read instead of codes.

Packages, locales, statuses and roles each have one name here (or in the catalogue this one
reads: `packages.Package.label`, `roles.ROLE_LABELS`, the models' TextChoices), and field
names, including the API's camelCase ones, become words. Templates use the `names` filters
(`portal/templatetags/names.py`); the audit log turns each event into "field: before → after"
lines with names instead of ids (`audit_changes`, `action_name`).
"""

import re
from uuid import UUID

from portal.catalogues import locales, packages

LOCALE_NAMES = {
    "en_US": "English (United States)",
    "en_AU": "English (Australia)",
    "en_GB": "English (United Kingdom)",
    "en_CA": "English (Canada)",
    "fr_FR": "French (France)",
    "fr_CA": "French (Canada)",
    "cs_CZ": "Czech",
    "da_DK": "Danish",
    "de_DE": "German",
    "hu_HU": "Hungarian",
    "id_ID": "Indonesian",
    "it_IT": "Italian",
    "ja_JP": "Japanese",
    "ko_KR": "Korean",
    "es_ES": "Spanish (Spain)",
    "es_CO": "Spanish (Colombia)",
    "es_MX": "Spanish (Mexico)",
    "nl_NL": "Dutch",
    "nb_NO": "Norwegian Bokmål",
    "pl_PL": "Polish",
    "pt_PT": "Portuguese (Portugal)",
    "pt_BR": "Portuguese (Brazil)",
    "ru_RU": "Russian",
    "ro_RO": "Romanian",
    "zh_CN": "Chinese (Simplified)",
    "zh_TW": "Chinese (Traditional)",
    "sv_SE": "Swedish",
    "ar_SA": "Arabic",
    "tr_TR": "Turkish",
}
#: For form selects: the stored value stays the code, people see the name.
LOCALE_CHOICES = sorted(
    ((code, LOCALE_NAMES.get(code, code)) for code in locales.SUPPORTED), key=lambda c: c[1]
)

#: Every status value of the four state machines and the smaller ones, in words.
STATUS_NAMES = {
    "provisioning": "Provisioning",
    "provisioned": "Provisioned",
    "provisioned_with_errors": "Provisioned with errors",
    "error": "Error",
    "updating": "Updating",
    "deleting": "Deleting",
    "pending_rpl_review": "In compliance review",
    "pending_user_migration": "Pending user migration",
    "removed": "Removed",
    "active": "Active",
    "suspended": "Suspended",
    "open": "Waiting for review",
    "approved": "Approved",
    "rejected": "Rejected",
    "expired": "Expired",
    "IN_PROGRESS": "In progress",
    "COMPLETED": "Completed",
    "FAILED": "Failed",
    "unverified": "Not verified",
    "verified": "Verified",
    "claimed": "Claimed",
    "queued": "Sending",
    "sent": "Sent",
    "failed": "Not delivered",
}

#: Field names that words alone would not say well (snake_case and the API's camelCase).
FIELD_NAMES = {
    "primary_email": "Administrator email",
    "primaryEmail": "Administrator email",
    "external_id": "External ID",
    "externalId": "External ID",
    "provisioning_id": "Provisioning ID",
    "provisioningId": "Provisioning ID",
    "restricted_by_partner": "Restricted by Partner mode",
    "language": "Language",
    "default_language": "Language",
    "email_locale": "Email language",
    "package": "Package",
    "packages": "Packages",
    "package_limits": "Package limits",
    "status": "Status",
    "state": "State",
    "owner": "Managed by",
    "owner_id": "Managed by",
    "location": "Location",
    "location_id": "Location",
    "phone_number": "Phone number",
    "idp_entity_id": "IdP entity ID",
    "oidc_idp_name": "OpenID Connect IdP",
    "pstn_vendor": "PSTN vendor",
    "subscription_id": "Wholesale subscription",
    "billingStartDate": "Billing start date",
    "billingEndDate": "Billing end date",
    "orgId": "Organization",
    "org_id": "Organization",
    "customer": "Customer",
    "customer_id": "Customer",
    "partner": "Partner",
    "partner_id": "Partner",
    "role": "Role",
    "roles": "Roles",
    "reason": "Reason",
    "decision": "Decision",
    "note": "Note",
    "tags": "Tags",
}

#: Actions in words; others are made from their code ("customer.provision" → "Customer provision").
ACTION_NAMES = {
    "api_token.issue": "API token issued",
    "api_token.revoke": "API token revoked",
    "billing.report_create": "Billing report requested",
    "billing.report_delete": "Billing report deleted",
    "billing.report_completed": "Billing report completed",
    "billing.report_failed": "Billing report failed",
    "billing.sku_set": "SKU price set",
    "billing.subscription_create": "Wholesale subscription created",
    "billing.subscription_share": "Wholesale subscription shared",
    "branding.override_removed": "Customer branding override removed",
    "branding.update": "Branding changed",
    "customer.assign_partner_admin": "Partner administrator assigned",
    "customer.unassign_partner_admin": "Partner administrator unassigned",
    "customer.attach_approve": "Partner access approved",
    "customer.attach_decline": "Partner access declined",
    "customer.launch": "Control Hub opened by the partner",
    "customer.provision": "Customer created",
    "customer.remove_wholesale": "Wholesale services removed",
    "customer.restricted_mode_on": "Restricted by Partner mode turned on",
    "customer.restricted_mode_off": "Restricted by Partner mode turned off",
    "customer.retry": "Provisioning retried",
    "customer.status": "Customer status changed",
    "customer.tags_set": "Customer tags changed",
    "customer.update": "Customer changed",
    "domain.add": "Domain added",
    "domain.verify": "Domain verified",
    "domain.claim": "Domain claimed",
    "domain.remove": "Domain removed",
    "invitation.accept": "Invitation accepted",
    "invitation.send": "Invitation sent",
    "location.create": "Location added",
    "location.delete": "Location deleted",
    "location.update": "Location changed",
    "numbers.add": "Phone numbers added",
    "organization.rename": "Organization renamed",
    "partner.create": "Partner created",
    "partner.two_factor_policy": "Two-step verification policy changed",
    "partner_admin.invite": "Partner administrator invited",
    "role.grant": "Role granted",
    "role.revoke": "Role removed",
    "screening.open": "Compliance review opened",
    "screening.approved": "Compliance review approved",
    "screening.rejected": "Compliance review rejected",
    "screening.expired": "Compliance review expired",
    "sso.oidc_configure": "OpenID Connect set up",
    "sso.saml_metadata_upload": "SAML metadata uploaded",
    "sub_partner.cross_launch": "Sub-partner's Partner Hub opened",
    "sub_partner.set_up": "Sub-partner set up",
    "sub_partner.suspend": "Sub-partner suspended",
    "sub_partner.activate": "Sub-partner activated",
    "subscriber.change_package": "User's package changed",
    "subscriber.create": "User added",
    "subscriber.error": "User provisioning failed",
    "subscriber.provisioned": "User provisioned",
    "subscriber.remove": "User removed",
    "subscriber.set_primary_number": "User's phone number changed",
    "subscriber.update": "User changed",
    "subscriber.update_services": "User's services changed",
    "subscription.tags_set": "Subscription tags changed",
    "tag.create": "Tag created",
    "tag.delete": "Tag deleted",
    "tag.rename": "Tag renamed",
    "template.create": "Template created",
    "template.delete": "Template deleted",
    "template.update": "Template changed",
}

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def locale_name(code) -> str:
    code = str(code or "")
    return LOCALE_NAMES.get(locales.normalize(code) or code, code)


def package_name(code) -> str:
    try:
        return packages.Package(str(code)).label
    except ValueError:
        return str(code)


def role_name(code) -> str:
    from portal.access.roles import ROLE_LABELS, Role

    try:
        return ROLE_LABELS[Role(str(code))]
    except (KeyError, ValueError):
        return str(code)


def status_name(code) -> str:
    return STATUS_NAMES.get(str(code), str(code).replace("_", " ").capitalize())


def field_name(key) -> str:
    key = str(key)
    if key in FIELD_NAMES:
        return FIELD_NAMES[key]
    words = _CAMEL.sub(" ", key).replace("_", " ").replace(".", " ").strip()
    words = re.sub(r"\bid\b", "ID", words, flags=re.IGNORECASE)
    return words[:1].upper() + words[1:].lower().replace(" id", " ID") if words else key


def action_name(action: str) -> str:
    if action in ACTION_NAMES:
        return ACTION_NAMES[action]
    return field_name(action.replace(".", "_"))


def is_id(value) -> bool:
    return isinstance(value, str) and bool(_UUID.match(value))


def value_name(key, value, id_names: dict[str, str] | None = None) -> str:
    """One value as people read it: names for packages, locales, statuses, roles and ids."""
    id_names = id_names or {}
    key = str(key)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "On" if value else "Off"
    if isinstance(value, list):
        return ", ".join(value_name(key, v, id_names) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(
            f"{field_name(k) if not _known_code(k) else value_name(key, k, id_names)}: "
            f"{value_name(k, v, id_names)}"
            for k, v in value.items()
        )
    text = str(value)
    if is_id(text):
        return id_names.get(text.replace("-", "").lower(), "another record")
    low = key.lower()
    if "package" in low:
        return package_name(text)
    if "language" in low or "locale" in low:
        return locale_name(text)
    if low in {"status", "state"} or low.endswith("_status"):
        return status_name(text)
    if "role" in low:
        return role_name(text)
    return text


def _known_code(key) -> bool:
    try:
        packages.Package(str(key))
    except ValueError:
        return False
    return True


def audit_changes(before, after, id_names=None) -> list[tuple[str, str, str | None]]:
    """[(field, before, after)] for the fields an event changed; after is None when the event
    only says what was (a delete) and before "—" when it only says what is (a create)."""
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        rows.append(
            (
                field_name(key),
                value_name(key, old, id_names) if key in before else "—",
                value_name(key, new, id_names) if key in after else None,
            )
        )
    return rows


def collect_ids(events) -> set[str]:
    """Every id inside the events' before/after, to name them all with one query per kind."""
    found: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif is_id(value):
            found.add(value)

    for event in events:
        walk(event.before)
        walk(event.after)
    return found


def id_names(ids: set[str]) -> dict[str, str]:
    """Names of the organizations, people, users, locations and templates behind these ids.

    The kernel imports no app: models above it are found by name at run time."""
    if not ids:
        return {}
    from django.apps import apps

    uuids = []
    for value in ids:
        try:
            uuids.append(UUID(value))
        except ValueError:
            continue
    names: dict[str, str] = {}
    for label, attribute in (
        ("portal.Partner", "name"),
        ("portal.Customer", "name"),
        ("portal.OnboardingTemplate", "name"),
        ("controlhub.Location", "name"),
        ("controlhub.Subscriber", "email"),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._meta.pk.get_internal_type() != "UUIDField":
            continue
        for pk, name in model._default_manager.filter(pk__in=uuids).values_list("pk", attribute):
            names[pk.hex] = str(name)
    return names
