"""Starting a job and running it (the worker's side)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qms.jobs.models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    """What a builder hands back: a file to offer for download."""

    filename: str
    content_type: str
    content: bytes


class JobRefused(Exception):
    """A builder's clear refusal (shown to the person as it is)."""


#: ``builder(job, progress) -> JobResult``; ``progress(percent, message)``.
Builder = Callable[[BackgroundJob, Callable[[int, str], None]], JobResult]


def builder_for(kind: str) -> Builder:
    path = getattr(settings, "QMS_JOB_BUILDERS", {}).get(kind)
    if path is None:
        raise ImproperlyConfigured(f"No builder for background jobs of kind {kind!r}.")
    return import_string(path)


def job_start(*, kind: str, title: str, params: dict, user) -> BackgroundJob:
    """Record the job and queue it once this transaction commits.

    The caller has checked that ``user`` may ask for it; the builder checks
    the scope again when it runs, as that user.
    """
    builder_for(kind)  # a typo fails here, in the request, not in the worker
    job = BackgroundJob.objects.create(
        kind=kind, title=title[:255], params=params, requested_by=user
    )
    # the task module imports this one: the import waits until it is needed
    from qms.tasks import run_job  # noqa: PLC0415

    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def _progress(job: BackgroundJob) -> Callable[[int, str], None]:
    def report(percent: int, message: str = "") -> None:
        job.progress = max(0, min(100, int(percent)))
        job.message = message
        BackgroundJob.objects.filter(pk=job.pk).update(
            progress=job.progress, message=message
        )

    return report


def job_run(job_id: str) -> str:
    """Run one queued job; its status says how it ended. Returns the status."""
    job = BackgroundJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return job.status  # run twice (a retried task): nothing to do
    BackgroundJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        result = builder_for(job.kind)(job, _progress(job))
    except (JobRefused, PermissionDenied) as refusal:
        job.status = JobStatus.FAILED
        job.message = str(refusal) or _("Bạn không có quyền thực hiện việc này.")
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = _(
            "Có lỗi khi thực hiện. Quản trị hệ thống đã được ghi nhận; "
            "vui lòng thử lại sau."
        )
    else:
        job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name = result.filename
        job.content_type = result.content_type
        job.status = JobStatus.DONE
        job.progress = 100
        job.message = ""
    job.finished_at = timezone.now()
    job.save()
    return job.status
