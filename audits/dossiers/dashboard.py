"""Figures behind the dossier dashboards (admin and public) and their exports."""

import datetime

from django.db.models import Max, Min
from django.utils.translation import gettext as _

from audits.dossiers.analysis import commune_ranking, monthly_trend
from audits.dossiers.kpi import form06_report
from audits.dossiers.kpi_export import display_cell
from audits.dossiers.models import (
    Dossier,
    DossierTotal,
    OneStopEvaluation,
    SatisfactionSurvey,
)
from qms import charts
from qms.organisation.models import AdministrativeUnit
from qms.validators import MAX_YEAR, MIN_YEAR


def default_period() -> tuple[datetime.date, datetime.date]:
    """The last calendar year that has dossiers (this year when none)."""
    latest = Dossier.objects.filter(received_on__year__lte=MAX_YEAR).aggregate(
        latest=Max("received_on")
    )["latest"]
    year = (latest or datetime.date.today()).year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


#: How many years the public page offers in its year list.
YEARS_OFFERED = 10


def report_years(selected: int) -> list[int]:
    """Years with dossiers or imported totals, newest first, for a year picker.

    The list does not depend on the period on screen (it used to count back
    from it, so after choosing 2021 the later years were gone from the list);
    ``selected`` is always in it. At most ``YEARS_OFFERED`` years.
    """
    plausible = {"received_on__year__gte": MIN_YEAR, "received_on__year__lte": MAX_YEAR}
    dossiers = Dossier.objects.filter(**plausible).aggregate(
        first=Min("received_on"), last=Max("received_on")
    )
    totals = DossierTotal.objects.filter(
        period_from__year__gte=MIN_YEAR, period_to__year__lte=MAX_YEAR
    ).aggregate(first=Min("period_from"), last=Max("period_to"))
    firsts = [d.year for d in (dossiers["first"], totals["first"]) if d]
    lasts = [d.year for d in (dossiers["last"], totals["last"]) if d]
    last = max([*lasts, selected])
    first = max(min([*firsts, selected]), last - YEARS_OFFERED + 1)
    return sorted({*range(first, last + 1), selected}, reverse=True)


def evaluations_for(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_ids: set[int] | None,
) -> list[dict]:
    """Survey results and one-stop ratings of periods overlapping [from, to]."""
    overlap = {"period_from__lte": date_to, "period_to__gte": date_from}
    surveys = SatisfactionSurvey.objects.filter(**overlap).select_related("unit")
    ratings = OneStopEvaluation.objects.filter(**overlap).select_related("unit")
    if unit_ids is not None:
        surveys = surveys.filter(unit_id__in=unit_ids)
        ratings = ratings.filter(unit_id__in=unit_ids)
    rows: dict[tuple, dict] = {}
    for survey in surveys:
        key = (survey.unit_id, survey.period_from, survey.period_to)
        rows.setdefault(key, {"unit": survey.unit, "period": key[1:]})["survey"] = (
            survey
        )
    for rating in ratings:
        key = (rating.unit_id, rating.period_from, rating.period_to)
        rows.setdefault(key, {"unit": rating.unit, "period": key[1:]})["rating"] = (
            rating
        )
    return sorted(rows.values(), key=lambda r: (r["unit"].code, r["period"]))


def dashboard_data(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit: AdministrativeUnit | None,
    unit_ids: set[int] | None,
) -> dict:
    """Report, ranking, monthly trend and channel mix, with their SVG charts.

    ``unit`` is the unit and everything below it; ``unit_ids`` the reader's
    scope (``None``: everything). A few SQL aggregations, no per-row work.
    """
    report = form06_report(
        date_from=date_from, date_to=date_to, unit=unit, unit_ids=unit_ids
    )
    scope = unit.descendant_ids() if unit is not None else None
    if unit_ids is not None:
        scope = set(unit_ids) if scope is None else scope & set(unit_ids)
    months = monthly_trend(date_from=date_from, date_to=date_to, unit_ids=scope)
    ranking = commune_ranking(report)
    total = report.total
    channels = [
        (_("Trực tiếp"), total["received_direct"] or 0),
        (_("Trực tuyến"), total["received_online"] or 0),
        (_("Bưu chính"), total["received_postal"] or 0),
    ]
    headline = [
        (_("Tiếp nhận mới"), display_cell(total["received"])),
        (_("Đã giải quyết"), display_cell(total["resolved"])),
        (_("Tỷ lệ đúng hạn (%)"), display_cell(total["on_time_rate"]) or "–"),
        (_("Tỷ lệ trực tuyến (%)"), display_cell(total["online_rate"]) or "–"),
    ]
    return {
        "report": report,
        "evaluations": evaluations_for(
            date_from=date_from, date_to=date_to, unit_ids=scope
        ),
        "headline": headline,
        "ranking": ranking,
        "months": months,
        "channels": channels,
        "trend_svg": charts.monthly_trend_svg(
            months,
            title=_("Hồ sơ tiếp nhận và đã giải quyết theo tháng"),
            labels=(_("Tiếp nhận"), _("Đã giải quyết")),
        ),
        "channel_svg": charts.channel_mix_svg(
            channels, title=_("Cơ cấu kênh tiếp nhận")
        ),
        "ranking_svg": charts.ranking_svg(
            [(row["unit_name"], row["on_time_rate"]) for row in ranking],
            title=_("Xếp hạng xã theo tỷ lệ giải quyết đúng hạn"),
        ),
    }
