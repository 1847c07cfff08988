"""Who holds which role where. The roles themselves are defined in portal.access.roles."""

from django.conf import settings
from django.db import models
from guardian.models import UserObjectPermissionBase

from portal.access.roles import CUSTOMER_ROLES, PARTNER_ROLES, PLATFORM_ROLES
from portal.models.organizations import Customer, Partner
from portal.tenancy import TenantQuerySet


def _choices(roles):
    return [(role.value, role.label) for role in roles]


class PartnerRoleQuerySet(TenantQuerySet):
    org_field = "partner"


class CustomerRoleQuerySet(TenantQuerySet):
    org_field = "customer"


class PartnerRoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_roles"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=_choices(PARTNER_ROLES))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerRoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user", "role"], name="unique_partner_role_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} is {self.get_role_display()} of {self.partner}"


class CustomerRoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_roles"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=_choices(CUSTOMER_ROLES))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CustomerRoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "user", "role"], name="unique_customer_role_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} is {self.get_role_display()} of {self.customer}"


class PlatformRoleAssignment(models.Model):
    """Roles of the portal operator's own staff (compliance reviewers), outside any tenant."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_roles"
    )
    role = models.CharField(max_length=32, choices=_choices(PLATFORM_ROLES))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_platform_role_per_user")
        ]

    def __str__(self):
        return f"{self.user} is {self.get_role_display()}"


class AssignedCustomerPermission(UserObjectPermissionBase):
    """django-guardian's direct-foreign-key table for per-customer grants.

    A real foreign key (instead of guardian's generic object_pk text column) lets the access
    layer join it in SQL when it scopes customer lists.
    """

    content_object = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="assigned_permissions"
    )

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission"])]
