"""Django admin for Control Hub's models: an operator's view, and the baseline the scale
benchmark (bench/) compares the Control Hub users list with."""

from django.contrib import admin

from controlhub.models import Location, PackageAssignment, PhoneNumber, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "package", "status", "location"]
    list_filter = ["status", "package"]
    search_fields = ["email", "first_name", "last_name", "extension"]
    list_select_related = ["location"]
    raw_id_fields = ["customer", "location"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "customer", "city", "country", "is_headquarters"]
    search_fields = ["name", "city"]
    list_select_related = ["customer"]
    raw_id_fields = ["customer"]


@admin.register(PhoneNumber)
class PhoneNumberAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "location", "subscriber"]
    search_fields = ["number"]
    list_select_related = ["customer", "location", "subscriber"]
    raw_id_fields = ["customer", "location", "subscriber"]


@admin.register(PackageAssignment)
class PackageAssignmentAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "package", "started_at", "ended_at"]
    list_filter = ["package"]
    list_select_related = ["subscriber"]
    raw_id_fields = ["customer", "subscriber"]
