"""``manage.py documents_in_force --on 2022-09-29``: the register on that day."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qms.documents.selectors import revisions_in_force_on


def parse_day(value: str) -> datetime.date:
    """``YYYY-MM-DD`` or ``dd/mm/yyyy``."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(
        f"Ngày không hợp lệ: {value!r} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)"
    )


class Command(BaseCommand):
    """Print every document with the revision in force on a day (one query)."""

    help = "Danh mục tài liệu có hiệu lực vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--on", dest="day", help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--document", help="Chỉ một tài liệu (mã hiệu)")

    def handle(self, *args, day=None, document=None, **options):
        on = parse_day(day) if day else timezone.localdate()
        revisions = revisions_in_force_on(on)
        if document:
            revisions = revisions.filter(document__code=document)
        self.stdout.write(f"Tài liệu có hiệu lực ngày {on:%d/%m/%Y}:")
        # Plain rows, one query, no server-side cursor: 5,000 documents in
        # well under a second on SQLite and PostgreSQL (benchmarks/).
        rows = revisions.values_list(
            "document__code",
            "issue_number",
            "revision_number",
            "effective_date",
            "document__title",
            "document__owning_unit__name",
        )
        lines = [
            f"{code:<20} BH {issue:02d} / SĐ {revision:02d}    "
            f"từ {effective:%d/%m/%Y}  {title}  [{unit}]"
            for code, issue, revision, effective, title, unit in rows
        ]
        lines.append(f"Tổng số: {len(lines)}")
        self.stdout.write("\n".join(lines))
