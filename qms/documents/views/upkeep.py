"""Keeping documents current: periodic review and legal changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.documents import services
from qms.documents.forms import LegalChangeForm, ReviewForm
from qms.documents.models import LegalText
from qms.documents.views.base import _Base, _error_text


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
