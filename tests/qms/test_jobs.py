"""Background jobs (qms/jobs): progress page, result, owner only, failures."""

import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from qms.jobs.models import BackgroundJob, JobStatus
from qms.jobs.services import JobRefused, JobResult, job_run, job_start

pytestmark = pytest.mark.django_db

BUILDERS = {
    "echo": "tests.qms.test_jobs.echo",
    "refuse": "tests.qms.test_jobs.refuse",
    "crash": "tests.qms.test_jobs.crash",
}


def echo(job, progress):
    progress(40, "nửa đường")
    assert BackgroundJob.objects.get(pk=job.pk).progress == 40
    return JobResult("ket-qua.csv", "text/csv", job.params["text"].encode())


def refuse(job, progress):
    raise JobRefused("Đơn vị này nằm ngoài phạm vi của bạn.")


def crash(job, progress):
    raise RuntimeError("secret internal detail")


@pytest.fixture(autouse=True)
def _builders(settings):
    settings.QMS_JOB_BUILDERS = BUILDERS


def detail(job):
    return reverse("qms_jobs:detail", args=[job.pk])


def start(user, kind="echo", **params):
    return job_start(kind=kind, title="Xuất thử", params=params, user=user)


def test_a_queued_job_shows_its_progress_and_reloads(login, inspector):
    job = start(inspector, text="a;b")  # not committed: still queued
    response = login(inspector).get(detail(job))
    assert response.status_code == 200
    assert response["Refresh"] == "2"
    page = response.content.decode()
    assert "Đang chờ" in page
    assert "<progress" in page


def test_a_done_job_offers_its_file_to_its_owner_only(
    login, inspector, approver, client, superuser
):
    job = start(inspector, text="mã;tên")
    assert job_run(str(job.pk)) == JobStatus.DONE
    owner = login(inspector)
    page = owner.get(detail(job))
    assert "Refresh" not in page
    download = reverse("qms_jobs:download", args=[job.pk])
    assert download in page.content.decode()
    response = owner.get(download)
    assert b"".join(response.streaming_content) == "mã;tên".encode()
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert login(approver).get(detail(job)).status_code == 404
    assert login(approver).get(download).status_code == 404
    assert login(superuser).get(download).status_code == 200
    client.logout()
    assert "/admin/login/" in client.get(download)["Location"]


def test_a_refusal_is_shown_as_it_is(login, inspector):
    job = start(inspector, kind="refuse")
    assert job_run(str(job.pk)) == JobStatus.FAILED
    page = login(inspector).get(detail(job)).content.decode()
    assert "Đơn vị này nằm ngoài phạm vi của bạn." in page
    download = reverse("qms_jobs:download", args=[job.pk])
    assert login(inspector).get(download).status_code == 404


def test_a_crash_is_logged_and_never_shown(login, inspector, caplog):
    job = start(inspector, kind="crash")
    assert job_run(str(job.pk)) == JobStatus.FAILED
    page = login(inspector).get(detail(job)).content.decode()
    assert "secret internal detail" not in page
    assert "vui lòng thử lại sau" in page
    assert "secret internal detail" in caplog.text


def test_a_job_runs_once(inspector):
    job = start(inspector, text="x")
    job_run(str(job.pk))
    job.refresh_from_db()
    finished = job.finished_at
    assert job_run(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert job.finished_at == finished


def test_an_unknown_kind_fails_in_the_request(inspector):
    with pytest.raises(ImproperlyConfigured):
        start(inspector, kind="nope")
    assert not BackgroundJob.objects.exists()


def test_bad_job_ids_are_404(login, inspector):
    client = login(inspector)
    assert client.get("/admin/viec-nen/not-a-uuid/").status_code == 404
    missing = "/admin/viec-nen/00000000-0000-0000-0000-000000000000/"
    assert client.get(missing).status_code == 404


def test_committed_jobs_run_through_the_task_queue(
    login, inspector, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(inspector, text="xong")
    job.refresh_from_db()
    assert (job.status, job.progress, job.result_name) == ("done", 100, "ket-qua.csv")


def test_old_jobs_and_their_files_are_pruned(inspector):
    old = start(inspector, text="cũ")
    job_run(str(old.pk))
    old.refresh_from_db()
    storage, name = old.result.storage, old.result.name
    assert storage.exists(name)
    BackgroundJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = start(inspector, text="mới")
    job_run(str(recent.pk))
    queued = start(inspector, text="đang chờ")
    out = io.StringIO()
    call_command("prune_background_jobs", stdout=out)
    assert "Đã xoá 1 việc" in out.getvalue()
    assert set(BackgroundJob.objects.values_list("pk", flat=True)) == {
        recent.pk,
        queued.pk,
    }
    assert not storage.exists(name)
    with pytest.raises(CommandError):
        call_command("prune_background_jobs", "--days", "0")
