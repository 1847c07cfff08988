from django.urls import path

from controlhub.views import attach, devices, locations, overview, settings, users, workspaces

app_name = "controlhub"

urlpatterns = [
    path("", overview.OrgOverviewView.as_view(), name="overview"),
    path("wholesale-attach/", attach.AttachRequestView.as_view(), name="attach_request"),
    path("audit/", overview.OrgAuditLogView.as_view(), name="audit_log"),
    # Users (CH-2)
    path("users/", users.UserListView.as_view(), name="users"),
    path("users/add/", users.UserAddView.as_view(), name="users_add"),
    path("users/csv/", users.UserCsvView.as_view(), name="users_csv"),
    path("users/csv/apply/", users.UserCsvApplyView.as_view(), name="users_csv_apply"),
    path("users/csv/template/", users.UserCsvTemplateView.as_view(), name="users_csv_template"),
    path("users/export/", users.UserExportView.as_view(), name="users_export"),
    path("users/<uuid:subscriber_id>/", users.UserDetailView.as_view(), name="user"),
    path(
        "users/<uuid:subscriber_id>/package/",
        users.UserPackageView.as_view(),
        name="user_package",
    ),
    path("users/<uuid:subscriber_id>/number/", users.UserNumberView.as_view(), name="user_number"),
    path(
        "users/<uuid:subscriber_id>/services/",
        users.UserServicesView.as_view(),
        name="user_services",
    ),
    path(
        "users/<uuid:subscriber_id>/roles/",
        users.UserRoleAssignView.as_view(),
        name="user_role_assign",
    ),
    path(
        "users/<uuid:subscriber_id>/roles/remove/",
        users.UserRoleRemoveView.as_view(),
        name="user_role_remove",
    ),
    # Customer administrator roles (CH-7)
    path("administrators/", users.AdministratorsView.as_view(), name="administrators"),
    path(
        "administrators/<int:admin_id>/resend-invitation/",
        users.AdministratorInvitationView.as_view(),
        name="administrator_resend_invitation",
    ),
    # Locations and numbers (CH-3, CH-4)
    path("locations/", locations.LocationListView.as_view(), name="locations"),
    path("locations/add/", locations.LocationFormView.as_view(), name="location_add"),
    path("locations/<uuid:location_id>/", locations.LocationFormView.as_view(), name="location"),
    path("numbers/", locations.NumberListView.as_view(), name="numbers"),
    path("numbers/add/", locations.NumberAddView.as_view(), name="numbers_add"),
    # Workspaces (CH-12)
    path("workspaces/", workspaces.WorkspaceListView.as_view(), name="workspaces"),
    path("workspaces/add/", workspaces.WorkspaceAddView.as_view(), name="workspace_add"),
    path(
        "workspaces/<uuid:workspace_id>/",
        workspaces.WorkspaceDetailView.as_view(),
        name="workspace",
    ),
    path(
        "workspaces/<uuid:workspace_id>/package/",
        workspaces.WorkspacePackageView.as_view(),
        name="workspace_package",
    ),
    path(
        "workspaces/<uuid:workspace_id>/remove/",
        workspaces.WorkspaceRemoveView.as_view(),
        name="workspace_remove",
    ),
    # Devices (CH-10)
    path("devices/", devices.DeviceListView.as_view(), name="devices"),
    path("devices/add/", devices.DeviceAddView.as_view(), name="device_add"),
    path("devices/<uuid:device_id>/", devices.DeviceDetailView.as_view(), name="device"),
    path(
        "devices/<uuid:device_id>/credentials/",
        devices.DeviceRegenerateView.as_view(),
        name="device_regenerate",
    ),
    path(
        "devices/<uuid:device_id>/remove/",
        devices.DeviceRemoveView.as_view(),
        name="device_remove",
    ),
    # Account, organization settings, calling (CH-5, CH-6)
    path("account/", settings.AccountView.as_view(), name="account"),
    path("settings/", settings.SettingsView.as_view(), name="settings"),
    path("settings/domains/", settings.DomainAddView.as_view(), name="domain_add"),
    path(
        "settings/domains/action/",
        settings.DomainActionView.as_view(),
        name="domain_action",
    ),
    path("settings/email/", settings.EmailSettingsView.as_view(), name="settings_email"),
    path(
        "settings/authentication/",
        settings.AuthenticationView.as_view(),
        name="settings_authentication",
    ),
    path("calling/", settings.CallingView.as_view(), name="calling"),
    path("calling/call-priority/", settings.CallPriorityView.as_view(), name="call_priority"),
    path(
        "calling/calling-behavior/",
        settings.CallingBehaviorView.as_view(),
        name="calling_behavior",
    ),
    path("services/", overview.ServicesView.as_view(), name="services"),
    path(
        "services/meetings/webex-assistant/",
        overview.WebexAssistantView.as_view(),
        name="webex_assistant",
    ),
]
