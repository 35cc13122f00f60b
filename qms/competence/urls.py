"""Admin URLs of competence, under ``/admin/nang-luc/``."""

from django.urls import path

from qms.competence import views

app_name = "qms_competence"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("don-vi/<int:pk>/", views.UnitMatrixView.as_view(), name="unit"),
    path("can-bo/<int:pk>/", views.PersonView.as_view(), name="person"),
    path("chung-chi/<int:pk>/", views.certificate_download, name="certificate"),
    path("cua-toi/", views.my_record, name="mine"),
]
