"""Reads over inspection records: warnings, risk, follow-up, summaries, traces.

Every function that serves a user takes that user and goes through
``qms.organisation.scoping.scope_queryset``; the others are for callers that already
scoped (reports of an issuing unit, reminders of the whole system).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from audits.dossiers.interface import on_time_rates
from audits.inspections.choices import (
    ActionStatus,
    C26Item,
    Grade,
    InspectionMode,
    InspectionStatus,
    NonconformityStatus,
    ReformArea,
)
from audits.inspections.models import (
    ActionVerification,
    CorrectiveAction,
    Inspection,
    InspectionPlan,
    Nonconformity,
    PlanItem,
    VisitAnswer,
)
from audits.planning.interface import high_risk_reasons
from qms.history import HistoryRow, history_rows
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import scope_queryset

#: Circular 26: at least one third of units visited on site each year.
ON_SITE_MIN_SHARE = Decimal(1) / Decimal(3)
#: An on-time rate below this counts as a risk (percent).
LOW_ON_TIME_RATE = Decimal(90)


def plan_warnings(plan: InspectionPlan) -> list[str]:
    """What is wrong with a plan against Circular 26 (empty when nothing)."""
    modes = list(plan.items.values_list("mode", flat=True))
    if not modes:
        return [_("Kế hoạch chưa có đơn vị nào.")]
    on_site = sum(1 for mode in modes if mode == InspectionMode.ON_SITE)
    if Decimal(on_site) < ON_SITE_MIN_SHARE * len(modes):
        return [
            _(
                "Chỉ %(on_site)s/%(total)s đơn vị được kiểm tra trực tiếp: "
                "Thông tư 26 yêu cầu ít nhất một phần ba (%(needed)s đơn vị)."
            )
            % {
                "on_site": on_site,
                "total": len(modes),
                "needed": -(-len(modes) // 3),
            }
        ]
    return []


@dataclass
class UnitRisk:
    """A unit's risk score and the reasons that make it up."""

    unit: AdministrativeUnit
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        """Add ``points`` for ``reason``."""
        self.score += points
        self.reasons.append(f"+{points}: {reason}")


def unit_risks(
    *, units: list[AdministrativeUnit], year: int, today: datetime.date
) -> list[UnitRisk]:
    """Suggest which units to visit first, highest score first, with reasons.

    Points: 3 per overdue corrective action, 1 per other open action, 2 when
    the on-time rate of last year's dossiers (from ``audits.dossiers.kpi``, dossier
    records only, not imported totals) is under 90 %, 2 when the unit had no
    inspection last year, 2 per open risk of the register (audits.planning)
    scoring 10 or more. Five queries whatever the number of units.
    """
    ids = [unit.pk for unit in units]
    risks = {unit.pk: UnitRisk(unit=unit) for unit in units}
    open_actions = (
        CorrectiveAction.objects.filter(owner_unit_id__in=ids)
        .exclude(status=ActionStatus.EFFECTIVE)
        .values("owner_unit_id")
        .annotate(
            open=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(due_date__lt=today) & Q(status=ActionStatus.OPEN),
            ),
        )
        .order_by()
    )
    for row in open_actions:
        risk = risks[row["owner_unit_id"]]
        if row["overdue"]:
            risk.add(
                3 * row["overdue"],
                _("%s hành động khắc phục quá hạn") % row["overdue"],
            )
        others = row["open"] - row["overdue"]
        if others:
            risk.add(others, _("%s hành động khắc phục đang mở") % others)
    last_year = year - 1
    on_time = on_time_rates(
        date_from=datetime.date(last_year, 1, 1),
        date_to=datetime.date(last_year, 12, 31),
        unit_ids=set(ids),
    )
    for pk, rate in on_time.items():
        if rate is not None and rate < LOW_ON_TIME_RATE:
            risks[pk].add(
                2,
                _("tỷ lệ hồ sơ đúng hạn năm %(year)s chỉ %(rate)s%%")
                % {"year": last_year, "rate": rate},
            )
    for pk, registered in high_risk_reasons(unit_ids=ids).items():
        for title, score in registered:
            risks[pk].add(
                2,
                _("rủi ro cao đang mở trong sổ rủi ro: %(title)s (điểm %(score)s)")
                % {"title": title, "score": score},
            )
    visited = set(
        Inspection.objects.filter(
            unit_id__in=ids, start_date__year=last_year
        ).values_list("unit_id", flat=True)
    )
    for pk, risk in risks.items():
        if pk not in visited:
            risk.add(2, _("chưa được kiểm tra năm %s") % last_year)
    return sorted(risks.values(), key=lambda r: (-r.score, r.unit.code))


def inspections_for(user) -> QuerySet[Inspection]:
    """Inspections ``user`` may see, with what a listing shows."""
    return scope_queryset(
        Inspection.objects.select_related("unit", "leader").annotate(
            nc_count=Count("nonconformities", distinct=True)
        ),
        user,
    ).order_by("-start_date", "pk")


