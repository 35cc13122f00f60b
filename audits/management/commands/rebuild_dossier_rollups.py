"""``manage.py rebuild_dossier_rollups [--check]``: PostgreSQL's Form 06 roll-ups."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from audits.dossiers.rollups import BACKFILL, EXPECTED


class Command(BaseCommand):
    """Check the daily roll-ups against the dossiers, or build them again."""

    help = _(
        "Kiểm tra (--check) hoặc dựng lại các bảng cộng dồn theo ngày mà báo cáo "
        "Mẫu 06 dùng trên PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Chỉ so sánh với hồ sơ, không sửa; có sai lệch thì thoát mã 1."),
        )

    def handle(self, *args, check: bool, **options):
        if connection.vendor != "postgresql":
            self.stdout.write(_("SQLite đếm trực tiếp hồ sơ: không có bảng cộng dồn."))
            return
        if check:
            self._check()
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE audits_dossier IN SHARE MODE")
            cursor.execute(BACKFILL)
        self.stdout.write(self.style.SUCCESS(_("Đã dựng lại các bảng cộng dồn.")))

    def _check(self) -> None:
        wrong = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE audits_dossier IN SHARE MODE")
            for table, query in EXPECTED.items():
                cursor.execute(
                    f"SELECT count(*) FROM (({query}) EXCEPT "  # noqa: S608 - constants
                    f"(SELECT * FROM {table} WHERE n <> 0)) a"
                )
                missing = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT count(*) FROM ((SELECT * FROM {table} WHERE n <> 0) "  # noqa: S608
                    f"EXCEPT ({query})) b"
                )
                extra = cursor.fetchone()[0]
                if missing or extra:
                    wrong.append(f"{table}: {missing + extra}")
        if wrong:
            raise CommandError(
                _(
                    "Bảng cộng dồn lệch với hồ sơ (%(tables)s): "
                    "chạy lại lệnh không có --check."
                )
                % {"tables": ", ".join(wrong)}
            )
        self.stdout.write(self.style.SUCCESS(_("Các bảng cộng dồn khớp với hồ sơ.")))
