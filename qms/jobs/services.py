"""Starting a job and running it (the worker's side)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files import File
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


@dataclass(frozen=True)
class JobSummary:
    """What a builder hands back when the result is a summary, not a file.

    ``data`` (plain JSON: counts, located errors) is kept on the job and shown
    by the page of whoever asked for it (an import's result page); ``failed``
    ends the job as not done, with ``message`` saying why.
    """

    data: dict
    failed: bool = False
    message: str = ""


class JobRefused(Exception):
    """A builder's clear refusal (shown to the person as it is)."""


#: ``builder(job, progress) -> JobResult | JobSummary``;
#: ``progress(percent, message)``.
Builder = Callable[[BackgroundJob, Callable[[int, str], None]], JobResult | JobSummary]


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


def job_draft(
    *, kind: str, title: str, params: dict, user, source: File | None
) -> BackgroundJob:
    """Record a job (with its input file, if any), to be checked and confirmed.

    The file goes to private storage (no URL; only the owner's views read
    it). Nothing is queued until ``job_confirm``; an unconfirmed draft is
    deleted, with its file, by ``prune_background_jobs``.
    """
    builder_for(kind)
    job = BackgroundJob(
        kind=kind,
        title=title[:255],
        params=params,
        requested_by=user,
        status=JobStatus.DRAFT,
    )
    if source is not None:
        job.source.save(Path(source.name).name, source, save=False)
    job.save()
    return job


@transaction.atomic
def job_confirm(*, job: BackgroundJob, user) -> BackgroundJob:
    """Queue a draft the person confirmed; a second confirmation does nothing.

    The row is locked so two clicks (or two tabs) queue it once.
    """
    locked = BackgroundJob.objects.select_for_update().get(pk=job.pk)
    if locked.requested_by_id != user.pk:
        raise PermissionDenied
    if locked.status != JobStatus.DRAFT:
        return locked
    locked.status = JobStatus.QUEUED
    locked.save(update_fields=["status"])
    from qms.tasks import run_job  # noqa: PLC0415

    transaction.on_commit(lambda: run_job.enqueue(str(locked.pk)))
    return locked


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
        if isinstance(result, JobSummary):
            job.summary = result.data
            job.status = JobStatus.FAILED if result.failed else JobStatus.DONE
            job.message = result.message
        else:
            job.result.save(result.filename, ContentFile(result.content), save=False)
            job.result_name = result.filename
            job.content_type = result.content_type
            job.status = JobStatus.DONE
            job.message = ""
        if job.status == JobStatus.DONE:
            job.progress = 100
    if job.source:
        # the input served its purpose; a new attempt is a new upload
        job.source.delete(save=False)
    job.finished_at = timezone.now()
    job.save()
    return job.status
