"""The working-day calendar: weekends, public holidays and make-up working days.

Legal time limits are counted in working days (ngày làm việc): Monday to
Friday, less the public holidays, plus the Saturdays or Sundays the government
moves work to (ngày làm bù). Both kinds of exception are data (``CalendarDay``,
edited in the admin under Settings), seeded for 2025–2027 from the ``holidays``
package by migration ``qms.0012`` and ``manage.py calendar_seed``. Citizen
feedback uses it for its due dates; any app that counts working days must use
``add_working_days`` / ``working_days_between`` rather than its own weekday test.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import holidays
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

#: How far a count may run before it is refused (a year of holidays at most).
_MAX_SPAN = datetime.timedelta(days=800)
#: "Ngày nghỉ (thay cho ngày 26/04/2025)": the holidays package names the
#: Saturday worked in exchange for a bridged day off.
_MAKE_UP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


class DayKind(models.TextChoices):
    """What an exceptional date is."""

    DAY_OFF = "day_off", _("Ngày nghỉ lễ, Tết")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarDay(models.Model):
    """A date that is not what its weekday says: a holiday or a make-up day.

    National data, not scoped to a unit: every commune counts the same days.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=12, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(
        _("căn cứ"),
        max_length=200,
        blank=True,
        help_text=_("Văn bản công bố lịch nghỉ, ví dụ thông báo của Bộ Nội vụ."),
    )

    class Meta:
        app_label = "qms"
        verbose_name = _("ngày nghỉ lễ / làm bù")
        verbose_name_plural = _("lịch ngày nghỉ lễ, làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(
        CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    )


def _working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == DayKind.DAY_OFF:
        return False
    if kind == DayKind.WORKING_DAY:
        return True
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    """True when offices work on ``day`` (one query)."""
    return _working(day, _exceptions(day, day))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted).

    A time limit of 10 working days from a receipt on ``start`` ends on
    ``add_working_days(start, 10)``; a receipt on a Saturday counts from
    Monday. ``days`` = 0 gives ``start``. One query.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    exceptions = _exceptions(start, start + _MAX_SPAN)
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if day - start > _MAX_SPAN:
            raise ValueError("too many working days")
        if _working(day, exceptions):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(
        _working(start + datetime.timedelta(days=offset), exceptions)
        for offset in range(1, (end - start).days + 1)
    )


def seed_rows(years: Iterable[int]) -> list[tuple[datetime.date, str, str]]:
    """(date, kind, name) of Vietnam's holidays and make-up days in ``years``.

    From the ``holidays`` package (Labour Code 2019 Art. 112 plus the yearly
    bridging decisions it records); the make-up Saturday is read from the name
    of the bridged day ("thay cho ngày 26/04/2025").
    """
    rows: dict[datetime.date, tuple[str, str]] = {}
    years = list(years)
    for day, name in holidays.country_holidays(
        "VN", years=years, language="vi"
    ).items():
        for part in name.split("; "):
            rows.setdefault(day, (DayKind.DAY_OFF, part))
            if found := _MAKE_UP.search(part):
                made_up = datetime.date(
                    int(found.group(3)), int(found.group(2)), int(found.group(1))
                )
                rows[made_up] = (
                    DayKind.WORKING_DAY,
                    f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}",
                )
    return sorted((day, kind, name) for day, (kind, name) in rows.items())


@transaction.atomic
def calendar_seed(*, years: Iterable[int]) -> int:
    """Add the holidays and make-up days of ``years`` that are not recorded yet.

    Dates already recorded (perhaps corrected by hand) are left as they are.
    Returns how many were added.
    """
    known = set(CalendarDay.objects.values_list("date", flat=True))
    new = [
        CalendarDay(
            date=day, kind=kind, name=name, source="Bộ luật Lao động 2019, Điều 112"
        )
        for day, kind, name in seed_rows(years)
        if day not in known
    ]
    CalendarDay.objects.bulk_create(new)
    return len(new)
