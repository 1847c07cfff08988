"""Every permission codename, in one place.

Partner codenames are checked against a Partner, customer codenames against a Customer,
platform codenames with no object.
"""

# --- Partner Hub (object: Partner) -------------------------------------------------------------
PARTNER_VIEW = "partner.view"
PARTNER_VIEW_CUSTOMERS = "partner.view_customers"
PARTNER_VIEW_ALL_CUSTOMERS = "partner.view_all_customers"  # not only assigned ones
PARTNER_CREATE_CUSTOMERS = "partner.create_customers"
PARTNER_VIEW_TEMPLATES = "partner.view_templates"
PARTNER_MANAGE_TEMPLATES = "partner.manage_templates"
PARTNER_VIEW_ADMINS = "partner.view_admins"
PARTNER_MANAGE_ADMINS = "partner.manage_admins"
PARTNER_MANAGE_TAGS = "partner.manage_tags"
PARTNER_VIEW_SETTINGS = "partner.view_settings"  # branding, SSO
PARTNER_MANAGE_BRANDING = "partner.manage_branding"
PARTNER_MANAGE_SSO = "partner.manage_sso"
PARTNER_VIEW_SUBPARTNERS = "partner.view_subpartners"
PARTNER_MANAGE_SUBPARTNERS = "partner.manage_subpartners"
PARTNER_VIEW_REPORTS = "partner.view_reports"
PARTNER_MANAGE_REPORTS = "partner.manage_reports"
PARTNER_VIEW_INVOICES = "partner.view_invoices"
PARTNER_VIEW_ANALYTICS = "partner.view_analytics"
PARTNER_VIEW_SERVICES = "partner.view_services"
PARTNER_MANAGE_RELEASES = "partner.manage_releases"
PARTNER_START_TRIALS = "partner.start_trials"
PARTNER_WHOLESALE_READ = "partner.wholesale_read"  # wholesale API reads
PARTNER_WHOLESALE_WRITE = "partner.wholesale_write"  # wholesale API provisioning
PARTNER_VIEW_AUDIT = "partner.view_audit"

# --- Control Hub (object: Customer) ------------------------------------------------------------
ORG_VIEW = "org.view"
ORG_VIEW_USERS = "org.view_users"
ORG_MANAGE_USERS = "org.manage_users"  # "Manage users": add or modify, manually or by CSV
ORG_EDIT_USER_DETAILS = "org.edit_user_details"  # first/last/display name, primary email
ORG_CHANGE_PACKAGE = "org.change_package"
ORG_EDIT_USER_SERVICES = "org.edit_user_services"
ORG_VIEW_SERVICES_STATUS = "org.view_services_status"
ORG_EDIT_PRIMARY_WORK_NUMBER = "org.edit_primary_work_number"
ORG_CLAIM_USERS = "org.claim_users"
ORG_AUTO_ASSIGN_LICENSES = "org.auto_assign_licenses"
ORG_EDIT_DIRECTORY_SYNC = "org.edit_directory_sync"
ORG_MANAGE_USER_ROLES = "org.manage_user_roles"
ORG_VIEW_LOCATIONS = "org.view_locations"
ORG_MANAGE_LOCATIONS = "org.manage_locations"
ORG_VIEW_NUMBERS = "org.view_numbers"
ORG_MANAGE_NUMBERS = "org.manage_numbers"
ORG_MANAGE_DEVICES = "org.manage_devices"
ORG_VIEW_DEVICES = "org.view_devices"
ORG_VIEW_WORKSPACES = "org.view_workspaces"
ORG_MANAGE_WORKSPACES = "org.manage_workspaces"  # create, edit, package, remove (CH-12)
ORG_MANAGE_MEETINGS = "org.manage_meetings"  # the meeting site's settings: Webex Assistant
ORG_VIEW_ACCOUNT = "org.view_account"
ORG_EDIT_COMPANY_NAME = "org.edit_company_name"
ORG_VIEW_SETTINGS = "org.view_settings"
ORG_MANAGE_DOMAINS = "org.manage_domains"
ORG_MANAGE_EMAIL_SETTINGS = "org.manage_email_settings"
ORG_MANAGE_AUTHENTICATION = "org.manage_authentication"
ORG_VIEW_CALLING = "org.view_calling"
ORG_MANAGE_CALL_PRIORITY = "org.manage_call_priority"
ORG_MANAGE_CALLING_BEHAVIOR = "org.manage_calling_behavior"
ORG_USE_LOCAL_GATEWAY = "org.use_local_gateway"
ORG_USE_CISCO_PSTN = "org.use_cisco_pstn"
ORG_MANAGE_PSTN = "org.manage_pstn"  # a location's PSTN connection: set up calling, change it
ORG_MANAGE_CALL_RECORDING = "org.manage_call_recording"  # a location's call recording
ORG_USE_MIGRATIONS = "org.use_migrations"
ORG_USE_CONNECTED_UC = "org.use_connected_uc"
ORG_MANAGE_RESTRICTED_MODE = "org.manage_restricted_mode"
ORG_MANAGE_BRANDING_OVERRIDE = "org.manage_branding_override"
ORG_VIEW_AUDIT = "org.view_audit"
# Approve or decline a partner's request to attach wholesale to this org (PV-8).
ORG_APPROVE_PARTNER_ATTACH = "org.approve_partner_attach"

# --- Platform (no object) ----------------------------------------------------------------------
COMPLIANCE_REVIEW = "compliance.review"
# The operator's console at /operator/ (OP-1): the company that runs the portal onboards partners,
# their wholesale subscriptions and prices, compliance reviewers and the Denied Persons List.
OPERATOR_VIEW = "operator.view"
OPERATOR_MANAGE = "operator.manage"
# The operator's Setup Assist team works the Wholesale Setup Assist queue (PH-11).
SETUP_ASSIST_WORK = "operator.setup_assist"


def all_codenames() -> set[str]:
    return {value for name, value in globals().items() if name.isupper() and "." in str(value)}
