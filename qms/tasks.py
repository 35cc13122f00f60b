"""Background work on django-tasks: what a request or a timer should not wait for.

In production ``TASKS`` is the database backend and ``manage.py db_worker``
(deploy/systemd/qms-worker.service) runs the queue; the demo and the tests run
each task at once (``ImmediateBackend``). Arguments are JSON: ids and text,
never model instances.
"""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from qms.jobs.services import job_run
from qms.notices.services import notice_deliver


@task()
def send_mail_task(subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text mail through Django's e-mail backend.

    A failure (SMTP down) fails the task, which the worker records with its
    traceback (admin → task results) instead of losing it in a request.
    """
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@task()
def send_notice_task(notice_id: int) -> int:
    """Send one recorded notice (``qms.notices``), at most once.

    Safe to retry: a notice already sent is skipped, so a retried task or a
    second worker never mails the same person twice for the same event.
    """
    return notice_deliver(notice_id=notice_id)


@task()
def run_job(job_id: str) -> str:
    """Run one ``BackgroundJob`` (qms/jobs): its builder, its result file."""
    return job_run(job_id)
