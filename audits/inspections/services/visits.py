"""The visit: record answers and evidence, raise nonconformities from findings,
and close the visit with its record (biên bản)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.inspections.choices import AnswerResult, Grade, InspectionStatus
from audits.inspections.models import (
    EvidenceFile,
    Inspection,
    Nonconformity,
    VisitAnswer,
)
from audits.inspections.services.inspections import _require_open, _require_team
from qms.history import save_with_history
from qms.uploads import EVIDENCE, check_upload

#: Evidence a phone produces (photos) or an office scans (PDF): qms.uploads.
EVIDENCE_EXTENSIONS = tuple(sorted(f".{ext}" for ext in EVIDENCE.extensions))
EVIDENCE_MAX_BYTES = EVIDENCE.max_bytes
NONCONFORMING_RESULTS = (AnswerResult.MINOR, AnswerResult.MAJOR)


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
        check_upload(upload, EVIDENCE)
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
                nonconformity_raise_from_answer(
                    answer=answer, description=entry.nonconformity, user=user
                )
            )
    return raised


def _next_number(inspection: Inspection) -> int:
    current = inspection.nonconformities.aggregate(m=Max("number"))["m"]
    return (current or 0) + 1


@transaction.atomic
def nonconformity_raise_from_answer(
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
        unit_id=inspection.unit_id,
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