def _not_effective(prefix: str) -> Q:
    return ~Q(**{f"{prefix}status": ActionStatus.EFFECTIVE})


def _overdue(prefix: str, today: datetime.date) -> Q:
    return Q(**{f"{prefix}status": ActionStatus.OPEN, f"{prefix}due_date__lt": today})


def inspection_listing(
    queryset: QuerySet[Inspection], *, today: datetime.date
) -> QuerySet[Inspection]:
    """Inspections (already scoped) with what their listing and export show:
    unit, leader, nonconformities (all, major), actions not yet effective and
    overdue. One query whatever the number of rows."""
    actions = "nonconformities__actions"
    return queryset.select_related("unit", "leader").annotate(
        nc_count=Count("nonconformities", distinct=True),
        major_count=Count(
            "nonconformities",
            filter=Q(nonconformities__grade=Grade.MAJOR),
            distinct=True,
        ),
        open_action_count=Count(
            actions, filter=_not_effective(f"{actions}__"), distinct=True
        ),
        overdue_action_count=Count(
            actions, filter=_overdue(f"{actions}__", today), distinct=True
        ),
    )


def nonconformity_listing(
    queryset: QuerySet[Nonconformity], *, today: datetime.date
) -> QuerySet[Nonconformity]:
    """Nonconformities (already scoped) with their inspection and unit, and
    counts of their actions: all, not yet effective, overdue. One query."""
    return queryset.select_related("unit", "inspection").annotate(
        action_count=Count("actions", distinct=True),
        open_action_count=Count(
            "actions", filter=_not_effective("actions__"), distinct=True
        ),
        overdue_action_count=Count(
            "actions", filter=_overdue("actions__", today), distinct=True
        ),
    )


def action_listing(queryset: QuerySet[CorrectiveAction]) -> QuerySet[CorrectiveAction]:
    """Corrective actions (already scoped) with their unit, owner and the
    nonconformity and inspection they come from. One query."""
    return queryset.select_related(
        "owner_unit", "owner", "nonconformity__inspection__unit"
    )


@dataclass
class PlanProgress:
    """Where one unit of a plan stands: inspected or not, when, what was found."""

    item: PlanItem
    inspection: Inspection | None
    late: bool

    @property
    def done(self) -> bool:
        """True once the inspection record is made."""
        return (
            self.inspection is not None
            and self.inspection.status == InspectionStatus.COMPLETED
        )


def plan_progress(
    plan: InspectionPlan, *, user, today: datetime.date
) -> list[PlanProgress]:
    """Each unit of ``plan`` with its inspection of the plan's year, if any.

    An inspection counts for an item when it was decided from that item, or
    when it visited the item's unit in the plan's year (decided without the
    plan); the item's own inspection wins, then the latest. ``late``: no
    record yet and the planned month is over. One query (the inspections with
    their counts) for any number of units, on a plan read by ``plans_for``.
    """
    return plans_progress([plan], user=user, today=today)[plan.pk]


def plans_progress(
    plans: Iterable[InspectionPlan], *, user, today: datetime.date
) -> dict[int, list[PlanProgress]]:
    """``plan_progress`` of several plans read by ``plans_for``, in one query."""
    plans = list(plans)
    if not plans:
        return {}
    items = {plan.pk: list(plan.items.all()) for plan in plans}
    years = {plan.year for plan in plans}
    unit_ids = {item.unit_id for rows in items.values() for item in rows}
    found = inspection_listing(
        scope_queryset(Inspection.objects.all(), user).filter(
            Q(plan_item__plan__in=[plan.pk for plan in plans])
            | Q(unit_id__in=unit_ids, start_date__year__in=years)
        ),
        today=today,
    ).order_by("start_date", "pk")
    by_item: dict[int, Inspection] = {}
    by_unit: dict[tuple[int, int], Inspection] = {}
    for inspection in found:
        if inspection.plan_item_id:
            by_item[inspection.plan_item_id] = inspection
        by_unit[(inspection.unit_id, inspection.start_date.year)] = inspection
    month_over = (today.year, today.month)
    progress: dict[int, list[PlanProgress]] = {}
    for plan in plans:
        rows = []
        for item in items[plan.pk]:
            inspection = by_item.get(item.pk) or by_unit.get((item.unit_id, plan.year))
            late = (plan.year, item.planned_month) < month_over and not (
                inspection and inspection.status == InspectionStatus.COMPLETED
            )
            rows.append(PlanProgress(item=item, inspection=inspection, late=late))
        progress[plan.pk] = rows
    return progress


