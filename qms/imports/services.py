"""The import flow: keep and check an upload, confirm it, run it as a job."""

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.imports.registry import Importer, importer_for
from qms.jobs.models import BackgroundJob
from qms.jobs.services import JobRefused, JobSummary, job_confirm, job_draft
from qms.uploads import UploadKind, check_upload

logger = logging.getLogger(__name__)

#: The background-job kind of every import (settings.QMS_JOB_BUILDERS).
JOB_KIND = "import"


def upload_kind(importer: Importer) -> UploadKind:
    """The upload rule of ``importer``: its extensions and size limit."""
    return UploadKind(
        f"import_{importer.key}",
        importer.label,
        frozenset(importer.extensions),
        importer.max_bytes,
    )


@contextmanager
def source_path(job: BackgroundJob) -> Iterator[Path | None]:
    """The job's uploaded file as a local path with its own extension.

    The readers pick the format by extension. Private storage is the file
    system here; any other storage is copied to a temporary file first.
    None for an import without a file.
    """
    if not job.source:
        yield None
        return
    name = Path(job.source.name)
    try:
        yield Path(job.source.path)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / name.name
        with job.source.open("rb") as source, local.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield local


def import_check(
    *, importer: Importer, user, upload: File | None, params: dict | None = None
) -> BackgroundJob:
    """Keep ``upload`` privately on a draft job and check it (nothing written).

    The caller has checked ``importer.allowed(user)``. Raises
    ``ValidationError`` for a file of the wrong kind, empty or too large;
    the report of the check is in ``job.summary["check"]``.
    """
    if importer.needs_file:
        check_upload(upload, upload_kind(importer))
        name = Path(upload.name).name
    else:
        upload, name = None, ""
    params = {**(params or {}), "importer": importer.key}
    title = _("%(label)s: %(name)s") % {"label": importer.label, "name": name}
    job = job_draft(
        kind=JOB_KIND,
        title=title if name else str(importer.label),
        params=params,
        user=user,
        source=upload,
    )
    with source_path(job) as path:
        outcome = importer.check(path, user=user, params=params)
    job.params = {
        **params,
        "file_name": name,
        "rows": outcome.rows,
        "report_url": reverse("qms_imports:report", args=[importer.key, job.pk]),
    }
    job.summary = {"check": outcome.as_summary()}
    job.save(update_fields=["params", "summary"])
    return job


def import_confirm(*, job: BackgroundJob, user) -> BackgroundJob:
    """Queue a checked import; refused unless the check found no error."""
    if not job.summary.get("check", {}).get("ok"):
        raise PermissionDenied
    return job_confirm(job=job, user=user)


def import_job(job: BackgroundJob, progress) -> JobSummary:
    """The background builder: check the kept file again and import it.

    Permission is checked again as the requester (it may have been taken
    away since); scope is applied row by row by the importer.
    """
    importer = importer_for(job.params.get("importer", ""))
    if importer is None:
        raise JobRefused(_("Loại dữ liệu nhập này không còn được hỗ trợ."))
    user = job.requested_by
    if not importer.allowed(user):
        raise PermissionDenied
    if importer.needs_file and not job.source:
        raise JobRefused(_("Tệp đã tải lên không còn: vui lòng tải lại."))
    progress(1, _("Đang kiểm tra lại tệp"))
    with source_path(job) as path:
        outcome = importer.run(path, user=user, params=job.params, progress=progress)
    summary = outcome.as_summary()
    if importer.list_url_name:
        summary["link_url"] = reverse(importer.list_url_name)
        summary["link_label"] = str(importer.list_label)
    if not outcome.ok:
        return JobSummary(
            summary,
            failed=True,
            message=_(
                "Khi nhập, tệp không còn hợp lệ (dữ liệu đã thay đổi từ lúc "
                "kiểm tra): không ghi gì. Sửa các lỗi dưới đây rồi tải lại."
            ),
        )
    return JobSummary(summary, message=_("Đã nhập xong, không có lỗi."))


def own_draft(*, user, pk, importer: Importer) -> BackgroundJob | None:
    """The person's own import job of ``importer`` (any status), or None."""
    return BackgroundJob.objects.filter(
        pk=pk, requested_by=user, kind=JOB_KIND, params__importer=importer.key
    ).first()
