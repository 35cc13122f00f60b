"""Reads of the planning records: objectives measured, risks and their actions.

Measurement (``measure_objectives``) works on a whole list at once: one tree
walk for the units, one Form 06 count per year for every on-time objective,
one procedure count per year, one satisfaction read per (unit, year). A list
page therefore costs the same few queries whatever its length, but for the
satisfaction objectives (one read each, through the one satisfaction read).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from audits.dossiers.interface import on_time_counts
from audits.dossiers.satisfaction import satisfaction_figures
from audits.planning.choices import (
    Comparison,
    ObjectiveKind,
    ObjectiveStatus,
    RiskKind,
    RiskStatus,
)
from audits.planning.models import HIGH_SCORE, QualityObjective, Risk, RiskAction
from procedures.models import ProcedurePage
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import scope_queryset

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Measurement:
    """An objective's figure for its period, where it comes from, and the verdict."""

    objective: QualityObjective
    status: str
    value: Decimal | None
    period_from: datetime.date
    period_to: datetime.date
    #: Where the figure comes from, named on screen and in the review pack.
    source: str
    #: "21 454/21 486 hồ sơ" and the like; empty for a manual figure.
    detail: str = ""

    @property
    def status_label(self) -> str:
        return str(ObjectiveStatus(self.status).label)

    @property
    def value_text(self) -> str:
        if self.value is None:
            return "—"
        return f"{number_text(self.value)} {self.objective.measure_unit}".strip()


def number_text(value: Decimal) -> str:
    """A decimal without trailing zeros, with the Vietnamese decimal comma."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def period_of(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The year measured so far: 1 January to 31 December, or to today."""
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def verdict(objective: QualityObjective, value: Decimal | None) -> str:
    """Met, missed, or not measurable (no figure) against the objective's target."""
    if value is None:
        return ObjectiveStatus.NOT_MEASURABLE
    if objective.comparison == Comparison.AT_MOST:
        met = value <= objective.target
    else:
        met = value >= objective.target
    return ObjectiveStatus.MET if met else ObjectiveStatus.MISSED


