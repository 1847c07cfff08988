from django.urls import path

from partnerhub import attach_requests

app_name = "attach_request"

# Mounted under /org/<uuid:org_id>/wholesale-attach/ (portal/urls.py): a Control Hub page.
urlpatterns = [
    path("", attach_requests.AttachRequestView.as_view(), name="detail"),
]
