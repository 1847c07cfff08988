from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from portal.models import (
    AuditEvent,
    Customer,
    CustomerRoleAssignment,
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
