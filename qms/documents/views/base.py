"""What every document-control admin view shares: permission, scoped lookups."""

import datetime
import re

from anyascii import anyascii
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from qms.documents import services
from qms.documents.choices import RevisionStatus
from qms.documents.forms import (
    AttachmentForm,
    DayForm,
    DiffForm,
    LegalChangeForm,
    ObsoleteForm,
    RejectForm,
    ReviewForm,
    RevisionDraftForm,
)
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    RevisionAttachment,
)
from qms.documents.rendering import render_markdown
from qms.documents.selectors import (
    acknowledgement_coverage,
    document_timeline,
    documents_due,
    revision_diff,
    revisions_in_force_on,
)
from qms.organisation.models import (
    AdministrativeUnit,
    organisation_name,
)
from qms.organisation.scoping import scope_queryset
from qms.pdf import render_pdf


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

