"""Public URLs of the dossier lookup and the survey after a dossier."""

from django.urls import path

from audits.dossiers import lookup_views

app_name = "audits_lookup"

urlpatterns = [
    path("", lookup_views.dossier_lookup, name="dossier"),
    path("danh-gia/", lookup_views.dossier_rating, name="rating"),
]
