"""Admin URLs of the imports (registered by qms/wagtail_hooks.py)."""

from django.urls import path

from qms.imports import views

app_name = "qms_imports"

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("<slug:kind>/", views.ImportUploadView.as_view(), name="upload"),
    path("<slug:kind>/<uuid:pk>/", views.ImportReportView.as_view(), name="report"),
    path(
        "<slug:kind>/<uuid:pk>/xac-nhan/",
        views.import_confirm_view,
        name="confirm",
    ),
]
