"""Roles as sets of permission codenames, and the rules that combine them.

Everything that decides *what* a role may do lives here; portal.access.entitlements and
portal.access.scoping only apply these sets (one to a single organization in Python, the
other to many in SQL), and a test checks that they agree.
"""

from enum import StrEnum

from portal.access import permissions as p


class Role(StrEnum):
    # Partner roles (held in a Partner)
    PARTNER_FULL_ADMIN = "partner_full_admin"
    PARTNER_READONLY_ADMIN = "partner_readonly_admin"
    PARTNER_ADMIN = "partner_admin"  # sees only the customers assigned to them
    WHOLESALE_ADMIN = "wholesale_admin"
    # Customer roles (held in a Customer)
    CUSTOMER_FULL_ADMIN = "customer_full_admin"
    CUSTOMER_READONLY_ADMIN = "customer_readonly_admin"
    USER_DEVICE_ADMIN = "user_device_admin"
    # Platform roles (held nowhere in particular)
    COMPLIANCE_REVIEWER = "compliance_reviewer"
    OPERATOR = "operator"
    SETUP_ASSIST_TEAM = "setup_assist_team"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PARTNER_FULL_ADMIN: "Partner full administrator",
    Role.PARTNER_READONLY_ADMIN: "Partner read-only administrator",
    Role.PARTNER_ADMIN: "Partner administrator",
    Role.WHOLESALE_ADMIN: "Wholesale provisioning administrator",
    Role.CUSTOMER_FULL_ADMIN: "Full administrator",
    Role.CUSTOMER_READONLY_ADMIN: "Read-only administrator",
    Role.USER_DEVICE_ADMIN: "User and device administrator",
    Role.COMPLIANCE_REVIEWER: "Compliance reviewer",
    Role.OPERATOR: "Operator",
    Role.SETUP_ASSIST_TEAM: "Setup Assist team",
}

PARTNER_ROLES = (
    Role.PARTNER_FULL_ADMIN,
    Role.PARTNER_READONLY_ADMIN,
    Role.PARTNER_ADMIN,
    Role.WHOLESALE_ADMIN,
)
CUSTOMER_ROLES = (Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_READONLY_ADMIN, Role.USER_DEVICE_ADMIN)
PLATFORM_ROLES = (Role.COMPLIANCE_REVIEWER, Role.OPERATOR, Role.SETUP_ASSIST_TEAM)

# --- Partner Hub ---------------------------------------------------------------------------------
PARTNER_READ = frozenset(
    {
        p.PARTNER_VIEW,
        p.PARTNER_VIEW_CUSTOMERS,
        p.PARTNER_VIEW_ALL_CUSTOMERS,
        p.PARTNER_VIEW_TEMPLATES,
        p.PARTNER_VIEW_ADMINS,
        p.PARTNER_VIEW_SETTINGS,
        p.PARTNER_VIEW_REPORTS,
        p.PARTNER_VIEW_INVOICES,
        p.PARTNER_VIEW_ANALYTICS,
        p.PARTNER_VIEW_SERVICES,
        p.PARTNER_WHOLESALE_READ,
        p.PARTNER_VIEW_AUDIT,
    }
)
PARTNER_FULL = PARTNER_READ | {
    p.PARTNER_CREATE_CUSTOMERS,
    p.PARTNER_MANAGE_TEMPLATES,
    p.PARTNER_MANAGE_ADMINS,
    p.PARTNER_MANAGE_TAGS,
    p.PARTNER_MANAGE_BRANDING,
    p.PARTNER_MANAGE_SSO,
    p.PARTNER_MANAGE_REPORTS,
    p.PARTNER_MANAGE_RELEASES,
    p.PARTNER_START_TRIALS,
}

