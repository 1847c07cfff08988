from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from portal.models import (
    AuditEvent,
    Customer,
    CustomerRoleAssignment,
    Invitation,
    Partner,
    PartnerRoleAssignment,
    PlatformRoleAssignment,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Platform", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["name"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "status", "external_id", "restricted_by_partner"]
    list_filter = ["status", "restricted_by_partner", "owner"]
    search_fields = ["name", "external_id"]
    list_select_related = ["owner"]


admin.site.register(PartnerRoleAssignment)
admin.site.register(CustomerRoleAssignment)
admin.site.register(PlatformRoleAssignment)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_email", "action", "target_repr", "partner", "customer"]
    list_filter = ["action", "source"]
    search_fields = ["actor_email", "target_repr"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only view of who was invited where, and whether the email went out (AC-1)."""

    list_display = ["user", "partner", "customer", "email_status", "sent_at", "expires_at"]
    list_filter = ["email_status"]
    search_fields = ["user__email"]
    list_select_related = ["user", "partner", "customer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