@dataclass
class PlanSummary:
    """A plan's progress in figures, for the list of plans."""

    plan: InspectionPlan
    planned: int
    done: int
    late: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def plan_summaries(
    plans: Iterable[InspectionPlan], *, user, today: datetime.date
) -> list[PlanSummary]:
    """Each plan with its units planned, inspected (record made) and late."""
    plans = list(plans)
    progress = plans_progress(plans, user=user, today=today)
    return [
        PlanSummary(
            plan=plan,
            planned=len(progress[plan.pk]),
            done=sum(1 for row in progress[plan.pk] if row.done),
            late=sum(1 for row in progress[plan.pk] if row.late),
        )
        for plan in plans
    ]


def plans_for(user) -> QuerySet[InspectionPlan]:
    """Plans ``user`` may see, with their units."""
    return scope_queryset(
        InspectionPlan.objects.select_related("issuing_unit").prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related("unit"))
        ),
        user,
    )


def _scoped_actions(user) -> QuerySet[CorrectiveAction]:
    """Actions of a nonconformity as ``user`` may see them: a commune officer
    sees the actions owned by their units, not another unit's."""
    return scope_queryset(
        CorrectiveAction.objects.select_related("owner_unit", "owner"), user
    )


def inspection_detail(user, pk: int) -> Inspection:
    """One inspection with its team, answers, evidence and nonconformities.

    Raises ``Inspection.DoesNotExist`` outside the user's scope.
    """
    return (
        scope_queryset(Inspection.objects.all(), user)
        .select_related(
            "unit__parent", "leader", "template", "plan_item__plan__issuing_unit"
        )
        .prefetch_related(
            "members",
            Prefetch(
                "answers",
                queryset=VisitAnswer.objects.select_related("item")
                .prefetch_related("evidence", "nonconformities")
                .order_by("item__order"),
            ),
            Prefetch(
                "nonconformities",
                queryset=Nonconformity.objects.select_related(
                    "answer__item"
                ).prefetch_related(Prefetch("actions", _scoped_actions(user))),
            ),
        )
        .get(pk=pk)
    )


def actions_for(user) -> QuerySet[CorrectiveAction]:
    """Corrective actions ``user`` may see, with their nonconformity and unit."""
    return scope_queryset(
        CorrectiveAction.objects.select_related(
            "owner_unit",
            "owner",
            "nonconformity__inspection__unit",
            "nonconformity__unit",
        ),
        user,
    )


def action_detail(user, pk: int) -> CorrectiveAction:
    """One action with its trace; ``DoesNotExist`` outside the user's scope."""
    return (
        actions_for(user)
        .select_related("document_revision__document", "nonconformity__answer__item")
        .prefetch_related("verifications__verified_by")
        .get(pk=pk)
    )


@dataclass
class FollowUpRow:
    """Open and overdue corrective actions of one unit."""

    unit: AdministrativeUnit
    open: int
    reported: int
    overdue: int


