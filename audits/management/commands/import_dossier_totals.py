"""``manage.py import_dossier_totals PATH [--dry-run]``: Form 06 totals per unit."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audits.dossiers.tables import FileFormatError
from audits.dossiers.totals import dossier_totals_import


class Command(BaseCommand):
    """Import periodic totals; report every figure that does not add up."""

    help = _(
        "Nhập số liệu tổng hợp Mẫu 06 theo đơn vị và kỳ (CSV hoặc XLSX); "
        "nhận cả số liệu không cân đối nhưng báo từng điểm không khớp."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        try:
            report = dossier_totals_import(path, dry_run=dry_run)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for line in report.listed_errors():
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s lỗi: không ghi số liệu nào.")
                % {"count": report.error_count}
            )
        for line in report.inconsistencies:
            self.stdout.write(
                self.style.WARNING(_("Không khớp: %(line)s") % {"line": line})
            )
        if dry_run:
            self.stdout.write(
                _("Tệp hợp lệ: %(rows)s dòng (chạy thử).") % {"rows": report.rows}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập %(rows)s dòng số liệu tổng hợp, %(issues)s điểm không khớp.")
                % {"rows": report.written, "issues": len(report.inconsistencies)}
            )
        )
