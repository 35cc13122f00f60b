"""API URLs: the dossier push endpoint and its OpenAPI schema (/api/schema/)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from audits.dossiers.api import DossierBatchView
from qms.throttling import OpenDataThrottle

_push_patterns = [
    path("dossiers/batch/", DossierBatchView.as_view(), name="api_dossier_batch"),
]


class _SchemaScope:
    """What the schema describes: the push API only, not Wagtail's own admin API
    (whose views are not written for schema generation)."""

    urlpatterns = [path("api/", include(_push_patterns))]


urlpatterns = [
    *_push_patterns,
    # public and rebuilt on every request: limited like the open data
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf=_SchemaScope, throttle_classes=[OpenDataThrottle]
        ),
        name="api_schema",
    ),
]
