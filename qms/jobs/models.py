"""A piece of long work, its progress and its result file."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.storage import private_storage


class JobStatus(models.TextChoices):
    #: Recorded with its input (an uploaded file) and checked, not yet queued:
    #: waits for the person to confirm (qms.imports).
    DRAFT = "draft", _("Chờ xác nhận")
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang thực hiện")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thực hiện được")


def result_upload_to(job: "BackgroundJob", filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


def source_upload_to(job: "BackgroundJob", filename: str) -> str:
    return f"jobs/{job.pk}/source/{filename}"


class BackgroundJob(models.Model):
    """One person's long work; only they (and superusers) see it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại việc"), max_length=64)
    title = models.CharField(_("tên"), max_length=255)
    params = models.JSONField(_("tham số"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="background_jobs",
        verbose_name=_("người yêu cầu"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=JobStatus.choices,
        default=JobStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    result = models.FileField(
        _("kết quả"), upload_to=result_upload_to, storage=private_storage, blank=True
    )
    result_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    #: The input the job reads (an uploaded file), private like the result;
    #: deleted when the job has run, or by prune_background_jobs.
    source = models.FileField(
        _("tệp đầu vào"),
        upload_to=source_upload_to,
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    #: A result that is a summary rather than a file (an import's counts and
    #: located errors), and the check made before the person confirmed.
    summary = models.JSONField(_("tóm tắt kết quả"), default=dict, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("lúc yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
