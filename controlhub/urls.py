from django.urls import path

from controlhub import views

app_name = "controlhub"

urlpatterns = [
    path("", views.OrgOverviewView.as_view(), name="overview"),
    path("audit/", views.OrgAuditLogView.as_view(), name="audit_log"),
]
