"""API URLs: the dossier push endpoint and the OpenAPI schema (/api/schema/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from audits.api import DossierBatchView

urlpatterns = [
    path("dossiers/batch/", DossierBatchView.as_view(), name="api_dossier_batch"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
