"""The inspection decision and its team: create and correct it, check that no
member inspects their own unit, and say who may record the visit."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.inspections.choices import (
    C26Item,
    InspectionMode,
    InspectionStatus,
    ReformArea,
)
from audits.inspections.models import (
    ChecklistTemplate,
    Inspection,
    PlanItem,
    VisitAnswer,
)
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.people import person_name
from qms.permissions import require_perm


def impartiality_conflicts(*, unit: AdministrativeUnit, people: Iterable) -> list[str]:
    """Messages for every person who belongs to ``unit`` or a unit inside it."""
    inside = unit.descendant_ids()
    people = [person for person in people if person is not None]
    memberships = (
        UnitMembership.objects.filter(
            user__in=[person.pk for person in people], unit_id__in=inside
        )
        .select_related("user", "unit")
        .order_by("user__username")
    )
    return [
        _(
            "%(person)s thuộc %(unit)s nên không được kiểm tra đơn vị này "
            "(nguyên tắc khách quan: không ai kiểm tra đơn vị của mình)."
        )
        % {"person": person_name(m.user), "unit": m.unit.name}
        for m in memberships
    ]


def _check_scope_lists(reform_areas: Sequence[str], content_items: Sequence[str]):
    unknown = [a for a in reform_areas if a not in ReformArea.values]
    unknown += [c for c in content_items if c not in C26Item.values]
    if unknown:
        raise ValidationError(
            _("Phạm vi kiểm tra không hợp lệ: %s") % ", ".join(unknown)
        )


@transaction.atomic
def inspection_create(
    *,
    unit: AdministrativeUnit,
    decision_number: str,
    decision_date: datetime.date,
    leader,
    members: Sequence = (),
    start_date: datetime.date,
    end_date: datetime.date,
    reform_areas: Sequence[str] = (),
    content_items: Sequence[str] = (),
    template: ChecklistTemplate | None = None,
    plan_item: PlanItem | None = None,
    mode: str = InspectionMode.ON_SITE,
    user,
) -> Inspection:
    """An inspection decision naming the team; refused if impartiality fails.

    The checklist of ``template`` becomes one unanswered answer per item.
    """
    require_perm(user, "audits.add_inspection")
    _check_scope_lists(reform_areas, content_items)
    team = [leader, *[m for m in members if m.pk != leader.pk]]
    conflicts = impartiality_conflicts(unit=unit, people=team)
    if conflicts:
        raise ValidationError(conflicts)
    if plan_item is not None and plan_item.unit_id != unit.pk:
        raise ValidationError(_("Đơn vị được kiểm tra khác với đơn vị trong kế hoạch."))
    if template is not None and not template.active:
        raise ValidationError(
            _("Mẫu danh mục kiểm tra này đã ngừng dùng; hãy chọn mẫu đang dùng.")
        )
    inspection = Inspection(
        unit=unit,
        decision_number=decision_number,
        decision_date=decision_date,
        leader=leader,
        start_date=start_date,
        end_date=end_date,
        reform_areas=list(reform_areas),
        content_items=list(content_items),
        template=template,
        plan_item=plan_item,
        mode=plan_item.mode if plan_item else mode,
    )
    save_with_history(inspection, user=user, reason=_("Ra quyết định kiểm tra"))
    inspection.members.set(team[1:])
    if template is not None:
        answers = [
            VisitAnswer(inspection=inspection, item=item)
            for item in template.items.order_by("order")
        ]
        bulk_create_with_history(
            answers,
            VisitAnswer,
            default_user=user,
            default_change_reason=_("Lập danh mục kiểm tra từ mẫu"),
        )
    return inspection


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
    decision_number: str,
    decision_date: datetime.date,
    leader,
    members: Sequence = (),
    start_date: datetime.date,
    end_date: datetime.date,
    reform_areas: Sequence[str] = (),
    content_items: Sequence[str] = (),
    user,
) -> Inspection:
    """Correct a decision (team, dates, scope) until the record is made.

    Only the team may; impartiality is checked again for the new team.
    """
    _require_team(inspection, user)
    _require_open(inspection)
    _check_scope_lists(reform_areas, content_items)
    team = [leader, *[m for m in members if m.pk != leader.pk]]
    conflicts = impartiality_conflicts(unit=inspection.unit, people=team)
    if conflicts:
        raise ValidationError(conflicts)
    inspection.decision_number = decision_number
    inspection.decision_date = decision_date
    inspection.leader = leader
    inspection.start_date = start_date
    inspection.end_date = end_date
    inspection.reform_areas = list(reform_areas)
    inspection.content_items = list(content_items)
    save_with_history(inspection, user=user, reason=_("Sửa quyết định kiểm tra"))
    inspection.members.set(team[1:])
    return inspection


def is_team_member(inspection: Inspection, user) -> bool:
    """True when ``user`` leads or is a member of the inspection team."""
    if inspection.leader_id == user.pk:
        return True
    return inspection.members.filter(pk=user.pk).exists()


def can_edit_inspection(inspection: Inspection, user) -> bool:
    """Inspectors edit only the visits they are on (administrators: all)."""
    if user.is_superuser:
        return True
    return user.has_perm("audits.change_inspection") and is_team_member(
        inspection, user
    )


def _require_team(inspection: Inspection, user) -> None:
    if not can_edit_inspection(inspection, user):
        raise PermissionDenied(
            _("Chỉ thành viên đoàn kiểm tra mới được ghi nhận cuộc kiểm tra này.")
        )


def _require_open(inspection: Inspection) -> None:
    if inspection.status == InspectionStatus.COMPLETED:
        raise ValidationError(
            _("Biên bản kiểm tra đã lập: không sửa kết quả kiểm tra được nữa.")
        )
