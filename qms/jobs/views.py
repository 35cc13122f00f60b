"""A job's page (progress, then the result) and its download: owner only.

Admin URLs: Wagtail's admin checks the login and admin access first.
"""

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from qms.jobs.models import BackgroundJob, JobStatus

#: Seconds between reloads of an unfinished job's page.
REFRESH_SECONDS = 2


def _own_job(request: HttpRequest, pk) -> BackgroundJob:
    """The job, if it is the person's own (a superuser sees every job)."""
    jobs = BackgroundJob.objects.all()
    if not request.user.is_superuser:
        jobs = jobs.filter(requested_by=request.user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


class JobView(WagtailAdminTemplateMixin, TemplateView):
    """Where the job stands; reloads itself until it is done."""

    template_name = "qms/jobs/job.html"
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        self.job = _own_job(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.job.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.job.title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = self.job
        waiting = self.job.finished or self.job.status == JobStatus.DRAFT
        context["refresh"] = None if waiting else REFRESH_SECONDS
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["refresh"]:
            response["Refresh"] = str(REFRESH_SECONDS)  # no script needed
        return response


def job_download(request: HttpRequest, pk) -> FileResponse:
    job = _own_job(request, pk)
    if not job.result:
        raise Http404(_("Việc này chưa có kết quả."))
    response = FileResponse(
        job.result.open("rb"),
        as_attachment=job.content_type != "application/pdf",
        filename=job.result_name,
        content_type=job.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
