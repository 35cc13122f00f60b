"""Does a unit cover a report's period? If not, say so and point elsewhere.

A commune created on 01/07/2025 has no dossiers of 2024, and a district
abolished on 30/06/2025 none of 2026: a report over such a period used to
show zeros without a word. ``period_coverage`` returns the sentence that
explains it and the units (predecessors or successors) whose figures the
period belongs to, for the report screens to offer as links with the same
period. Used by the dossier dashboard and the public transparency page.
"""

import datetime
from dataclasses import dataclass, field

from anyascii import anyascii
from django.utils.translation import gettext as _

from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit

_LEVEL_ORDER = {
    UnitLevel.PROVINCE: 0,
    UnitLevel.DISTRICT: 1,
    UnitLevel.COMMUNE: 2,
    UnitLevel.AGENCY: 3,
}


@dataclass
class CoverageNotice:
    """Why a unit's report over a period is (partly) empty, and where to look."""

    message: str
    #: predecessors (``"before"``) or successors (``"after"``)
    direction: str
    units: list[AdministrativeUnit] = field(default_factory=list)


def _ordered(units, like: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Units of ``like``'s level first, then by level and name."""
    return sorted(
        units,
        key=lambda u: (
            u.level != like.level,
            _LEVEL_ORDER.get(u.level, 9),
            anyascii(u.name).lower(),
            u.code,
        ),
    )


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def period_coverage(
    unit: AdministrativeUnit | None,
    date_from: datetime.date,
    date_to: datetime.date,
    *,
    allowed_ids: set[int] | None = None,
) -> CoverageNotice | None:
    """``None`` when ``unit`` existed for the whole of [from, to], else a notice.

    The notice names the unit's predecessors (the period, or part of it, is
    before the unit was created) or successors (after it ended), limited to
    ``allowed_ids`` (the reader's scope or the published units; ``None``:
    any). Two queries at most.
    """
    if unit is None:
        return None
    values = {"unit": unit.name}
    if unit.valid_from and date_from < unit.valid_from:
        values["date"] = _day(unit.valid_from)
        units = unit.predecessors.all()
        direction = "before"
        if date_to < unit.valid_from:
            text = _(
                "%(unit)s được thành lập từ %(date)s; kỳ báo cáo này thuộc "
                "các đơn vị trước đó:"
            )
        else:
            text = _(
                "%(unit)s được thành lập từ %(date)s; phần kỳ báo cáo trước "
                "ngày đó thuộc các đơn vị trước đó:"
            )
        missing = _(
            "%(unit)s được thành lập từ %(date)s; không có đơn vị trước đó "
            "trong danh sách để xem số liệu trước ngày đó."
        )
    elif unit.valid_to and date_to > unit.valid_to:
        values["date"] = _day(unit.valid_to)
        units = unit.successors.all()
        direction = "after"
        if date_from > unit.valid_to:
            text = _(
                "%(unit)s chỉ tồn tại đến %(date)s; kỳ báo cáo này thuộc các "
                "đơn vị kế thừa:"
            )
        else:
            text = _(
                "%(unit)s chỉ tồn tại đến %(date)s; phần kỳ báo cáo sau ngày "
                "đó thuộc các đơn vị kế thừa:"
            )
        missing = _(
            "%(unit)s chỉ tồn tại đến %(date)s; không có đơn vị kế thừa trong "
            "danh sách để xem số liệu sau ngày đó."
        )
    else:
        return None
    found = [u for u in units if allowed_ids is None or u.pk in allowed_ids]
    if not found:
        return CoverageNotice(message=missing % values, direction=direction)
    return CoverageNotice(
        message=text % values, direction=direction, units=_ordered(found, unit)
    )


def coverage_context(
    query,
    unit: AdministrativeUnit | None,
    date_from: datetime.date,
    date_to: datetime.date,
    allowed_ids: set[int] | None,
) -> dict | None:
    """For the ``_unit_coverage.html`` block: the notice's sentence and, per
    unit, ``query`` (a ``QueryDict``: the same period) with that unit instead."""
    notice = period_coverage(unit, date_from, date_to, allowed_ids=allowed_ids)
    if notice is None:
        return None
    links = []
    for other in notice.units:
        linked = query.copy()
        linked.pop("export", None)
        linked["unit"] = str(other.pk)
        links.append((other, linked.urlencode()))
    return {"message": notice.message, "links": links}


def with_successors(ids: set[int]) -> set[int]:
    """``ids`` plus every unit that succeeded one of them, transitively."""
    through = AdministrativeUnit.successors.through
    found = set(ids)
    frontier = set(ids)
    while frontier:
        frontier = (
            set(
                through.objects.filter(
                    from_administrativeunit_id__in=frontier
                ).values_list("to_administrativeunit_id", flat=True)
            )
            - found
        )
        found |= frontier
    return found