def unit_trees(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each unit id with the ids of every unit below it: one query per tier,
    whatever the number of units."""
    trees = {pk: {pk} for pk in unit_ids}
    root_of = {pk: {pk} for pk in trees}
    frontier = set(trees)
    seen = set(trees)
    while frontier:
        rows = list(
            AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list(
                "pk", "parent_id"
            )
        )
        frontier = set()
        for pk, parent in rows:
            roots = root_of.get(parent, set())
            root_of.setdefault(pk, set()).update(roots)
            for root in roots:
                trees[root].add(pk)
            if pk not in seen:
                seen.add(pk)
                frontier.add(pk)
    return trees


def _sum_counts(tree: set[int], counts: dict[int, tuple[int, int]]) -> tuple[int, int]:
    part = sum(counts[pk][0] for pk in tree if pk in counts)
    whole = sum(counts[pk][1] for pk in tree if pk in counts)
    return part, whole


def _posted_counts(
    units: dict[int, AdministrativeUnit], trees: dict[int, set[int]]
) -> dict[int, tuple[int, int]]:
    """(procedure pages live on the site, procedure pages) of each unit: the
    pages naming a unit of its tree as implementing agency, and the pages of
    its level that name no agency (a commune's common procedures). One query."""
    rows = list(
        ProcedurePage.objects.values("implementing_agency_id", "level", "live")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {}
    for pk, unit in units.items():
        live = total = 0
        for row in rows:
            agency = row["implementing_agency_id"]
            if (agency is None and row["level"] == unit.level) or agency in trees[pk]:
                total += row["n"]
                live += row["n"] if row["live"] else 0
        found[pk] = (live, total)
    return found


def measure_objectives(
    objectives: Iterable[QualityObjective], *, today: datetime.date
) -> list[Measurement]:
    """Measure each objective over its year so far, in the order given.

    on-time rate: (early + on time) / resolved, Form 06 counts of the dossier
    records of the unit and the units below it (DOMAIN.md); procedures posted:
    live procedure pages / procedure pages of the unit (the site's catalogue,
    not the national database); satisfaction: satisfied / respondents of the
    surveys overlapping the period (``satisfaction_figures``); manual: the
    figure recorded with its evidence. A period not begun yet, or without any
    figure, is not measurable.
    """
    objectives = list(objectives)
    units = {o.unit_id: o.unit for o in objectives}
    trees = unit_trees(units)
    on_time: dict[int, dict[int, tuple[int, int]]] = {}
    for year in {o.year for o in objectives if o.kind == ObjectiveKind.ON_TIME_RATE}:
        start, end = period_of(year, today)
        if start <= end:
            ids = set().union(
                *(
                    trees[o.unit_id]
                    for o in objectives
                    if o.year == year and o.kind == ObjectiveKind.ON_TIME_RATE
                )
            )
            on_time[year] = on_time_counts(date_from=start, date_to=end, unit_ids=ids)
    posted = (
        _posted_counts(
            {
                o.unit_id: o.unit
                for o in objectives
                if o.kind == ObjectiveKind.PROCEDURES_POSTED
            },
            trees,
        )
        if any(o.kind == ObjectiveKind.PROCEDURES_POSTED for o in objectives)
        else {}
    )
    satisfaction: dict[tuple[int, int], dict] = {}
    found = []
    for objective in objectives:
        start, end = period_of(objective.year, today)
        value, detail, source = None, "", ""
        kind = objective.kind
        if start > end:
            source = _("Kỳ đo chưa bắt đầu.")
        elif kind == ObjectiveKind.ON_TIME_RATE:
            part, whole = _sum_counts(trees[objective.unit_id], on_time[objective.year])
            value = _rate(part, whole)
            detail = _("%(part)s/%(whole)s hồ sơ đã giải quyết") % {
                "part": part,
                "whole": whole,
            }
            source = _(
                "Sổ theo dõi hồ sơ (Mẫu 06): (trước hạn + đúng hạn) / đã giải "
                "quyết, tính từ hồ sơ chi tiết của đơn vị và các đơn vị trực thuộc."
            )
        elif kind == ObjectiveKind.PROCEDURES_POSTED:
            part, whole = posted[objective.unit_id]
            value = _rate(part, whole)
            detail = _("%(part)s/%(whole)s trang thủ tục đang công khai") % {
                "part": part,
                "whole": whole,
            }
            source = _(
                "Danh mục thủ tục trên cổng thông tin: trang đang xuất bản / mọi "
                "trang thủ tục của đơn vị (kể cả bản nháp, gồm thủ tục chung cùng "
                "cấp); chưa đối chiếu với Cơ sở dữ liệu quốc gia về TTHC."
            )
        elif kind == ObjectiveKind.SATISFACTION:
            key = (objective.unit_id, objective.year)
            if key not in satisfaction:
                satisfaction[key] = satisfaction_figures(
                    unit_ids=trees[objective.unit_id], period_from=start, period_to=end
                )
            figures = satisfaction[key]
            value = figures["rate"]
            if figures["respondents"]:
                detail = _("%(part)s/%(whole)s phiếu hài lòng") % {
                    "part": figures["satisfied"],
                    "whole": figures["respondents"],
                }
            source = _(
                "Khảo sát sự hài lòng: phiếu hài lòng / phiếu trả lời của các đợt "
                "khảo sát trong kỳ."
            )
        else:
            value = objective.measured_value
            if value is not None:
                end = objective.measured_on or end
            source = objective.method or _("Ghi nhận thủ công, kèm bằng chứng.")
        found.append(
            Measurement(
                objective=objective,
                status=verdict(objective, value),
                value=value,
                period_from=start,
                period_to=end,
                source=source,
                detail=detail,
            )
        )
    return found


def objectives_for(user) -> QuerySet[QualityObjective]:
    """Objectives ``user`` may see, with what a listing shows."""
    return scope_queryset(
        QualityObjective.objects.select_related("unit", "owner"), user
    )


def objectives_of(
    *, unit_ids: Iterable[int], year_from: int, year_to: int
) -> QuerySet[QualityObjective]:
    """Objectives of these units for the years of a period (review pack)."""
    return QualityObjective.objects.filter(
        unit_id__in=list(unit_ids), year__range=(year_from, year_to)
    ).select_related("unit", "owner")


def risks_for(user) -> QuerySet[Risk]:
    """Risks ``user`` may see, score annotated, with their actions."""
    return scope_queryset(
        Risk.objects.select_related("unit", "owner").prefetch_related(
            Prefetch("actions", RiskAction.objects.select_related("owner", "reviewer"))
        ),
        user,
    )


def risk_actions_of(
    *, unit_ids: Iterable[int], period_from: datetime.date, period_to: datetime.date
) -> list[RiskAction]:
    """Risk actions of these units due or reviewed in the period (review pack)."""
    return list(
        RiskAction.objects.filter(risk__unit_id__in=list(unit_ids))
        .filter(
            Q(due_date__range=(period_from, period_to))
            | Q(reviewed_on__range=(period_from, period_to))
        )
        .select_related("risk__unit", "owner", "reviewer")
        .order_by("risk__unit__code", "due_date", "pk")
    )


def high_open_risks(*, unit_ids: Iterable[int]) -> dict[int, list[Risk]]:
    """Open risks (not opportunities) scoring ``HIGH_SCORE`` or more, per unit
    id, highest first. One query."""
    found: dict[int, list[Risk]] = defaultdict(list)
    rows = (
        Risk.objects.filter(
            unit_id__in=list(unit_ids), kind=RiskKind.RISK, status=RiskStatus.OPEN
        )
        .only("pk", "unit_id", "title", "process", "likelihood", "impact")
        .order_by("pk")
    )
    for risk in rows:
        if risk.score >= HIGH_SCORE:
            found[risk.unit_id].append(risk)
    for risks in found.values():
        risks.sort(key=lambda r: -r.score)
    return dict(found)


def open_opportunities(*, unit_ids: Iterable[int]) -> list[Risk]:
    """Opportunities for improvement still open in the register (9.3.2 f)."""
    return list(
        Risk.objects.filter(
            unit_id__in=list(unit_ids),
            kind=RiskKind.OPPORTUNITY,
            status=RiskStatus.OPEN,
        )
        .select_related("unit")
        .order_by("unit__code", "process")
    )
