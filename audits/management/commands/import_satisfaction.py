"""``manage.py import_satisfaction PATH [--dry-run]``: surveys and the rating."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audits.dossiers.satisfaction import satisfaction_import
from audits.dossiers.tables import FileFormatError


class Command(BaseCommand):
    """Survey results and the nine indicators per unit and period, with ratings."""

    help = _(
        "Nhập kết quả khảo sát sự hài lòng và chín chỉ số đánh giá một cửa "
        "(ma_don_vi, tu_ngay, den_ngay, so_phieu, hai_long, phan_anh_kien_nghi, "
        "chi_so_1..chi_so_9); xếp loại theo Thông tư 01/2018/TT-VPCP."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        try:
            report = satisfaction_import(path, dry_run=dry_run)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for line in report.listed_errors():
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s lỗi: không ghi gì.") % {"count": report.error_count}
            )
        if dry_run:
            self.stdout.write(
                _("Tệp hợp lệ: %(rows)s dòng (chạy thử).") % {"rows": report.rows}
            )
            return
        for code, total, rating in report.evaluations:
            self.stdout.write(f"{code}: {total} / 18 → {rating}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập %(surveys)s kết quả khảo sát, %(evaluations)s đánh giá.")
                % {"surveys": report.surveys, "evaluations": len(report.evaluations)}
            )
        )
