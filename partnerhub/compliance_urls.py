from django.urls import path

from partnerhub import views

app_name = "compliance"

urlpatterns = [
    path("", views.ComplianceQueueView.as_view(), name="queue"),
]
