"""``manage.py activate_revisions``: approved revisions whose date has come go live.

Run daily (cron or systemd timer) next to ``send_reminders``; the register "in
force on date" is computed from dates and is right even before this runs.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from qms.documents.services import revisions_activate_due


class Command(BaseCommand):
    """Put approved revisions in force on their effective date."""

    help = "Đưa các lần ban hành đã phê duyệt vào hiệu lực khi đến ngày."

    def handle(self, *args, **options):
        for revision in revisions_activate_due(today=timezone.localdate()):
            self.stdout.write(f"{revision} – {revision.get_status_display()}")
