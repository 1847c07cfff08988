from portal.models.audit import AuditEvent
from portal.models.invitations import EmailStatus, Invitation, InvitationState
from portal.models.onboarding import (
    AuthenticationMode,
    CustomerPackage,
    OnboardingTemplate,
    PackageStatus,
)
from portal.models.organizations import (
    Customer,
    CustomerOffer,
    CustomerStatus,
    Partner,
    PartnerAccess,
    PartnerState,
)
from portal.models.roles import (
    AssignedCustomerPermission,
    CustomerRoleAssignment,
    PartnerRoleAssignment,
    PlatformRoleAssignment,
)
from portal.models.tokens import ApiAuthFailure, ApiToken
from portal.models.users import User

__all__ = [
    "ApiAuthFailure",
    "ApiToken",
    "AuthenticationMode",
    "CustomerPackage",
    "OnboardingTemplate",
    "PackageStatus",
    "AssignedCustomerPermission",
    "AuditEvent",
    "Customer",
    "CustomerOffer",
    "CustomerRoleAssignment",
    "CustomerStatus",
    "EmailStatus",
    "Invitation",
    "InvitationState",
    "Partner",
    "PartnerAccess",
    "PartnerRoleAssignment",
    "PartnerState",
    "PlatformRoleAssignment",
    "User",
]
