"""Admin screens of the imports: index, upload, dry-run report, confirm.

Wagtail's admin checks the login first; every view checks the importer's
permission, and a report or a confirmation is the owner's only (404
otherwise, like jobs).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from qms.imports.forms import ImportUploadForm
from qms.imports.registry import Importer, importer_for, importers_for
from qms.imports.services import import_check, import_confirm, own_draft
from qms.jobs.models import JobStatus


def _importer(request: HttpRequest, key: str) -> Importer:
    importer = importer_for(key)
    if importer is None:
        raise Http404
    if not importer.allowed(request.user):
        raise PermissionDenied
    return importer


class ImportIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The imports this person may use, each with what its file holds."""

    template_name = "qms/imports/index.html"
    page_title = _("Nhập dữ liệu")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.importers = importers_for(request.user)
        if not self.importers:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "importers": self.importers}


class _ImportMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.importer = _importer(request, kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.importer.label)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("qms_imports:index"), "label": _("Nhập dữ liệu")},
            {"url": "", "label": self.importer.label},
        ]

    def upload_form(self, data=None, files=None) -> ImportUploadForm:
        return ImportUploadForm(data, files, importer=self.importer)


class ImportUploadView(_ImportMixin, TemplateView):
    """Upload a file; it is checked at once and the report shown."""

    template_name = "qms/imports/upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.upload_form())
        context["importer"] = self.importer
        return context

    def post(self, request, *args, **kwargs):
        form = self.upload_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = import_check(
                    importer=self.importer,
                    user=request.user,
                    upload=form.cleaned_data.get("file"),
                    params=form.params(),
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("qms_imports:report", self.importer.key, job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportReportView(_ImportMixin, TemplateView):
    """The dry-run report; confirm when it found nothing, or upload again."""

    template_name = "qms/imports/report.html"

    def dispatch(self, request, *args, **kwargs):
        self.importer = _importer(request, kwargs["kind"])
        self.job = own_draft(user=request.user, pk=kwargs["pk"], importer=self.importer)
        if self.job is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            importer=self.importer,
            job=self.job,
            check=self.job.summary.get("check", {}),
            draft=self.job.status == JobStatus.DRAFT,
            form=self.upload_form(),
        )
        return context


@require_POST
def import_confirm_view(request: HttpRequest, kind: str, pk) -> HttpResponse:
    """Queue the checked file; then the job's page follows its progress."""
    importer = _importer(request, kind)
    job = own_draft(user=request.user, pk=pk, importer=importer)
    if job is None:
        raise Http404
    if job.status == JobStatus.DRAFT:
        job = import_confirm(job=job, user=request.user)
    return redirect("qms_jobs:detail", job.pk)
