"""URLs of the document-control admin screens (mounted under /admin/tai-lieu/)."""

from django.urls import path

from qms.documents import views

app_name = "qms_documents"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("hieu-luc/", views.RegisterInForceView.as_view(), name="in_force"),
    path("xem-truoc/", views.BodyPreviewView.as_view(), name="body_preview"),
    path("<int:pk>/", views.DocumentTraceView.as_view(), name="trace"),
    path("<int:pk>/so-sanh/", views.DocumentDiffView.as_view(), name="diff"),
    path(
        "<int:pk>/xem-xet-dinh-ky/",
        views.DocumentReviewView.as_view(),
        name="record_review",
    ),
    path(
        "<int:document_pk>/du-thao-moi/",
        views.RevisionEditView.as_view(),
        name="revision_create",
    ),
    path("lan/<int:pk>/", views.RevisionDetailView.as_view(), name="revision"),
    path("lan/<int:pk>/sua/", views.RevisionEditView.as_view(), name="revision_edit"),
    path("lan/<int:pk>/pdf/", views.RevisionPdfView.as_view(), name="revision_pdf"),
    path("lan/<int:pk>/ky-so/", views.RevisionSignView.as_view(), name="revision_sign"),
    path(
        "lan/<int:pk>/<slug:action>/",
        views.RevisionActionView.as_view(),
        name="revision_action",
    ),
    path("tep/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        "van-ban/<int:pk>/thay-doi/",
        views.LegalChangeView.as_view(),
        name="legal_change",
    ),
]
