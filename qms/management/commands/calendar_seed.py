"""Add Vietnam's public holidays and make-up working days for some years."""

from django.core.management.base import BaseCommand, CommandError

from qms.calendar import calendar_seed


class Command(BaseCommand):
    help = "Nạp ngày nghỉ lễ, Tết và ngày làm bù của các năm (mặc định 2025-2027)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, default=[2025, 2026, 2027])

    def handle(self, *args, years, **options):
        if any(not 2000 <= year <= 2100 for year in years):
            raise CommandError("Năm phải từ 2000 đến 2100.")
        added = calendar_seed(years=years)
        self.stdout.write(f"Đã thêm {added} ngày vào lịch nghỉ lễ, làm bù.")
