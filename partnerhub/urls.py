from django.urls import path

from partnerhub import views

app_name = "partnerhub"

urlpatterns = [
    path("", views.PartnerOverviewView.as_view(), name="overview"),
    path("audit/", views.PartnerAuditLogView.as_view(), name="audit_log"),
]
