"""Public URLs of citizen feedback (phản ánh, kiến nghị)."""

from django.urls import path

from audits.feedback import views

app_name = "audits_feedback"

urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("gui/", views.feedback_form, name="form"),
    path("theo-doi/", views.feedback_status, name="status"),
]
