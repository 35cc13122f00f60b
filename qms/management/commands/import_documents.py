"""``manage.py import_documents PATH``: import a folder or zip of Markdown files."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from qms.documents.importer import documents_import, legal_texts_load
from qms.organisation.models import AdministrativeUnit


class Command(BaseCommand):
    """Validate every file first; write nothing if any file has a problem."""

    help = "Nhập bộ tài liệu (thư mục hoặc tệp zip các tệp Markdown có YAML)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="Người nhập (tên đăng nhập)")
        parser.add_argument("--unit", help="Mã đơn vị chủ trì mặc định")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi"
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="Bỏ qua tệp của tài liệu đã có mã trong hệ thống",
        )
        parser.add_argument(
            "--legal-texts",
            help="Tệp YAML danh mục văn bản pháp lý, nạp trước khi nhập",
        )

    def handle(self, *args, path, user, unit=None, dry_run=False, **options):
        importer = get_user_model().objects.filter(username=user).first()
        if importer is None:
            raise CommandError(f"Không có người dùng {user}")
        default_unit = None
        if unit:
            default_unit = (
                AdministrativeUnit.objects.filter(code=unit)
                .order_by(F("valid_to").desc(nulls_first=True))
                .first()
            )
            if default_unit is None:
                raise CommandError(f"Không có đơn vị mã {unit}")
        # The legal texts are written only if the documents are: one transaction.
        with transaction.atomic():
            if options.get("legal_texts"):
                try:
                    legal_texts_load(options["legal_texts"], user=importer)
                except ValueError as error:
                    raise CommandError(str(error)) from error
            report = documents_import(
                path,
                user=importer,
                default_unit=default_unit,
                dry_run=dry_run,
                skip_existing=options.get("skip_existing", False),
            )
            if report.problems or dry_run:
                transaction.set_rollback(True)
        for name in report.skipped:
            self.stdout.write(f"Bỏ qua (tài liệu đã có): {name}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(f"{len(report.problems)} lỗi: không nhập tài liệu nào.")
        if dry_run:
            self.stdout.write("Kiểm tra xong: không có lỗi (chưa ghi gì).")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nhập {report.created_documents} tài liệu, "
                f"{report.created_revisions} lần ban hành."
            )
        )
