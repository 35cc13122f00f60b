"""``manage.py load_units --province 36 [--province 72] [--structure both]``."""

from django.core.management.base import BaseCommand, CommandError

from qms.organisation.unit_loader import STRUCTURES, UnitLoadError, units_load

_LABELS = {
    "legacy:province": "tỉnh (trước 2025)",
    "legacy:district": "huyện (trước 2025)",
    "legacy:commune": "xã (trước 2025)",
    "current:province": "tỉnh (từ 01/07/2025)",
    "current:commune": "xã (từ 01/07/2025)",
}


class Command(BaseCommand):
    """Load administrative units from the official-data packages; idempotent."""

    help = (
        "Nạp đơn vị hành chính (trước và sau sắp xếp 2025) từ gói dữ liệu chính thức."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            required=True,
            help="Mã tỉnh trước 2025 (2 chữ số, ví dụ 36 Nam Định). Lặp lại được.",
        )
        parser.add_argument("--structure", choices=STRUCTURES, default="both")

    def handle(self, *args, province, structure, **options):
        try:
            report = units_load(provinces=province, structure=structure)
        except UnitLoadError as exc:
            raise CommandError(str(exc)) from exc
        for name in report.provinces:
            self.stdout.write(f"Tỉnh: {name}")
        if not report.total:
            self.stdout.write("Không có gì mới: mọi đơn vị đã có sẵn.")
            return
        for key, label in _LABELS.items():
            if report.created.get(key):
                self.stdout.write(f"Đã tạo {report.created[key]} {label}")
        self.stdout.write(f"Đã thêm {report.successor_links} liên kết đơn vị kế thừa")
        self.stdout.write(self.style.SUCCESS("Xong."))
