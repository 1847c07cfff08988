from django.urls import path

from controlhub import views

app_name = "controlhub"

urlpatterns = [
    path("", views.OrgOverviewView.as_view(), name="overview"),
    path("audit/", views.OrgAuditLogView.as_view(), name="audit_log"),
    # Users (CH-2)
    path("users/", views.UserListView.as_view(), name="users"),
    path("users/add/", views.UserAddView.as_view(), name="users_add"),
    path("users/csv/", views.UserCsvView.as_view(), name="users_csv"),
    path("users/csv/apply/", views.UserCsvApplyView.as_view(), name="users_csv_apply"),
    path("users/csv/template/", views.UserCsvTemplateView.as_view(), name="users_csv_template"),
    path("users/export/", views.UserExportView.as_view(), name="users_export"),
    path("users/<uuid:subscriber_id>/", views.UserDetailView.as_view(), name="user"),
    path(
        "users/<uuid:subscriber_id>/package/",
        views.UserPackageView.as_view(),
        name="user_package",
    ),
    path("users/<uuid:subscriber_id>/number/", views.UserNumberView.as_view(), name="user_number"),
    path(
        "users/<uuid:subscriber_id>/services/",
        views.UserServicesView.as_view(),
        name="user_services",
    ),
    path(
        "users/<uuid:subscriber_id>/roles/",
        views.UserRoleAssignView.as_view(),
        name="user_role_assign",
    ),
    path(
        "users/<uuid:subscriber_id>/roles/remove/",
        views.UserRoleRemoveView.as_view(),
        name="user_role_remove",
    ),
    # Customer administrator roles (CH-7)
    path("administrators/", views.AdministratorsView.as_view(), name="administrators"),
    # Locations and numbers (CH-3, CH-4)
    path("locations/", views.LocationListView.as_view(), name="locations"),
    path("locations/add/", views.LocationFormView.as_view(), name="location_add"),
    path("locations/<uuid:location_id>/", views.LocationFormView.as_view(), name="location"),
    path("numbers/", views.NumberListView.as_view(), name="numbers"),
    path("numbers/add/", views.NumberAddView.as_view(), name="numbers_add"),
    # Account, organization settings, calling (CH-5, CH-6)
    path("account/", views.AccountView.as_view(), name="account"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/domains/", views.DomainAddView.as_view(), name="domain_add"),
    path(
        "settings/domains/action/",
        views.DomainActionView.as_view(),
        name="domain_action",
    ),
    path("settings/email/", views.EmailSettingsView.as_view(), name="settings_email"),
    path(
        "settings/authentication/",
        views.AuthenticationView.as_view(),
        name="settings_authentication",
    ),
    path("calling/", views.CallingView.as_view(), name="calling"),
    path("calling/call-priority/", views.CallPriorityView.as_view(), name="call_priority"),
    path(
        "calling/calling-behavior/",
        views.CallingBehaviorView.as_view(),
        name="calling_behavior",
    ),
    path("services/", views.ServicesView.as_view(), name="services"),
]
