"""Keeping documents current: periodic review and legal changes."""

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


@method_decorator(require_POST, name="dispatch")
class DocumentReviewView(_Base):
    """POST: record a periodic review without changes."""

    def post(self, request, pk):
        document = self.get_document(pk)
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Nhập kết luận và ngày xem xét hợp lệ."))
            services.document_record_review(
                document=document,
                user=request.user,
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        else:
            messages.success(request, _("Đã ghi nhận xem xét định kỳ."))
        return redirect("qms_documents:trace", pk=document.pk)


class LegalChangeView(_Base):
    """Record an amendment or replacement; flag the documents citing the text."""

    permission_required = "qms.change_legaltext"
    template_name = "qms/documents/legal_change.html"

    def get_page_title(self):
        return _("Ghi nhận sửa đổi, thay thế: %s") % self.legal_text

    def dispatch(self, request, *args, pk, **kwargs):
        self.legal_text = get_object_or_404(LegalText, pk=pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            legal_text=self.legal_text,
            form=getattr(self, "form", None) or LegalChangeForm(),
            documents=list(self.legal_text.documents.all()),
        )
        return context

    def post(self, request, pk):
        self.form = LegalChangeForm(request.POST)
        if self.form.is_valid():
            new_text = self.form.cleaned_data["new_text"]
            key = (
                "replaced_by"
                if self.form.cleaned_data["kind"] == "replaced"
                else "amended_by"
            )
            try:
                flagged = services.legal_text_mark_changed(
                    legal_text=self.legal_text, user=request.user, **{key: new_text}
                )
            except ValidationError as error:
                self.form.add_error(None, _error_text(error))
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận; %(n)s tài liệu phải cập nhật.")
                    % {"n": len(flagged)},
                )
                return redirect("qms_documents:dashboard")
        return self.render_to_response(self.get_context_data())