PARTNER_ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.PARTNER_FULL_ADMIN: PARTNER_FULL,
    Role.PARTNER_READONLY_ADMIN: PARTNER_READ,
    Role.PARTNER_ADMIN: frozenset(
        {
            p.PARTNER_VIEW,
            p.PARTNER_VIEW_CUSTOMERS,
            p.PARTNER_CREATE_CUSTOMERS,
            p.PARTNER_VIEW_TEMPLATES,
            p.PARTNER_VIEW_ADMINS,
            p.PARTNER_MANAGE_TAGS,
            p.PARTNER_VIEW_SETTINGS,
            p.PARTNER_VIEW_AUDIT,
        }
    ),
    Role.WHOLESALE_ADMIN: frozenset(
        {
            p.PARTNER_VIEW,
            p.PARTNER_VIEW_CUSTOMERS,
            p.PARTNER_VIEW_ALL_CUSTOMERS,
            p.PARTNER_CREATE_CUSTOMERS,
            p.PARTNER_VIEW_TEMPLATES,
            p.PARTNER_MANAGE_TEMPLATES,
            p.PARTNER_VIEW_REPORTS,
            p.PARTNER_MANAGE_REPORTS,
            p.PARTNER_VIEW_INVOICES,
            p.PARTNER_WHOLESALE_READ,
            p.PARTNER_WHOLESALE_WRITE,
        }
    ),
}

# Seed 001: the "Indirect providers" tab is for admins holding *both* roles.
INDIRECT_PROVIDER_ROLES = frozenset({Role.PARTNER_FULL_ADMIN, Role.WHOLESALE_ADMIN})
INDIRECT_PROVIDER_PERMISSIONS = frozenset(
    {p.PARTNER_VIEW_SUBPARTNERS, p.PARTNER_MANAGE_SUBPARTNERS}
)

# Seed 001: cross-launched into a sub-partner's Partner Hub these are unavailable.
CROSS_LAUNCH_UNAVAILABLE = frozenset(
    {
        p.PARTNER_VIEW_ANALYTICS,
        p.PARTNER_VIEW_SERVICES,
        p.PARTNER_VIEW_REPORTS,
        p.PARTNER_MANAGE_REPORTS,
        p.PARTNER_VIEW_INVOICES,
        p.PARTNER_MANAGE_RELEASES,
        p.PARTNER_START_TRIALS,
    }
)
# A parent admin cross-launched into a sub-partner acts with full + wholesale rights, minus the
# above, and cannot manage sub-partners there (one level only).
CROSS_LAUNCH_PERMISSIONS = (
    PARTNER_FULL | PARTNER_ROLE_PERMISSIONS[Role.WHOLESALE_ADMIN]
) - CROSS_LAUNCH_UNAVAILABLE

