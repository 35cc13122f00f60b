"""Working-day arithmetic over the seeded calendar: Tết, a make-up Saturday."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qms.calendar import (
    CalendarDay,
    DayKind,
    add_working_days,
    is_working_day,
    seed_rows,
    working_days_between,
)

pytestmark = pytest.mark.django_db
day = datetime.date


def test_the_migration_seeded_2025_to_2027():
    assert CalendarDay.objects.filter(date__year=2025).exists()
    assert CalendarDay.objects.filter(date__year=2027).exists()
    # Tết 2026: Monday 16/02 to Friday 20/02 off
    for d in range(16, 21):
        assert not is_working_day(day(2026, 2, d))


def test_ten_working_days_across_tet_2025():
    # received Friday 24/01/2025; Tết 27/01–31/01 (Mon–Fri) and 01/02 (Sat) off
    assert add_working_days(day(2025, 1, 24), 10) == day(2025, 2, 14)
    assert working_days_between(day(2025, 1, 24), day(2025, 2, 14)) == 10


def test_make_up_saturday_counts_and_bridged_friday_does_not():
    assert CalendarDay.objects.get(date=day(2025, 4, 26)).kind == DayKind.WORKING_DAY
    assert is_working_day(day(2025, 4, 26))  # Saturday worked
    assert not is_working_day(day(2025, 5, 2))  # Friday bridged
    # Thu 24/04: Fri 25 (1), Sat 26 (2), Mon 28 (3), Tue 29 (4), 30/04–02/05 off,
    # Mon 05/05 (5)
    assert add_working_days(day(2025, 4, 24), 5) == day(2025, 5, 5)


def test_receipt_on_a_weekend_counts_from_monday():
    assert add_working_days(day(2026, 3, 7), 1) == day(2026, 3, 9)
    assert add_working_days(day(2026, 3, 7), 0) == day(2026, 3, 7)


def test_a_day_edited_in_the_admin_changes_the_count():
    assert add_working_days(day(2026, 3, 9), 1) == day(2026, 3, 10)
    CalendarDay.objects.create(date=day(2026, 3, 10), kind="day_off", name="Nghỉ")
    assert add_working_days(day(2026, 3, 9), 1) == day(2026, 3, 11)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(day(2026, 3, 9), -1)


def test_seed_rows_read_make_up_days_from_the_package():
    rows = {d: kind for d, kind, _name in seed_rows([2025])}
    assert rows[day(2025, 4, 26)] == DayKind.WORKING_DAY
    assert rows[day(2025, 1, 29)] == DayKind.DAY_OFF


def test_seed_command_keeps_hand_corrections(capsys):
    CalendarDay.objects.filter(date=day(2027, 1, 1)).update(name="Sửa tay")
    call_command("calendar_seed", "2027")
    assert CalendarDay.objects.get(date=day(2027, 1, 1)).name == "Sửa tay"
    assert "Đã thêm 0 ngày" in capsys.readouterr().out


def test_seed_command_refuses_a_silly_year():

    with pytest.raises(CommandError):
        call_command("calendar_seed", "1800")
