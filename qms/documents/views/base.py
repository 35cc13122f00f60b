"""What every document-control admin view shares: permission, scoped lookups.

The underscored names are private to ``qms.documents.views``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from qms.documents.forms import DayForm
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.organisation.scoping import scope_queryset

VIEW_DOCUMENT = "qms.view_controlleddocument"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class _Base(WagtailAdminTemplateMixin, TemplateView):
    """Permission check first; scoped lookups of documents and revisions."""

    permission_required = VIEW_DOCUMENT
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped_documents(self):
        return scope_queryset(ControlledDocument.objects.all(), self.request.user)

    def get_document(self, pk) -> ControlledDocument:
        return get_object_or_404(
            self.scoped_documents().select_related("owner", "owning_unit"), pk=pk
        )

    def get_revision(self, pk) -> DocumentRevision:
        queryset = scope_queryset(
            DocumentRevision.objects.select_related(
                "document",
                "document__owning_unit",
                "drafted_by",
                "reviewed_by",
                "approved_by",
            ),
            self.request.user,
        )
        return get_object_or_404(queryset, pk=pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("qms_documents:dashboard"),
                "label": _("Kiểm soát tài liệu"),
            },
            {"url": "", "label": self.get_header_title()},
        ]


def _parse_day(value: str | None) -> datetime.date | None:
    form = DayForm({"on": value}) if value else None
    if form is not None and form.is_valid():
        return form.cleaned_data["on"]
    return None