# --- Control Hub ---------------------------------------------------------------------------------
CUSTOMER_READ = frozenset(
    {
        p.ORG_VIEW,
        p.ORG_VIEW_USERS,
        p.ORG_VIEW_SERVICES_STATUS,
        p.ORG_VIEW_LOCATIONS,
        p.ORG_VIEW_NUMBERS,
        p.ORG_VIEW_ACCOUNT,
        p.ORG_VIEW_SETTINGS,
        p.ORG_VIEW_CALLING,
        p.ORG_VIEW_AUDIT,
        p.ORG_VIEW_WORKSPACES,
        p.ORG_VIEW_DEVICES,
    }
)
# Seed 001: "Customer administrators will face several restrictions, regardless of the
# Restricted-by-Partner Mode" (FEATURES CH-14), item by item:
#   - Call Settings: App Options Call Priority is read-only → org.manage_call_priority;
#   - Location Setup: setting up calling after location creation is hidden, and
#   - PSTN Management and Call Recording are greyed out for the location → org.manage_pstn
#     (with the two PSTN options behind it) and org.manage_call_recording;
#   - Phone Number Management is disabled → org.manage_numbers.
# tests/controlhub/test_always_on_restrictions.py checks each one in views and templates.
ALWAYS_PARTNER_ONLY = frozenset(
    {
        p.ORG_MANAGE_CALL_PRIORITY,
        p.ORG_MANAGE_PSTN,
        p.ORG_USE_LOCAL_GATEWAY,
        p.ORG_USE_CISCO_PSTN,
        p.ORG_MANAGE_CALL_RECORDING,
        p.ORG_MANAGE_NUMBERS,
    }
)
# What customer admins never get, whatever the mode: the list above, directory sync (for
# partner-level admins), and flipping the mode itself.
PARTNER_ONLY_CUSTOMER_PERMISSIONS = ALWAYS_PARTNER_ONLY | {
    p.ORG_EDIT_DIRECTORY_SYNC,
    p.ORG_MANAGE_RESTRICTED_MODE,
}
CUSTOMER_FULL = CUSTOMER_READ | {
    p.ORG_MANAGE_USERS,
    p.ORG_EDIT_USER_DETAILS,
    p.ORG_CHANGE_PACKAGE,
    p.ORG_EDIT_USER_SERVICES,
    p.ORG_EDIT_PRIMARY_WORK_NUMBER,
    p.ORG_CLAIM_USERS,
    p.ORG_AUTO_ASSIGN_LICENSES,
    p.ORG_MANAGE_USER_ROLES,
    p.ORG_MANAGE_LOCATIONS,
    p.ORG_MANAGE_DEVICES,
    p.ORG_MANAGE_WORKSPACES,
    p.ORG_MANAGE_MEETINGS,
    p.ORG_EDIT_COMPANY_NAME,
    p.ORG_MANAGE_DOMAINS,
    p.ORG_MANAGE_EMAIL_SETTINGS,
    p.ORG_MANAGE_AUTHENTICATION,
    p.ORG_MANAGE_CALLING_BEHAVIOR,
    p.ORG_USE_MIGRATIONS,
    p.ORG_USE_CONNECTED_UC,
    p.ORG_MANAGE_BRANDING_OVERRIDE,
    p.ORG_APPROVE_PARTNER_ATTACH,
}
# What only the org's own full administrators decide, never a partner acting in the org: whether
# a partner may attach wholesale to it (seed 001 "Attaching … to an Existing Customer
# Organization": the customer organization administrator must approve).
CUSTOMER_ONLY_PERMISSIONS = frozenset({p.ORG_APPROVE_PARTNER_ATTACH})

CUSTOMER_ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.CUSTOMER_FULL_ADMIN: CUSTOMER_FULL,
    Role.CUSTOMER_READONLY_ADMIN: CUSTOMER_READ,
    Role.USER_DEVICE_ADMIN: frozenset(
        {
            p.ORG_VIEW,
            p.ORG_VIEW_USERS,
            p.ORG_MANAGE_USERS,
            p.ORG_EDIT_USER_DETAILS,
            p.ORG_CHANGE_PACKAGE,
            p.ORG_EDIT_USER_SERVICES,
            p.ORG_VIEW_SERVICES_STATUS,
            p.ORG_EDIT_PRIMARY_WORK_NUMBER,
            p.ORG_VIEW_LOCATIONS,
            p.ORG_VIEW_NUMBERS,
            # Devices and the workspaces they sit in (CH-12, seed 001 "Device Onboarding").
            p.ORG_VIEW_DEVICES,
            p.ORG_MANAGE_DEVICES,
            p.ORG_VIEW_WORKSPACES,
            p.ORG_MANAGE_WORKSPACES,
        }
    ),
}

