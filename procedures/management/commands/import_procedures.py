"""``manage.py import_procedures PATH [--dry-run]``: load procedures from JSON."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from procedures.services import (
    ProcedureImportError,
    procedures_import,
    procedures_read,
)


class Command(BaseCommand):
    """Validate a JSON list of procedures, then create or revise their pages.

    Any error writes nothing, prints ``item N (code): field: message`` lines and
    exits non-zero. New revisions go to the approval workflow unless --publish.
    """

    help = "Nhập danh mục thủ tục hành chính từ tệp JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp JSON: danh sách các thủ tục.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ kiểm tra và báo cáo, không ghi gì.",
        )
        parser.add_argument(
            "--user",
            help="Tên đăng nhập của người nhập (ghi vào lịch sử phiên bản).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Công bố ngay, không qua quy trình phê duyệt.",
        )

    def handle(self, *args, **options):
        try:
            items = procedures_read(Path(options["path"]))
        except ProcedureImportError as error:
            raise CommandError(error.errors[0]) from error
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"user: không có người dùng {options['user']}")
        try:
            report = procedures_import(
                items,
                user=user,
                dry_run=options["dry_run"],
                publish=options["publish"],
            )
        except ProcedureImportError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(
                f"Có {len(error.errors)} lỗi, không ghi gì vào cơ sở dữ liệu."
            ) from error
        prefix = "Kiểm tra (không ghi): " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}{len(report.created)} thủ tục mới, "
            f"{len(report.updated)} thủ tục cập nhật (phiên bản mới)."
        )
        if report.new_sectors:
            self.stdout.write("Lĩnh vực mới: " + ", ".join(report.new_sectors))
        if report.dry_run:
            return
        if report.published:
            self.stdout.write(self.style.SUCCESS("Đã công bố."))
        elif report.submitted:
            self.stdout.write(self.style.SUCCESS("Đã trình lãnh đạo phê duyệt."))
        else:
            self.stdout.write("Đã lưu bản nháp (trang chưa có quy trình phê duyệt).")
