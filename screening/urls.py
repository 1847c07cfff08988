from django.urls import path

from screening import views as compliance

app_name = "compliance"

urlpatterns = [
    # The hub's home (where reviewers land after signing in) is the queue itself.
    path("", compliance.ReviewQueueView.as_view(), name="queue"),
    path("reviews/", compliance.ReviewQueueView.as_view(), name="reviews"),
    path("reviews/decide/", compliance.ReviewDecideView.as_view(), name="decide"),
]
