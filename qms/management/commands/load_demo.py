"""``manage.py load_demo``: the demo deployment of every app, then the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from qms.notices.services import notices_suppressed
from qms.organisation.demo import logins


class Command(BaseCommand):
    """Run each app's demo loader (settings.DEMO_LOADERS) in order; idempotent."""

    help = "Nạp dữ liệu mẫu: huyện Xuân Trường, Nam Định."

    def handle(self, *args, **options):
        # The demo's fictitious people are not mailed about the past it builds.
        with notices_suppressed():
            for path in settings.DEMO_LOADERS:
                import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        self.stdout.write("Tài khoản mẫu (tên đăng nhập / mật khẩu / vai trò):")
        for username, password, role in logins():
            self.stdout.write(f"  {username:<12} {password:<12} {role}")
