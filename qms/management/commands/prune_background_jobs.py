"""``manage.py prune_background_jobs [--days 30]``: forget old jobs and their files.

A job's result (a PDF pack, an import report) is a copy of what the system can
make again; kept ``--days`` days after it finished, then deleted with its file.
Run daily by deploy/systemd (qms-prune-jobs.timer).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.jobs.models import BackgroundJob


class Command(BaseCommand):
    help = "Xoá các việc chạy nền đã xong quá số ngày cho trước, cùng tệp kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError(_("--days phải từ 1 trở lên."))
        cutoff = timezone.now() - datetime.timedelta(days=days)
        old = BackgroundJob.objects.filter(finished_at__lt=cutoff)
        removed = 0
        for job in old.iterator():
            if job.result:
                job.result.delete(save=False)
            job.delete()
            removed += 1
        self.stdout.write(_("Đã xoá %(n)s việc chạy nền.") % {"n": removed})
