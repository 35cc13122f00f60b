"""Public URLs of the audits app: the transparency page."""

from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("", views.transparency, name="transparency"),
]
