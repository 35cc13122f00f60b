"""Seed the working-day calendar with 2025-2027 (holidays package, Vietnam)."""

import datetime
import re

from django.db import migrations

MAKE_UP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
SOURCE = "Bộ luật Lao động 2019, Điều 112"


def seed(apps, schema_editor):
    import holidays

    CalendarDay = apps.get_model("qms", "CalendarDay")
    rows = {}
    found = holidays.country_holidays("VN", years=[2025, 2026, 2027], language="vi")
    for day, name in found.items():
        for part in name.split("; "):
            rows.setdefault(day, ("day_off", part))
            if match := MAKE_UP.search(part):
                made_up = datetime.date(
                    int(match.group(3)), int(match.group(2)), int(match.group(1))
                )
                rows[made_up] = ("working_day", f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}")
    known = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=name, source=SOURCE)
        for day, (kind, name) in sorted(rows.items())
        if day not in known
    )


class Migration(migrations.Migration):
    dependencies = [("qms", "0012_working_day_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
