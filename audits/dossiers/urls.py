"""Public URLs of the audits app: the transparency page."""

from django.urls import path

from audits.dossiers import views

app_name = "audits"

urlpatterns = [
    path("", views.transparency, name="transparency"),
]
