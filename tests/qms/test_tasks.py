"""Mail through the database queue and the worker, as production runs it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from qms.jobs.models import JobStatus
from qms.jobs.services import job_start
from qms.tasks import send_mail_task

# The worker closes its connection when done: only a real transaction survives it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_mail_waits_in_the_database_until_the_worker_sends_it(settings):
    settings.TASKS = DATABASE_QUEUE
    result = send_mail_task.enqueue("Nhắc việc", "Nội dung", ["a@example.gov.vn"])
    assert mail.outbox == []
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["a@example.gov.vn"]]
    assert mail.outbox[0].subject == "Nhắc việc"
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"


def test_a_failed_mail_is_recorded_not_lost(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    result = send_mail_task.enqueue("Nhắc việc", "Nội dung", ["a@example.gov.vn"])
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "FAILED"
    assert "ConnectionRefusedError" in str(stored.exception_class_path) + str(
        stored.traceback
    )


def test_demo_and_tests_send_at_once():
    send_mail_task.enqueue("Nhắc việc", "Nội dung", ["b@example.gov.vn"])
    assert [m.to for m in mail.outbox] == [["b@example.gov.vn"]]


def test_a_background_job_waits_for_the_worker(settings, inspector):
    settings.TASKS = DATABASE_QUEUE
    settings.QMS_JOB_BUILDERS = {"echo": "tests.qms.test_jobs.echo"}
    job = job_start(kind="echo", title="Xuất", params={"text": "ok"}, user=inspector)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result.read() == b"ok"
