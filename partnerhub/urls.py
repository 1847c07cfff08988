from django.urls import path

from partnerhub.views import customers, overview, settings, sub_partners, templates

app_name = "partnerhub"

urlpatterns = [
    path("", overview.PartnerOverviewView.as_view(), name="overview"),
    path("audit/", overview.PartnerAuditLogView.as_view(), name="audit_log"),
    path(
        "overview/charts.json", overview.PartnerOverviewChartsView.as_view(), name="overview_charts"
    ),
    path("activity/import/", overview.ActivityImportView.as_view(), name="activity_import"),
    # Customers (PH-3, PH-4, PH-5, PH-7)
    path("customers/", customers.CustomersView.as_view(), name="customers"),
    path("customers/export/", customers.CustomerExportView.as_view(), name="customers_export"),
    path("customers/bulk/", customers.CustomerBulkView.as_view(), name="customers_bulk"),
    path("customers/new/", customers.CustomerCreateView.as_view(), name="customer_create"),
    path("customers/precheck/", customers.CustomerPrecheckView.as_view(), name="customer_precheck"),
    path(
        "customers/<uuid:org_id>/", customers.CustomerDetailView.as_view(), name="customer_detail"
    ),
    path(
        "customers/<uuid:org_id>/panel/",
        customers.CustomerPanelView.as_view(),
        name="customer_panel",
    ),
    path(
        "customers/<uuid:org_id>/status/",
        customers.CustomerStatusView.as_view(),
        name="customer_status",
    ),
    path(
        "customers/<uuid:org_id>/retry/",
        customers.CustomerRetryView.as_view(),
        name="customer_retry",
    ),
    path(
        "customers/<uuid:org_id>/launch/",
        customers.CustomerLaunchView.as_view(),
        name="customer_launch",
    ),
    path(
        "customers/<uuid:org_id>/subscriptions/",
        customers.CustomerSubscriptionsView.as_view(),
        name="customer_subscriptions",
    ),
    path(
        "customers/<uuid:org_id>/partner-admins/",
        customers.CustomerPartnerAdminsView.as_view(),
        name="customer_partner_admins",
    ),
    path(
        "customers/<uuid:org_id>/settings/",
        customers.CustomerSettingsView.as_view(),
        name="customer_settings",
    ),
    path(
        "customers/<uuid:org_id>/settings/logo/<str:kind>/",
        settings.CustomerBrandingLogoView.as_view(),
        name="customer_branding_logo",
    ),
    path(
        "customers/<uuid:org_id>/tags/", customers.CustomerTagsView.as_view(), name="customer_tags"
    ),
    path(
        "customers/<uuid:org_id>/setup-assist/",
        customers.CustomerSetupAssistView.as_view(),
        name="customer_setup_assist",
    ),
    path(
        "customers/<uuid:org_id>/setup/",
        customers.CustomerSetupView.as_view(),
        name="customer_setup",
    ),
    # Onboarding templates (PH-2)
    path("templates/", templates.TemplatesView.as_view(), name="templates"),
    path("templates/new/", templates.TemplateWizardView.as_view(), name="template_create"),
    path(
        "templates/<uuid:template_id>/",
        templates.TemplateDetailView.as_view(),
        name="template_detail",
    ),
    path(
        "templates/<uuid:template_id>/edit/",
        templates.TemplateEditView.as_view(),
        name="template_edit",
    ),
    path(
        "templates/<uuid:template_id>/delete/",
        templates.TemplateDeleteView.as_view(),
        name="template_delete",
    ),
    # Indirect providers (PH-8)
    path("indirect-providers/", sub_partners.SubPartnersView.as_view(), name="sub_partners"),
    path(
        "indirect-providers/new/",
        sub_partners.SubPartnerCreateView.as_view(),
        name="sub_partner_create",
    ),
    path(
        "indirect-providers/<uuid:sub_partner_id>/state/",
        sub_partners.SubPartnerStateView.as_view(),
        name="sub_partner_state",
    ),
    path(
        "indirect-providers/<uuid:sub_partner_id>/launch/",
        sub_partners.SubPartnerLaunchView.as_view(),
        name="sub_partner_launch",
    ),
    # Partner settings (PH-1, PH-6, PH-10, PH-12)
    path("tags/", settings.TagsView.as_view(), name="tags"),
    path("admins/", settings.AdminsView.as_view(), name="admins"),
    path("branding/", settings.BrandingView.as_view(), name="branding"),
    path("branding/logo/<str:kind>/", settings.BrandingLogoView.as_view(), name="branding_logo"),
    path("sso/", settings.SsoView.as_view(), name="sso"),
]
