from django.urls import path

from console import views

app_name = "console"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partners"),
    path("partners/new/", views.PartnerCreateView.as_view(), name="partner_create"),
    path("partners/<uuid:partner_id>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path(
        "partners/<uuid:partner_id>/state/", views.PartnerStateView.as_view(), name="partner_state"
    ),
    path(
        "partners/<uuid:partner_id>/delete/",
        views.PartnerDeleteView.as_view(),
        name="partner_delete",
    ),
    path(
        "partners/<uuid:partner_id>/subscription/",
        views.SubscriptionCreateView.as_view(),
        name="subscription_create",
    ),
    path("partners/<uuid:partner_id>/skus/", views.SkuSetView.as_view(), name="sku_set"),
    path(
        "partners/<uuid:partner_id>/prices/",
        views.PriceChangeView.as_view(),
        name="price_change",
    ),
    path(
        "partners/<uuid:partner_id>/setup-assist/",
        views.SetupAssistEnableView.as_view(),
        name="setup_assist_enable",
    ),
    path("compliance/", views.ComplianceView.as_view(), name="compliance"),
    path("compliance/dpl/", views.DplUploadView.as_view(), name="dpl_upload"),
    path("compliance/dpl/confirm/", views.DplConfirmView.as_view(), name="dpl_confirm"),
    path("setup-assist/", views.SetupAssistQueueView.as_view(), name="setup_assist_queue"),
    path(
        "setup-assist/<uuid:request_id>/",
        views.SetupAssistDetailView.as_view(),
        name="setup_assist_detail",
    ),
    path("audit/", views.OperatorAuditLogView.as_view(), name="audit_log"),
]
