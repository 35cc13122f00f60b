"""``manage.py prune_background_jobs [--days 30]``: forget old jobs and their files.

A job's result (a PDF pack, an import report) is a copy of what the system can
make again; kept ``--days`` days after it finished, then deleted with its file.
A draft (a file uploaded for import, checked but never confirmed) is deleted
with the uploaded file one day after it was made: the person's data is not kept
longer than the decision needs. Run daily by deploy/systemd (qms-prune-jobs.timer).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.jobs.models import BackgroundJob, JobStatus

#: An unconfirmed upload is kept this long.
DRAFT_DAYS = 1


class Command(BaseCommand):
    help = "Xoá các việc chạy nền đã xong quá số ngày cho trước, cùng tệp kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError(_("--days phải từ 1 trở lên."))
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=days)
        stale = now - datetime.timedelta(days=DRAFT_DAYS)
        old = BackgroundJob.objects.filter(
            Q(finished_at__lt=cutoff) | Q(status=JobStatus.DRAFT, created_at__lt=stale)
        )
        removed = 0
        for job in old.iterator():
            if job.result:
                job.result.delete(save=False)
            if job.source:
                job.source.delete(save=False)
            job.delete()
            removed += 1
        self.stdout.write(_("Đã xoá %(n)s việc chạy nền.") % {"n": removed})