def follow_up(*, user, today: datetime.date) -> list[FollowUpRow]:
    """Per owner unit: actions open, reported (awaiting verification), overdue."""
    rows = (
        actions_for(user)
        .exclude(status=ActionStatus.EFFECTIVE)
        .values("owner_unit_id")
        .annotate(
            open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
            reported=Count("pk", filter=Q(status=ActionStatus.REPORTED)),
            overdue=Count("pk", filter=Q(status=ActionStatus.OPEN, due_date__lt=today)),
        )
        .order_by()
    )
    rows = list(rows)
    units = AdministrativeUnit.objects.in_bulk([r["owner_unit_id"] for r in rows])
    result = [
        FollowUpRow(
            unit=units[r["owner_unit_id"]],
            open=r["open"],
            reported=r["reported"],
            overdue=r["overdue"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda r: (-r.overdue, -r.open, r.unit.code))


def overdue_actions(*, today: datetime.date) -> QuerySet[CorrectiveAction]:
    """Every open action past its due date (the whole system, for reminders)."""
    return CorrectiveAction.objects.filter(
        status=ActionStatus.OPEN, due_date__lt=today
    ).select_related(
        "owner_unit", "owner", "nonconformity__inspection", "nonconformity__unit"
    )


@dataclass
class AnnualSummary:
    """Figures of the annual summary report (Circular 26 Art. 39)."""

    year: int
    issuing_unit: AdministrativeUnit | None
    inspections: list[Inspection]
    #: area label -> grade -> count; the area is the reform area, else the
    #: Circular 26 content item, else the ISO clause of the finding.
    findings: dict[str, dict[str, int]]
    area_labels: dict[str, str]
    action_status: dict[str, int]
    overdue: list[CorrectiveAction]
    on_site: int
    on_file: int
    today: datetime.date

    @property
    def grades(self) -> list[tuple[str, str]]:
        """(key, label) of the grade columns."""
        return [(g.value, str(g.label)) for g in Grade]


def annual_summary(
    *, year: int, today: datetime.date, issuing_unit: AdministrativeUnit | None = None
) -> AnnualSummary:
    """Units inspected in ``year``, findings by area and grade, action status."""
    inspections = Inspection.objects.filter(start_date__year=year)
    if issuing_unit is not None:
        inspections = inspections.filter(plan_item__plan__issuing_unit=issuing_unit)
    inspections = list(
        inspections.select_related("unit", "leader")
        .annotate(nc_count=Count("nonconformities"))
        .order_by("start_date", "unit__code")
    )
    ids = [i.pk for i in inspections]
    areas = dict(ReformArea.choices)
    items = dict(C26Item.choices)
    findings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Nonconformity.objects.filter(inspection_id__in=ids)
        .values("reform_area", "c26_item", "iso_clause", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        # The most specific classification the finding carries names its area.
        if row["reform_area"]:
            area = _("CCHC: %s") % areas[row["reform_area"]]
        elif row["c26_item"]:
            area = _("TT 26: %s") % items[row["c26_item"]]
        else:
            area = _("ISO 9001:2015 điều %s") % (row["iso_clause"] or "?")
        findings[area][row["grade"]] += row["n"]
    actions = CorrectiveAction.objects.filter(nonconformity__inspection_id__in=ids)
    status_counts = {str(label): 0 for label in ActionStatus.labels}
    labels = dict(ActionStatus.choices)
    for row in actions.values("status").annotate(n=Count("pk")).order_by():
        status_counts[str(labels[row["status"]])] = row["n"]
    overdue = list(
        actions.filter(status=ActionStatus.OPEN, due_date__lt=today)
        .select_related("owner_unit", "owner", "nonconformity__inspection")
        .order_by("due_date")
    )
    return AnnualSummary(
        year=year,
        issuing_unit=issuing_unit,
        inspections=inspections,
        findings={k: dict(v) for k, v in findings.items()},
        area_labels={},
        action_status=status_counts,
        overdue=overdue,
        on_site=sum(1 for i in inspections if i.mode == InspectionMode.ON_SITE),
        on_file=sum(1 for i in inspections if i.mode == InspectionMode.ON_FILE),
        today=today,
    )


def nonconformity_trace(user, pk: int) -> Nonconformity:
    """A nonconformity with its finding, actions and verifications, scoped."""
    return (
        scope_queryset(Nonconformity.objects.all(), user)
        .select_related("inspection__unit", "unit", "answer__item", "raised_by")
        .prefetch_related(
            Prefetch(
                "actions",
                _scoped_actions(user).prefetch_related("verifications__verified_by"),
            )
        )
        .get(pk=pk)
    )


def open_nonconformity_count(inspection: Inspection) -> int:
    """How many nonconformities of ``inspection`` are still open."""
    return inspection.nonconformities.filter(status=NonconformityStatus.OPEN).count()


def completed(inspection: Inspection) -> bool:
    """True once the inspection record is made."""
    return inspection.status == InspectionStatus.COMPLETED


def trace_history(nonconformity: Nonconformity) -> list[HistoryRow]:
    """The whole trail of a nonconformity, newest first: the finding it came
    from, the nonconformity, its actions and their verifications. Five queries."""
    rows = []
    if nonconformity.answer_id:
        rows += history_rows(
            VisitAnswer.history.filter(id=nonconformity.answer_id).select_related(
                "history_user"
            ),
            lambda r: _("Phát hiện: %s") % r.get_result_display(),
        )
    rows += history_rows(
        Nonconformity.history.filter(id=nonconformity.pk).select_related(
            "history_user"
        ),
        lambda r: (
            _("Điểm KPH %(n)s: %(s)s") % {"n": r.number, "s": r.get_status_display()}
        ),
    )
    # The prefetched, scoped actions of ``nonconformity_trace``.
    action_ids = [action.pk for action in nonconformity.actions.all()]
    rows += history_rows(
        CorrectiveAction.history.filter(id__in=action_ids).select_related(
            "history_user"
        ),
        lambda r: (
            _("Hành động #%(id)s: %(s)s, hạn %(due)s")
            % {
                "id": r.id,
                "s": r.get_status_display(),
                "due": r.due_date.strftime("%d/%m/%Y"),
            }
        ),
    )
    rows += history_rows(
        ActionVerification.history.filter(action_id__in=action_ids).select_related(
            "history_user"
        ),
        lambda r: (
            _("Xác minh hành động #%(id)s: %(v)s")
            % {
                "id": r.action_id,
                "v": _("có hiệu quả") if r.effective else _("không hiệu quả"),
            }
        ),
    )
    return sorted(rows, key=lambda row: row.when, reverse=True)


def object_history(instance) -> list[HistoryRow]:
    """The trail of one tracked record, newest first."""
    return history_rows(
        instance.history.select_related("history_user"), lambda r: str(instance)
    )
