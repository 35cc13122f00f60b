"""``manage.py import_dossiers PATH [--dry-run]``: dossiers from one-stop software."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from audits.dossiers.imports import dossiers_import
from audits.dossiers.tables import FileFormatError


class Command(BaseCommand):
    """Validate a CSV/XLSX file of dossiers, then upsert it all or nothing."""

    help = _(
        "Nhập hồ sơ từ tệp CSV (UTF-8) hoặc XLSX xuất từ phần mềm một cửa; "
        "kiểm tra toàn bộ tệp trước, có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ kiểm tra, không ghi."),
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s") % {"path": path})
        bars = {}
        progress = None
        if sys.stderr.isatty():

            def progress(phase: str, rows: int) -> None:
                if phase not in bars:
                    for bar in bars.values():
                        bar.close()
                    label = {
                        "validate": _("Kiểm tra"),
                        "write": _("Ghi"),
                        "read": _("Đọc tệp"),
                        "check_write": _("Kiểm tra và ghi"),
                    }[phase]
                    bars[phase] = tqdm(desc=label, unit=_(" dòng"), file=sys.stderr)
                bars[phase].update(rows)

        try:
            report = dossiers_import(path, dry_run=dry_run, progress=progress)
        except FileFormatError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()
        if not report.ok:
            for line in report.listed_errors():
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s lỗi trong %(rows)s dòng: không ghi hồ sơ nào.")
                % {"count": report.error_count, "rows": report.rows}
            )
        for note in report.notes():
            self.stdout.write(self.style.WARNING(note))
        if dry_run:
            self.stdout.write(
                _("Tệp hợp lệ: %(rows)s dòng (chạy thử, không ghi).")
                % {"rows": report.rows}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nhập %(rows)s dòng: %(created)s hồ sơ mới, "
                    "%(updated)s cập nhật, %(unchanged)s không đổi."
                )
                % {
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
            )
        )
