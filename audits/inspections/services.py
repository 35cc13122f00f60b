"""Every write on inspection records that carries a business rule.

Keyword-only, typed, atomic. Rules refused raise ``ValidationError`` (a rule of
the domain, the message says why, in Vietnamese) or ``PermissionDenied`` (the
user may not do this); in both cases nothing was written, because each service
checks everything before its first save and runs in one transaction. Each save
sets ``_change_reason`` so that the history says why.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.inspections.choices import (
    ActionStatus,
    AnswerResult,
    C26Item,
    Grade,
    InspectionMode,
    InspectionStatus,
    NonconformityStatus,
    ReformArea,
)
from audits.inspections.models import (
    ActionVerification,
    ChecklistTemplate,
    CorrectiveAction,
    EvidenceFile,
    Inspection,
    InspectionPlan,
    Nonconformity,
    PlanItem,
    VisitAnswer,
)
from qms.documents.models import add_months
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.people import person_name
from qms.organisation.scoping import in_scope
from qms.permissions import require_perm

#: Circular 26: corrective action is reported within two months of the record.
ACTION_DUE_MONTHS = 2
#: Evidence a phone produces (photos) or an office scans (PDF).
EVIDENCE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".pdf")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
NONCONFORMING_RESULTS = (AnswerResult.MINOR, AnswerResult.MAJOR)


# Plans -----------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, year: int, issuing_unit: AdministrativeUnit, user, title: str = ""
) -> InspectionPlan:
    """A new annual plan of ``issuing_unit``; one per unit and year."""
    require_perm(user, "audits.add_inspectionplan")
    plan = InspectionPlan(
        year=year,
        issuing_unit=issuing_unit,
        title=title or _("Kế hoạch kiểm tra năm %s") % year,
        created_by=user,
    )
    save_with_history(plan, user=user, reason=_("Lập kế hoạch kiểm tra"))
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: InspectionPlan,
    unit: AdministrativeUnit,
    mode: str,
    planned_month: int,
    user,
) -> PlanItem:
    """Add ``unit`` to ``plan`` (on site or on file, in a month 1–12)."""
    require_perm(user, "audits.change_inspectionplan")
    if unit.pk == plan.issuing_unit_id:
        raise ValidationError(_("Đơn vị ban hành kế hoạch không tự kiểm tra mình."))
    item = PlanItem(plan=plan, unit=unit, mode=mode, planned_month=planned_month)
    save_with_history(item, user=user, reason=_("Thêm đơn vị vào kế hoạch"))
    return item


@transaction.atomic
def plan_item_update(
    *, item: PlanItem, mode: str, planned_month: int, user
) -> PlanItem:
    """Change how and when a planned unit is inspected."""
    require_perm(user, "audits.change_planitem")
    item.mode = mode
    item.planned_month = planned_month
    save_with_history(
        item, user=user, reason=_("Sửa hình thức, tháng kiểm tra trong kế hoạch")
    )
    return item


# Inspections -----------------------------------------------------------------


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


@transaction.atomic
def answer_record(
    *,
    answer: VisitAnswer,
    result: str,
    notes: str = "",
    files: Sequence[UploadedFile] = (),
    user,
) -> VisitAnswer:
    """Record the result of one checklist item, with optional evidence files.

    A result that no longer is a nonconformity is refused while a
    nonconformity raised from this answer exists.
    """
    inspection = answer.inspection
    _require_team(inspection, user)
    _require_open(inspection)
    if result not in AnswerResult.values:
        raise ValidationError(_("Chọn kết quả kiểm tra."))
    if result not in NONCONFORMING_RESULTS and answer.nonconformities.exists():
        raise ValidationError(
            _(
                "Đã lập điểm không phù hợp từ phát hiện này: không đổi kết quả "
                "thành phù hợp được."
            )
        )
    for upload in files:
        name = upload.name or ""
        if not name.lower().endswith(EVIDENCE_EXTENSIONS):
            raise ValidationError(
                _(
                    "Tệp %(name)s không được nhận: chỉ nhận ảnh (JPG, PNG, WEBP, HEIC) "
                    "hoặc PDF."
                )
                % {"name": name}
            )
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("Tệp %(name)s lớn hơn 10 MB.") % {"name": name})
    answer.result = result
    answer.notes = notes
    answer.answered_by = user
    answer.answered_at = timezone.now()
    save_with_history(answer, user=user, reason=_("Ghi kết quả kiểm tra"))
    # A minor finding regraded major (or back) regrades its nonconformity.
    grade = Grade.MAJOR if result == AnswerResult.MAJOR else Grade.MINOR
    for nonconformity in answer.nonconformities.exclude(grade=grade):
        nonconformity.grade = grade
        save_with_history(
            nonconformity,
            user=user,
            reason=_("Điều chỉnh mức độ theo kết quả kiểm tra"),
        )
    for upload in files:
        evidence = EvidenceFile(
            answer=answer, file=upload, caption=upload.name, uploaded_by=user
        )
        evidence._change_reason = _("Thêm bằng chứng")
        evidence._history_user = user
        evidence.save()
    if inspection.status == InspectionStatus.PLANNED:
        inspection.status = InspectionStatus.IN_PROGRESS
        save_with_history(inspection, user=user, reason=_("Bắt đầu kiểm tra"))
    return answer


@dataclass(frozen=True)
class AnswerEntry:
    """What the visit form sent for one answer."""

    answer_id: int
    result: str
    notes: str = ""
    files: Sequence[UploadedFile] = ()
    nonconformity: str = ""


@transaction.atomic
def visit_save(
    *, inspection: Inspection, entries: Sequence[AnswerEntry], user
) -> list[Nonconformity]:
    """Save a visit form: changed answers, evidence, and nonconformities whose
    description was written. All or nothing: one refused entry leaves the whole
    visit as it was. Returns the nonconformities raised."""
    _require_team(inspection, user)
    _require_open(inspection)
    answers = {a.pk: a for a in inspection.answers.select_related("item")}
    raised = []
    for entry in entries:
        answer = answers.get(entry.answer_id)
        if answer is None:
            raise ValidationError(_("Câu hỏi không thuộc cuộc kiểm tra này."))
        if not entry.result:
            continue
        changed = (entry.result, entry.notes) != (answer.result, answer.notes)
        if changed or entry.files:
            answer_record(
                answer=answer,
                result=entry.result,
                notes=entry.notes,
                files=entry.files,
                user=user,
            )
        if entry.nonconformity.strip() and not answer.nonconformities.exists():
            raised.append(
                nonconformity_raise(
                    answer=answer, description=entry.nonconformity, user=user
                )
            )
    return raised


def _next_number(inspection: Inspection) -> int:
    current = inspection.nonconformities.aggregate(m=Max("number"))["m"]
    return (current or 0) + 1


@transaction.atomic
def nonconformity_raise(
    *,
    answer: VisitAnswer,
    description: str,
    evidence: str = "",
    user,
) -> Nonconformity:
    """Raise a nonconformity from a minor or major answer (grade and clause from it)."""
    inspection = answer.inspection
    _require_team(inspection, user)
    _require_open(inspection)
    if answer.result not in NONCONFORMING_RESULTS:
        raise ValidationError(
            _("Chỉ phát hiện không phù hợp (nhẹ hoặc nặng) mới lập thành điểm KPH.")
        )
    if answer.nonconformities.exists():
        raise ValidationError(_("Phát hiện này đã được lập thành điểm không phù hợp."))
    if not description.strip():
        raise ValidationError(_("Mô tả điểm không phù hợp."))
    item = answer.item
    nonconformity = Nonconformity(
        inspection=inspection,
        answer=answer,
        number=_next_number(inspection),
        iso_clause=item.iso_clause,
        c26_item=item.c26_item,
        reform_area=item.reform_area,
        grade=Grade.MAJOR if answer.result == AnswerResult.MAJOR else Grade.MINOR,
        description=description.strip(),
        evidence=evidence.strip() or answer.notes,
        raised_by=user,
    )
    save_with_history(
        nonconformity, user=user, reason=_("Lập điểm không phù hợp từ phát hiện")
    )
    return nonconformity


@transaction.atomic
def inspection_complete(
    *,
    inspection: Inspection,
    record_date: datetime.date,
    conclusion: str,
    unit_representative: str = "",
    user,
) -> Inspection:
    """Close the visit with its record (biên bản): every item answered, every
    nonconforming answer raised as a nonconformity."""
    _require_team(inspection, user)
    _require_open(inspection)
    answers = list(inspection.answers.select_related("item"))
    unanswered = [a for a in answers if not a.result]
    if unanswered:
        raise ValidationError(
            _("Còn %(n)s câu hỏi chưa có kết quả (câu %(list)s).")
            % {
                "n": len(unanswered),
                "list": ", ".join(str(a.item.order) for a in unanswered),
            }
        )
    raised = set(
        inspection.nonconformities.filter(answer__isnull=False).values_list(
            "answer_id", flat=True
        )
    )
    missing = [
        a for a in answers if a.result in NONCONFORMING_RESULTS and a.pk not in raised
    ]
    if missing:
        raise ValidationError(
            _("Các phát hiện không phù hợp chưa được lập điểm KPH: câu %s.")
            % ", ".join(str(a.item.order) for a in missing)
        )
    inspection.record_date = record_date
    inspection.conclusion = conclusion
    inspection.unit_representative = unit_representative
    inspection.status = InspectionStatus.COMPLETED
    save_with_history(inspection, user=user, reason=_("Lập biên bản kiểm tra"))
    return inspection


# Corrective actions -----------------------------------------------------------


def default_due_date(nonconformity: Nonconformity) -> datetime.date:
    """Record date + 2 months (today + 2 months while no record exists yet)."""
    start = nonconformity.inspection.record_date or timezone.localdate()
    return add_months(start, ACTION_DUE_MONTHS)


@transaction.atomic
def action_create(
    *,
    nonconformity: Nonconformity,
    action: str,
    owner_unit: AdministrativeUnit | None = None,
    owner=None,
    due_date: datetime.date | None = None,
    root_cause: str = "",
    correction: str = "",
    user,
) -> CorrectiveAction:
    """A corrective action for ``nonconformity``.

    The inspection team or the inspected unit itself may propose it; the
    owner person must belong to the owner unit.
    """
    require_perm(user, "audits.add_correctiveaction")
    if not in_scope(nonconformity, user):
        raise PermissionDenied(_("Điểm không phù hợp này không thuộc đơn vị của bạn."))
    if nonconformity.status == NonconformityStatus.CLOSED:
        raise ValidationError(_("Điểm không phù hợp đã đóng."))
    owner_unit = owner_unit or nonconformity.inspection.unit
    if (
        owner is not None
        and not UnitMembership.objects.filter(user=owner, unit=owner_unit).exists()
    ):
        raise ValidationError(
            _("%(person)s không thuộc %(unit)s.")
            % {"person": person_name(owner), "unit": owner_unit.name}
        )
    if not action.strip():
        raise ValidationError(_("Nêu hành động khắc phục."))
    corrective = CorrectiveAction(
        nonconformity=nonconformity,
        owner_unit=owner_unit,
        owner=owner,
        due_date=due_date or default_due_date(nonconformity),
        root_cause=root_cause,
        correction=correction,
        action=action.strip(),
    )
    save_with_history(corrective, user=user, reason=_("Đề ra hành động khắc phục"))
    return corrective


@transaction.atomic
def action_report(
    *,
    action: CorrectiveAction,
    report: str,
    root_cause: str | None = None,
    correction: str | None = None,
    document_revision=None,
    user,
) -> CorrectiveAction:
    """The owner unit reports what it did; the action awaits verification."""
    require_perm(user, "audits.report_correctiveaction")
    if not in_scope(action, user):
        raise PermissionDenied(_("Hành động khắc phục này không thuộc đơn vị của bạn."))
    if action.status == ActionStatus.EFFECTIVE:
        raise ValidationError(_("Hành động đã được xác minh có hiệu quả."))
    if not report.strip():
        raise ValidationError(_("Nêu kết quả thực hiện."))
    if root_cause is not None:
        action.root_cause = root_cause
    if correction is not None:
        action.correction = correction
    if document_revision is not None:
        action.document_revision = document_revision
    action.report = report.strip()
    action.status = ActionStatus.REPORTED
    action.reported_at = timezone.now()
    action.reported_by = user
    save_with_history(action, user=user, reason=_("Đơn vị báo cáo kết quả khắc phục"))
    return action


@transaction.atomic
def action_link_revision(
    *, action: CorrectiveAction, revision, user
) -> CorrectiveAction:
    """Cite the document revision this action caused (shown from both ends)."""
    if not (
        user.has_perm("audits.report_correctiveaction")
        or user.has_perm("audits.verify_correctiveaction")
    ):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))
    if not in_scope(action, user):
        raise PermissionDenied(_("Hành động khắc phục này không thuộc đơn vị của bạn."))
    action.document_revision = revision
    save_with_history(
        action, user=user, reason=_("Gắn bản sửa đổi tài liệu do hành động khắc phục")
    )
    return action


@transaction.atomic
def action_verify(
    *,
    action: CorrectiveAction,
    effective: bool,
    comment: str,
    verified_on: datetime.date,
    new_due_date: datetime.date | None = None,
    user,
) -> ActionVerification:
    """An inspector other than the owner verifies a reported action.

    Effective: the action is done, and its nonconformity closes once every
    action of it is effective. Not effective: the action reopens with
    ``new_due_date``.
    """
    require_perm(user, "audits.verify_correctiveaction")
    if action.status != ActionStatus.REPORTED:
        raise ValidationError(
            _("Chỉ xác minh được hành động mà đơn vị đã báo cáo kết quả.")
        )
    if (
        action.owner_id == user.pk
        or UnitMembership.objects.filter(user=user, unit=action.owner_unit).exists()
    ):
        raise ValidationError(
            _(
                "Người xác minh phải khác người thực hiện: bạn thuộc đơn vị "
                "thực hiện hành động này."
            )
        )
    if not comment.strip():
        raise ValidationError(_("Ghi nhận xét khi xác minh."))
    if effective:
        new_due_date = None
    elif new_due_date is None:
        raise ValidationError(_("Hành động không hiệu quả phải có hạn hoàn thành mới."))
    verification = ActionVerification(
        action=action,
        verified_by=user,
        verified_on=verified_on,
        effective=effective,
        comment=comment.strip(),
        new_due_date=new_due_date,
    )
    save_with_history(
        verification,
        user=user,
        reason=_("Xác minh: có hiệu quả")
        if effective
        else _("Xác minh: không hiệu quả"),
    )
    if effective:
        action.status = ActionStatus.EFFECTIVE
        save_with_history(action, user=user, reason=_("Xác minh có hiệu quả"))
        nonconformity = action.nonconformity
        if not nonconformity.actions.exclude(status=ActionStatus.EFFECTIVE).exists():
            nonconformity_close(nonconformity=nonconformity, user=user)
    else:
        action.status = ActionStatus.OPEN
        action.due_date = new_due_date
        save_with_history(
            action,
            user=user,
            reason=_("Xác minh không hiệu quả: mở lại, hạn mới %s")
            % new_due_date.strftime("%d/%m/%Y"),
        )
    return verification


@transaction.atomic
def nonconformity_close(*, nonconformity: Nonconformity, user) -> Nonconformity:
    """Close a nonconformity: only when it has actions and all are effective."""
    require_perm(user, "audits.verify_correctiveaction")
    statuses = list(nonconformity.actions.values_list("status", flat=True))
    if not statuses:
        raise ValidationError(
            _("Điểm không phù hợp chưa có hành động khắc phục nên chưa đóng được.")
        )
    if any(status != ActionStatus.EFFECTIVE for status in statuses):
        raise ValidationError(
            _(
                "Chỉ đóng điểm không phù hợp khi mọi hành động khắc phục đã được "
                "xác minh có hiệu quả."
            )
        )
    if nonconformity.status == NonconformityStatus.CLOSED:
        return nonconformity
    nonconformity.status = NonconformityStatus.CLOSED
    nonconformity.closed_at = timezone.now()
    save_with_history(
        nonconformity, user=user, reason=_("Đóng: mọi hành động khắc phục có hiệu quả")
    )
    return nonconformity