# What a partner role gives inside the customers its partner manages. Partner admins are never
# limited by Restricted-by-Partner mode.
PARTNER_CUSTOMER_FULL = (
    CUSTOMER_FULL - CUSTOMER_ONLY_PERMISSIONS
) | PARTNER_ONLY_CUSTOMER_PERMISSIONS
PARTNER_ROLE_CUSTOMER_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.PARTNER_FULL_ADMIN: PARTNER_CUSTOMER_FULL,
    Role.PARTNER_READONLY_ADMIN: CUSTOMER_READ,
    Role.PARTNER_ADMIN: PARTNER_CUSTOMER_FULL,
}
# --- Partner access after an attach (PV-8, CH-7; seed 001 "Automatic Attachment Scenario") ------
# Attaching wholesale to an org that already holds active licenses makes the partner its
# "provisioning admin" (Customer.partner_access, the value below): "limited visibility in Control
# Hub to the users in the existing org" — it provisions wholesale users and packages, and leaves
# the rest of the org to the org's own administrators. Every partner role is then capped at this
# set in that org (a full-admin attach, or a customer the partner created, is not capped):
#   - org.view, org.view_users: enter the org and find the users to provision;
#   - org.manage_users: add wholesale users (manually or by CSV), the provisioning itself;
#   - org.change_package: assign and change their wholesale package;
#   - org.edit_primary_work_number, org.view_locations, org.view_numbers: a calling package needs
#     a location and a number or extension, so provisioning one must see and pick them;
#   - org.view_services_status: see whether what it provisioned is working.
# Left out on purpose: editing existing users' details, services and admin roles, locations and
# numbers themselves, devices, company name, domains, email, authentication, calling settings,
# branding, Restricted-by-Partner mode (the attach turned it off; the org's admins own the org
# now), claiming users, directory sync, migrations, connected UC, and the org's audit log.
# The value of portal.models.PartnerAccess.PROVISIONING_ADMIN (roles.py imports no models).
PROVISIONING_ADMIN_ACCESS = "provisioning_admin"
PROVISIONING_ADMIN_PERMISSIONS = frozenset(
    {
        p.ORG_VIEW,
        p.ORG_VIEW_USERS,
        p.ORG_MANAGE_USERS,
        p.ORG_CHANGE_PACKAGE,
        p.ORG_EDIT_PRIMARY_WORK_NUMBER,
        p.ORG_VIEW_LOCATIONS,
        p.ORG_VIEW_NUMBERS,
        p.ORG_VIEW_SERVICES_STATUS,
    }
)

# Partner admins reach a customer only when assigned to it (django-guardian).
ROLES_NEEDING_CUSTOMER_ASSIGNMENT = frozenset({Role.PARTNER_ADMIN})
ASSIGNED_CUSTOMER_PERMISSION = "administer_customer"

# --- Restricted-by-Partner mode (seed 001 "Restrictions") ----------------------------------------
# Subtracted from customer administrators' role entitlements while the mode is on:
#   (Control Hub access) = (Organization Role entitlements)
#                          - (Restricted by Partner Mode restrictions)
RESTRICTED_BY_PARTNER = frozenset(
    {
        p.ORG_MANAGE_USERS,  # "Manage Users button is greyed out"; no add/modify, manual or CSV
        p.ORG_CLAIM_USERS,
        p.ORG_AUTO_ASSIGN_LICENSES,
        p.ORG_EDIT_DIRECTORY_SYNC,
        p.ORG_CHANGE_PACKAGE,  # "Reset Package"
        p.ORG_EDIT_USER_SERVICES,
        p.ORG_VIEW_SERVICES_STATUS,
        p.ORG_EDIT_PRIMARY_WORK_NUMBER,
        p.ORG_EDIT_COMPANY_NAME,
        p.ORG_MANAGE_DOMAINS,
        p.ORG_MANAGE_EMAIL_SETTINGS,
        p.ORG_MANAGE_AUTHENTICATION,
        p.ORG_MANAGE_CALL_PRIORITY,
        p.ORG_MANAGE_CALLING_BEHAVIOR,
        p.ORG_USE_LOCAL_GATEWAY,  # hidden
        p.ORG_USE_CISCO_PSTN,  # hidden
        p.ORG_USE_MIGRATIONS,  # suppressed
        p.ORG_USE_CONNECTED_UC,  # suppressed
    }
)

# --- Platform ------------------------------------------------------------------------------------
PLATFORM_ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.COMPLIANCE_REVIEWER: frozenset({p.COMPLIANCE_REVIEW}),
    # The operator sees no partner's or customer's hub (deny by default): only its console.
    Role.OPERATOR: frozenset({p.OPERATOR_VIEW, p.OPERATOR_MANAGE, p.SETUP_ASSIST_WORK}),
    # The operator's Setup Assist team (PH-11): only the request queue of the console.
    Role.SETUP_ASSIST_TEAM: frozenset({p.SETUP_ASSIST_WORK}),
}


def roles_granting(perm: str, table: dict[Role, frozenset[str]]) -> list[Role]:
    return [role for role, perms in table.items() if perm in perms]
