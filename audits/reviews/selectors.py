"""Reads of the management review: the pack of inputs, the reviews, their trail."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.dossiers.analysis import monthly_trend
from audits.dossiers.satisfaction import satisfaction_figures
from audits.inspections.choices import (
    ActionStatus,
    C26Item,
    Grade,
    NonconformityStatus,
)
from audits.inspections.models import (
    CorrectiveAction,
    Inspection,
    Nonconformity,
)
from audits.reviews.models import ManagementReview, ReviewAction
from qms.history import HistoryRow, history_rows
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import scope_queryset
from qms.review_inputs import ReviewInput, review_inputs

#: The inputs ISO 9001:2015 9.3.2 asks for: (clause, what).
ISO_INPUTS = [
    ("a)", _("Tình trạng các hành động từ các lần xem xét trước")),
    ("b)", _("Thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến HTQLCL")),
    ("c) 1", _("Sự thỏa mãn của khách hàng và phản hồi của các bên liên quan")),
    ("c) 2", _("Mức độ đạt được các mục tiêu chất lượng")),
    ("c) 3", _("Kết quả thực hiện các quá trình và sự phù hợp của dịch vụ")),
    ("c) 4", _("Sự không phù hợp và hành động khắc phục")),
    ("c) 5", _("Kết quả theo dõi và đo lường")),
    ("c) 6", _("Kết quả đánh giá")),
    ("c) 7", _("Kết quả thực hiện của nhà cung cấp bên ngoài")),
    ("d)", _("Sự thỏa đáng của các nguồn lực")),
    ("e)", _("Hiệu lực của các hành động giải quyết rủi ro và cơ hội")),
    ("f)", _("Các cơ hội cải tiến")),
]
#: Where the pack's own sections answer them: clause -> (anchor, section title).
BUILT_IN = {
    "a)": ("pack-5", _("Mục 5. Việc từ lần xem xét trước")),
    "c) 1": ("pack-4", _("Mục 4. Ý kiến, phản ánh, kiến nghị")),
    "c) 3": ("pack-3", _("Mục 3. Xu hướng giải quyết hồ sơ")),
    "c) 4": ("pack-2", _("Mục 2. Điểm không phù hợp và hành động khắc phục")),
    "c) 5": ("pack-3", _("Mục 3. Xu hướng giải quyết hồ sơ")),
    "c) 6": ("pack-1", _("Mục 1. Kết quả kiểm tra, đánh giá")),
}


@dataclass(frozen=True)
class ChecklistRow:
    """One input of 9.3.2 and where the pack answers it (empty: no data)."""

    clause: str
    what: str
    answered_by: list[tuple[str, str]]


def _clause_key(clause: str) -> str:
    """ "c)2", "C) 2 " and "c) 2" are one clause."""
    return "".join(clause.lower().split())


def iso_checklist(inputs: list[ReviewInput]) -> list[ChecklistRow]:
    """Every 9.3.2 input a)–f), with the built-in and contributed sections
    that answer it."""
    rows = []
    for clause, what in ISO_INPUTS:
        key = _clause_key(clause)
        answered = [BUILT_IN[clause]] if clause in BUILT_IN else []
        for number, item in enumerate(inputs, start=6):
            if _clause_key(item.clause) == key:
                answered.append(
                    (
                        f"input-{item.key}",
                        _("Mục %(n)s. %(title)s") % {"n": number, "title": item.title},
                    )
                )
        rows.append(ChecklistRow(clause=clause, what=str(what), answered_by=answered))
    return rows


@dataclass
class ReviewPack:
    """Inputs of a management review (ISO 9001:2015 9.3.2) for a unit and period."""

    unit: AdministrativeUnit
    period_from: datetime.date
    period_to: datetime.date
    inspections: list[Inspection]
    nc_by_grade: dict[str, int]
    nc_by_status: dict[str, int]
    action_by_status: dict[str, int]
    overdue: list[CorrectiveAction]
    kpi_months: list[dict]
    surveys: dict[str, int | None]
    complaint_findings: list[Nonconformity]
    previous_actions: list
    #: Sections contributed through ``qms.review_inputs`` (numbered from 6).
    inputs: list[ReviewInput]
    checklist: list[ChecklistRow]


def review_pack(
    *,
    unit: AdministrativeUnit,
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewPack:
    """Assemble the pack: audit results, nonconformity and action status,
    dossier KPI trend (``audits.dossiers.analysis.monthly_trend``), satisfaction
    surveys and complaints, the actions decided at the previous review of the
    unit, every section the apps contribute (``qms.review_inputs``: objectives,
    risks, feedback, competence) and the checklist of the 9.3.2 inputs.
    Everything for ``unit`` and the units below it."""
    inside = unit.descendant_ids()
    inspections = list(
        Inspection.objects.filter(
            unit_id__in=inside, start_date__range=(period_from, period_to)
        )
        .select_related("unit")
        .annotate(nc_count=Count("nonconformities"))
        .order_by("start_date")
    )
    # The visits' nonconformities, and those raised outside a visit in the
    # period (missed objectives, complaints).
    ncs = Nonconformity.objects.filter(
        Q(inspection__in=[i.pk for i in inspections])
        | Q(
            inspection__isnull=True,
            unit_id__in=inside,
            raised_at__date__range=(period_from, period_to),
        )
    )
    grade_labels = dict(Grade.choices)
    nc_by_grade = {str(label): 0 for label in grade_labels.values()}
    for row in ncs.values("grade").annotate(n=Count("pk")).order_by():
        nc_by_grade[str(grade_labels[row["grade"]])] = row["n"]
    status_labels = dict(NonconformityStatus.choices)
    nc_by_status = {str(label): 0 for label in status_labels.values()}
    for row in ncs.values("status").annotate(n=Count("pk")).order_by():
        nc_by_status[str(status_labels[row["status"]])] = row["n"]
    actions = CorrectiveAction.objects.filter(owner_unit_id__in=inside)
    action_labels = dict(ActionStatus.choices)
    action_by_status = {str(label): 0 for label in action_labels.values()}
    for row in actions.values("status").annotate(n=Count("pk")).order_by():
        action_by_status[str(action_labels[row["status"]])] = row["n"]
    overdue = list(
        actions.filter(status=ActionStatus.OPEN, due_date__lt=today)
        .select_related(
            "owner_unit", "nonconformity__inspection", "nonconformity__unit"
        )
        .order_by("due_date")
    )
    surveys = satisfaction_figures(
        unit_ids=inside, period_from=period_from, period_to=period_to
    )
    previous = (
        ManagementReview.objects.filter(unit=unit, period_to__lt=period_from)
        .order_by("-period_to")
        .first()
    )
    previous_actions = (
        list(
            ReviewAction.objects.filter(review=previous)
            .select_related("owner_unit")
            .order_by("due_date")
        )
        if previous
        else []
    )
    inputs = review_inputs(
        unit_ids=sorted(inside),
        period_from=period_from,
        period_to=period_to,
        today=today,
    )
    return ReviewPack(
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        inspections=inspections,
        nc_by_grade=nc_by_grade,
        nc_by_status=nc_by_status,
        action_by_status=action_by_status,
        overdue=overdue,
        kpi_months=monthly_trend(
            date_from=period_from, date_to=period_to, unit_ids=inside
        ),
        surveys=surveys,
        complaint_findings=list(
            Nonconformity.objects.filter(
                inspection__unit_id__in=inside,
                c26_item=C26Item.COMPLAINTS,
                inspection__start_date__range=(period_from, period_to),
            ).select_related("inspection", "unit")
        ),
        previous_actions=previous_actions,
        inputs=inputs,
        checklist=iso_checklist(inputs),
    )


def reviews_for(user) -> QuerySet:
    """Management reviews ``user`` may see."""
    return scope_queryset(
        ManagementReview.objects.select_related("unit").annotate(
            action_count=Count("actions")
        ),
        user,
    ).order_by("-period_to")


def review_history(review) -> list[HistoryRow]:
    """The trail of a management review and of the actions it decided."""
    rows = history_rows(
        ManagementReview.history.filter(id=review.pk).select_related("history_user"),
        lambda r: str(review),
    )
    rows += history_rows(
        ReviewAction.history.filter(review_id=review.pk).select_related("history_user"),
        lambda r: r.decision[:80],
    )
    return sorted(rows, key=lambda row: row.when, reverse=True)


def review_pack_for(user, unit, period_from, period_to) -> "ReviewPack":
    """``review_pack`` for ``unit`` if it is within ``user``'s scope, else 404."""
    units = AdministrativeUnit.objects.filter(pk=unit.pk)
    if not scope_queryset(units, user).exists():
        raise Http404
    return review_pack(
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        today=timezone.localdate(),
    )


def review_listing(queryset: QuerySet, *, today: datetime.date) -> QuerySet:
    """Management reviews (already scoped) with their unit and the counts of
    their decisions: all, not done, overdue. One query for any number of rows."""
    not_done = Q(actions__done_on__isnull=True)
    return queryset.select_related("unit").annotate(
        action_count=Count("actions", distinct=True),
        open_action_count=Count("actions", filter=not_done, distinct=True),
        overdue_action_count=Count(
            "actions", filter=not_done & Q(actions__due_date__lt=today), distinct=True
        ),
    )
