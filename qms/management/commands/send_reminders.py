"""``manage.py send_reminders``: mail owners what is due or overdue."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from qms.management.commands.documents_in_force import parse_day
from qms.reminders import reminders_send


class Command(BaseCommand):
    """Gather every source in settings.REMINDER_SOURCES and send one mail each,
    then the notices of settings.REMINDER_NOTICES (certificates expiring)."""

    help = (
        "Gửi thư nhắc việc (tài liệu đến hạn xem xét, cập nhật theo văn bản mới, "
        "chứng chỉ đào tạo sắp hết hạn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", dest="day", help="YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, day=None, **options):
        today = parse_day(day) if day else timezone.localdate()
        sent = reminders_send(today=today)
        for email, count in sorted(sent.items()):
            self.stdout.write(f"{email}: {count} việc")
        self.stdout.write(f"Đã gửi {len(sent)} thư.")
        for path in getattr(settings, "REMINDER_NOTICES", []):
            told = import_string(path)(today=today)
            for email, count in sorted(told.items()):
                self.stdout.write(f"{email}: {count} thông báo ({path})")
