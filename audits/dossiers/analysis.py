"""Multi-period dossier analysis: the monthly trend and the commune ranking.

The admin and public dashboards (``audits.dossiers.dashboard``) and the
management review pack (``audits.reviews.selectors``) read these; the period
figures themselves are ``audits.dossiers.kpi``'s.
"""

import datetime

from django.db.models import Q

from audits.dossiers.choices import Outcome
from audits.dossiers.kpi import Form06Report, count_of, percent
from audits.dossiers.models import Dossier
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit


def _next_month(day: datetime.date) -> datetime.date | None:
    """The first day of the next month; None past the calendar's end (9999)."""
    if day.month < 12:
        return day.replace(month=day.month + 1, day=1)
    if day.year == datetime.MAXYEAR:
        return None
    return datetime.date(day.year + 1, 1, 1)


def monthly_trend(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_ids: set[int] | None,
) -> list[dict]:
    """Per month of the period: received, resolved, resolved early or on time.

    Two SQL aggregations by stored local date (received_on, closed_on), rolled
    up into months here: at most a few hundred days per query.
    """
    base = Dossier.objects.all()
    if unit_ids is not None:
        base = base.filter(unit_id__in=unit_ids)
    months: dict[datetime.date, dict] = {}
    day: datetime.date | None = date_from.replace(day=1)
    while day is not None and day <= date_to:
        months[day] = {"month": day, "received": 0, "resolved": 0, "in_time": 0}
        day = _next_month(day)
    received = (
        base.filter(received_on__range=(date_from, date_to))
        .values("received_on")
        .annotate(n=count_of())
        .order_by()
    )
    for row in received:
        months[row["received_on"].replace(day=1)]["received"] += row["n"]
    resolved = (
        base.filter(
            closed_on__range=(date_from, date_to),
            outcome__in=[Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE],
        )
        .values("closed_on")
        .annotate(
            n=count_of(),
            in_time=count_of(~Q(outcome=Outcome.LATE)),
        )
        .order_by()
    )
    for row in resolved:
        month = months[row["closed_on"].replace(day=1)]
        month["resolved"] += row["n"]
        month["in_time"] += row["in_time"]
    for month in months.values():
        month["on_time_rate"] = percent(month["in_time"], month["resolved"])
    return list(months.values())


def commune_ranking(report: Form06Report) -> list[dict]:
    """Commune rows ranked by on-time rate (highest first), then by volume.

    Communes with nothing resolved in the period come last.
    """
    codes = {row["unit_code"] for row in report.rows}
    communes = set(
        AdministrativeUnit.objects.filter(
            code__in=codes, level=UnitLevel.COMMUNE
        ).values_list("code", flat=True)
    )
    ranked = [row for row in report.rows if row["unit_code"] in communes]
    return sorted(
        ranked,
        key=lambda r: (
            r["on_time_rate"] is None,
            -(r["on_time_rate"] or 0),
            -(r["resolved"] or 0),
        ),
    )
