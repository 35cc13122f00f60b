"""URLs of the signing admin screens (mounted under /admin/ky-so/)."""

from django.urls import path

from qms.signing import views

app_name = "qms_signing"

urlpatterns = [
    path("", views.records_index, name="records"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("chung-thu/", views.my_credentials, name="credentials"),
]
