"""One revision: detail, draft editing, workflow actions, attachment download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from qms.documents import services
from qms.documents.choices import RevisionStatus
from qms.documents.forms import (
    AttachmentForm,
    BodyPreviewForm,
    ObsoleteForm,
    RejectForm,
    RevisionDraftForm,
)
from qms.documents.models import DocumentRevision, RevisionAttachment
from qms.documents.queue import revision_actions
from qms.documents.rendering import render_markdown
from qms.documents.views.base import _Base, _error_text
from qms.organisation.scoping import scope_queryset


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
        # Buttons follow the three-person rule; a missing one says why.
        allowed = revision_actions(user, revision, today=timezone.localdate())
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
            can_edit=allowed.can_submit,
            can_submit=allowed.can_submit,
            can_review=allowed.can_review,
            can_approve=allowed.can_approve,
            action_reasons=allowed.reasons,
            can_reject=status in (RevisionStatus.SUBMITTED, RevisionStatus.REVIEWED)
            and (can_review or can_approve),
            can_obsolete=status in (RevisionStatus.IN_FORCE, RevisionStatus.APPROVED)
            and can_approve,
            can_acknowledge=allowed.can_acknowledge,
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
        self.form = RevisionDraftForm(request.POST, request.FILES)
        if self.form.is_valid():
            data = dict(self.form.cleaned_data)
            version = data.pop("version") or 0
            word_file = data.pop("word_file")
            try:
                revision, notes = self._save(data, version, word_file)
            except ValidationError as error:
                self._add_errors(error)
            else:
                if word_file is None:
                    messages.success(request, _("Đã lưu dự thảo."))
                    return redirect("qms_documents:revision", pk=revision.pk)
                # Imported: back to the editor, to check the preview.
                messages.success(
                    request,
                    _("Đã nhập nội dung từ tệp %s. Kiểm tra bản xem trước rồi lưu.")
                    % word_file.name,
                )
                for note in notes:
                    messages.warning(request, note)
                return redirect("qms_documents:revision_edit", pk=revision.pk)
        return self.render_to_response(self.get_context_data())

    def _save(self, data: dict, version: int, word_file) -> tuple:
        user = self.request.user
        if word_file is not None:
            return services.revision_import_word(
                document=self.document,
                user=user,
                uploaded_file=word_file,
                revision=self.revision,
                expected_version=version,
                **data,
            )
        if self.revision is None:
            created = services.revision_create_draft(
                document=self.document, user=user, **data
            )
            return created, []
        saved = services.revision_save_draft(
            revision=self.revision, user=user, expected_version=version, **data
        )
        return saved, []

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
        body = self.form["body"].value() or ""
        context.update(
            form=self.form,
            document=self.document,
            revision=self.revision,
            conflict=getattr(self, "conflict", None),
            preview_html=render_markdown(body),
            previous=self._previous(),
        )
        return context

    def _previous(self) -> DocumentRevision | None:
        """The revision before this draft, for the "compare" link."""
        revisions = self.document.revisions.order_by(
            "-issue_number", "-revision_number"
        )
        if self.revision is not None:
            revisions = revisions.exclude(pk=self.revision.pk)
        return revisions.first()


@method_decorator(require_POST, name="dispatch")
class BodyPreviewView(_Base):
    """POST the editor's text, get it back as the page will show it (JSON).

    Rendered by ``render_markdown``, so the preview is exactly the stored
    text's rendering, sanitised by nh3 like everywhere else; the editor's
    script (qms/static/qms/documents/body-editor.js) puts it in the page.
    """

    permission_required = services.PERM_CHANGE

    def post(self, request):
        form = BodyPreviewForm(request.POST)
        if not form.is_valid():
            return JsonResponse(
                {"error": _("Nội dung quá dài để xem trước (tối đa 500.000 ký tự).")},
                status=400,
            )
        return JsonResponse({"html": render_markdown(form.cleaned_data["body"])})


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
