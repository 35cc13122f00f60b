"""Admin screens of document control that the generic viewsets cannot give.

The per-document trace page, revision detail with workflow buttons, draft
editing with optimistic locking, diff, "in force on date", controlled-copy PDF,
the due/overdue dashboard and the legal-change form. Every view checks a model
permission and the commune scope (404 outside it); every write goes through
``qms.documents.services``, whose ``ValidationError`` becomes a message, never a
500. All of these are mounted under the Wagtail admin (admin access required).
"""

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


class DocumentTraceView(_Base):
    """Everything an ISO reviewer asks about one document, on one page."""

    template_name = "qms/documents/trace.html"

    def get_page_title(self):
        return self.document.code

    def get_page_subtitle(self):
        return self.document.title

    def get(self, request, pk):
        self.document = self.get_document(pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.document
        revisions = list(
            document.revisions.select_related(
                "drafted_by", "reviewed_by", "approved_by"
            ).order_by("-issue_number", "-revision_number")
        )
        day = _parse_day(self.request.GET.get("on"))
        in_force = None
        if day:
            in_force = next((r for r in revisions if r.in_force_on(day)), None)
        user = self.request.user
        context.update(
            document=document,
            revisions=revisions,
            legal_bases=list(document.legal_bases.all()),
            timeline=document_timeline(document),
            diff_form=DiffForm(document=document),
            day_form=DayForm(initial={"on": day or timezone.localdate()}),
            day=day,
            in_force=in_force,
            review_form=ReviewForm(initial={"on": timezone.localdate()}),
            can_record_review=user.has_perm("qms.change_controlleddocument")
            or user.has_perm(services.PERM_REVIEW),
            can_draft=user.has_perm("qms.add_documentrevision")
            and not any(r.status in services.IN_PROGRESS for r in revisions),
        )
        return context


class DocumentDiffView(_Base):
    """Side-by-side diff of two revisions of one document (body and metadata)."""

    template_name = "qms/documents/diff.html"

    def get_page_title(self):
        return _("So sánh lần ban hành")

    def get_page_subtitle(self):
        return self.document.code

    def get(self, request, pk):
        self.document = self.get_document(pk)
        data = request.GET or self._latest_two()
        self.form = DiffForm(data, document=self.document)
        return super().get(request, pk=pk)

    def _latest_two(self) -> dict | None:
        """Without a choice, compare the newest revision with the one before."""
        latest = list(
            self.document.revisions.order_by(
                "-issue_number", "-revision_number"
            ).values_list("pk", flat=True)[:2]
        )
        if len(latest) < 2:
            return None
        return {"a": latest[1], "b": latest[0]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(document=self.document, form=self.form)
        if self.form.is_valid():
            old, new = self.form.cleaned_data["a"], self.form.cleaned_data["b"]
            context.update(old=old, new=new, diff=revision_diff(old, new))
        return context


class RevisionDetailView(_Base):
    """A revision's content, signatories, attachments and workflow buttons."""

    template_name = "qms/documents/revision.html"

    def get_page_title(self):
        return f"{self.revision.document.code} – {self.revision.label}"

    def get_page_subtitle(self):
        return self.revision.get_status_display()

    def get(self, request, pk):
        self.revision = self.get_revision(pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revision = self.revision
        user = self.request.user
        status = revision.status
        can_review = user.has_perm(services.PERM_REVIEW)
        can_approve = user.has_perm(services.PERM_APPROVE)
        context.update(
            revision=revision,
            document=revision.document,
            body_html=render_markdown(revision.body),
            related_links=[
                link
                for hook in hooks.get_hooks("qms_revision_related_links")
                for link in hook(self.request, revision)
            ],
            attachments=list(revision.attachments.all()),
            acknowledged=revision.acknowledgements.filter(user=user).exists(),
            acknowledgements=list(
                revision.acknowledgements.select_related("user").order_by(
                    "acknowledged_at"
                )
            ),
            can_edit=status == RevisionStatus.DRAFT
            and user.has_perm(services.PERM_CHANGE),
            can_submit=status == RevisionStatus.DRAFT
            and user.has_perm(services.PERM_CHANGE),
            # Buttons follow the independence rule; the services enforce it.
            can_review=status == RevisionStatus.SUBMITTED
            and can_review
            and user.pk != revision.drafted_by_id,
            can_approve=status == RevisionStatus.REVIEWED
            and can_approve
            and user.pk not in (revision.drafted_by_id, revision.reviewed_by_id),
            can_reject=status in (RevisionStatus.SUBMITTED, RevisionStatus.REVIEWED)
            and (can_review or can_approve),
            can_obsolete=status in (RevisionStatus.IN_FORCE, RevisionStatus.APPROVED)
            and can_approve,
            can_acknowledge=status == RevisionStatus.IN_FORCE
            and user.has_perm("qms.add_readacknowledgement"),
            reject_form=RejectForm(),
            obsolete_form=ObsoleteForm(initial={"on": timezone.localdate()}),
            attachment_form=AttachmentForm(),
        )
        return context


class RevisionEditView(_Base):
    """Edit a draft; a stale ``version`` is refused and the text kept in the form."""

    permission_required = services.PERM_CHANGE
    template_name = "qms/documents/revision_form.html"

    def get_page_title(self):
        if self.revision is None:
            return _("Dự thảo mới: %s") % self.document.code
        return _("Sửa dự thảo: %s") % self.revision

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        if "document_pk" in kwargs:
            self.document = self.get_document(kwargs["document_pk"])
            self.revision = None
        else:
            self.revision = self.get_revision(kwargs["pk"])
            self.document = self.revision.document
            if self.revision.status != RevisionStatus.DRAFT:
                messages.error(
                    request,
                    _("Chỉ sửa được dự thảo; lần ban hành này đang ở trạng thái “%s”.")
                    % self.revision.get_status_display(),
                )
                return redirect("qms_documents:revision", pk=self.revision.pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        if self.revision is not None:
            self.form = RevisionDraftForm(
                instance=self.revision, initial={"version": self.revision.version}
            )
        else:
            self.form = RevisionDraftForm(initial=self._new_initial())
        return super().get(request, **kwargs)

    def _new_initial(self) -> dict:
        latest = self.document.revisions.order_by(
            "-issue_number", "-revision_number"
        ).first()
        today = timezone.localdate()
        if latest is None:
            return {"issue_number": 1, "revision_number": 0, "effective_date": today}
        return {
            "effective_date": today,
            "issue_number": latest.issue_number,
            "revision_number": latest.revision_number + 1,
            "body": latest.body,
        }

    def post(self, request, **kwargs):
        self.form = RevisionDraftForm(request.POST)
        if self.form.is_valid():
            data = dict(self.form.cleaned_data)
            version = data.pop("version")
            try:
                if self.revision is None:
                    revision = services.revision_create_draft(
                        document=self.document, user=request.user, **data
                    )
                else:
                    revision = services.revision_save_draft(
                        revision=self.revision,
                        user=request.user,
                        expected_version=version or 0,
                        **data,
                    )
            except ValidationError as error:
                self._add_errors(error)
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect("qms_documents:revision", pk=revision.pk)
        return self.render_to_response(self.get_context_data())

    def _add_errors(self, error: ValidationError) -> None:
        if isinstance(error, services.EditConflict):
            # Keep the user's text; the next save is checked against the
            # version they have now been shown.
            self.conflict = DocumentRevision.objects.get(pk=self.revision.pk)
            self.form.data = self.form.data.copy()
            self.form.data["version"] = self.conflict.version
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                target = field if field in self.form.fields else None
                for message in errors:
                    self.form.add_error(target, message)
        else:
            for message in error.messages:
                self.form.add_error(None, message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            document=self.document,
            revision=self.revision,
            conflict=getattr(self, "conflict", None),
        )
        return context


@method_decorator(require_POST, name="dispatch")
class RevisionActionView(_Base):
    """POST-only workflow transitions; refusals come back as messages."""

    ACTIONS = {
        "submit": (services.revision_submit, _("Đã trình xem xét.")),
        "review": (services.revision_review, _("Đã xem xét.")),
        "approve": (services.revision_approve, _("Đã phê duyệt.")),
    }

    def post(self, request, pk, action):
        revision = self.get_revision(pk)
        try:
            message = self._run(request, revision, action)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        else:
            messages.success(request, message)
        return redirect("qms_documents:revision", pk=revision.pk)

    def _run(self, request, revision, action) -> str:
        user = request.user
        if action in self.ACTIONS:
            service, message = self.ACTIONS[action]
            service(revision=revision, user=user)
            return message
        if action == "reject":
            form = RejectForm(request.POST)
            comment = form.data.get("comment", "")
            services.revision_reject(revision=revision, user=user, comment=comment)
            return _("Đã trả lại dự thảo.")
        if action == "obsolete":
            form = ObsoleteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Nhập lý do và ngày hết hiệu lực hợp lệ."))
            services.revision_make_obsolete(
                revision=revision,
                user=user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
            return _("Đã hủy bỏ lần ban hành.")
        if action == "acknowledge":
            services.acknowledge_read(revision=revision, user=user)
            return _("Đã xác nhận đã đọc.")
        if action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Nhập tên tệp và chọn tệp."))
            services.attachment_add(
                revision=revision,
                user=user,
                title=form.cleaned_data["title"],
                uploaded_file=form.cleaned_data["file"],
            )
            return _("Đã đính kèm tệp.")
        raise Http404


class RevisionPdfView(_Base):
    """The controlled copy of a revision as an A4 PDF."""

    def get(self, request, pk):
        revision = self.get_revision(pk)
        position = (revision.issue_number, revision.revision_number)
        log = [
            earlier
            for earlier in revision.document.revisions.filter(
                status__in=services.APPROVED_STATUSES
            ).order_by("issue_number", "revision_number")
            if (earlier.issue_number, earlier.revision_number) < position
        ]
        in_force = revision.status == RevisionStatus.IN_FORCE
        stamp = {
            RevisionStatus.IN_FORCE: _("BẢN KIỂM SOÁT – ĐANG HIỆU LỰC"),
            RevisionStatus.SUPERSEDED: _("HẾT HIỆU LỰC – ĐÃ ĐƯỢC THAY THẾ"),
            RevisionStatus.OBSOLETE: _("HẾT HIỆU LỰC – ĐÃ HỦY BỎ"),
            RevisionStatus.APPROVED: _("ĐÃ PHÊ DUYỆT – CHƯA HIỆU LỰC"),
        }.get(revision.status, _("DỰ THẢO – KHÔNG CÓ GIÁ TRỊ SỬ DỤNG"))
        if revision.ended_on and revision.status in (
            RevisionStatus.SUPERSEDED,
            RevisionStatus.OBSOLETE,
        ):
            stamp += _(" TỪ %s") % revision.ended_on.strftime("%d/%m/%Y")
        pdf = render_pdf(
            "qms/pdf/controlled_copy.html",
            {
                "revision": revision,
                "document": revision.document,
                "revision_log": [*log, revision],
                "body_html": render_markdown(revision.body),
                "stamp": stamp,
                "stamp_in_force": in_force,
                "organisation": organisation_name(request),
                "printed_on": timezone.localtime(),
            },
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        # ASCII only: "QT 07/HĐ" → "QT-07-HD"; control characters cannot reach
        # the header (they would raise BadHeaderError).
        code = re.sub(r"[^A-Za-z0-9._-]+", "-", anyascii(revision.document.code))
        filename = (
            f"{code.strip('-')}-BH{revision.issue_number:02d}"
            f"-SD{revision.revision_number:02d}.pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False, filename=filename
        )
        return response


class AttachmentDownloadView(_Base):
    """Download an attachment the user may see."""

    def get(self, request, pk):
        queryset = scope_queryset(RevisionAttachment.objects.all(), request.user)
        attachment = get_object_or_404(queryset, pk=pk)
        try:
            handle = attachment.file.open("rb")
        except OSError as error:
            raise Http404 from error
        return FileResponse(
            handle, as_attachment=True, filename=attachment.file.name.split("/")[-1]
        )


class RegisterInForceView(_Base):
    """The whole register as it stood on a day."""

    template_name = "qms/documents/in_force.html"
    page_title = gettext_lazy("Tài liệu có hiệu lực theo ngày")
    paginate_by = 200

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = _parse_day(self.request.GET.get("on")) or timezone.localdate()
        revisions = revisions_in_force_on(day).filter(
            document__in=self.scoped_documents()
        )
        page = Paginator(revisions, self.paginate_by).get_page(
            self.request.GET.get("p")
        )
        context.update(
            day=day,
            form=DayForm(initial={"on": day}),
            page=page,
            revisions=page.object_list,
        )
        return context


class DashboardView(_Base):
    """Documents due and overdue, drafts waiting, read coverage per unit."""

    template_name = "qms/documents/dashboard.html"
    page_title = gettext_lazy("Kiểm soát tài liệu")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        documents = self.scoped_documents()
        waiting = (
            DocumentRevision.objects.filter(
                status__in=services.IN_PROGRESS, document__in=documents
            )
            .select_related("document", "drafted_by")
            .order_by("document__code")
        )
        context.update(
            today=today,
            due=documents_due(today=today, queryset=documents),
            waiting=list(waiting),
            coverage=acknowledgement_coverage(
                units_queryset=scope_queryset(
                    AdministrativeUnit.objects.all(), self.request.user
                )
            ),
        )
        return context


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
