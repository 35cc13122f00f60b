"""Builders for inspection tests: the services do the work."""

import datetime

from audits.inspections.checklist_templates import checklist_templates_ensure
from audits.inspections.choices import AnswerResult, C26Item, ReformArea
from audits.inspections.models import ChecklistTemplate, Inspection
from audits.inspections.services import (
    action_create,
    answer_record,
    inspection_complete,
    inspection_create,
    nonconformity_raise_from_answer,
)

DECISION_DATE = datetime.date(2022, 3, 1)
START = datetime.date(2022, 3, 10)
RECORD_DATE = datetime.date(2022, 3, 11)


def make_visit(unit, leader, *members, template_code: str = "TT26") -> Inspection:
    """An inspection of ``unit`` by ``leader`` (and ``members``) on the template."""
    checklist_templates_ensure()
    return inspection_create(
        unit=unit,
        decision_number="15/QĐ-UBND",
        decision_date=DECISION_DATE,
        leader=leader,
        members=list(members),
        start_date=START,
        end_date=START,
        reform_areas=[ReformArea.PROCEDURES],
        content_items=[C26Item.PROCESSES, C26Item.CORRECTIVE_ACTION],
        template=ChecklistTemplate.objects.get(code=template_code),
        user=leader,
    )


def answer_all(inspection: Inspection, user, nonconforming: dict[int, str]) -> None:
    """Answer every item: ``conforms`` except the orders given (order: result)."""
    for answer in inspection.answers.select_related("item"):
        result = nonconforming.get(answer.item.order, AnswerResult.CONFORMS)
        answer_record(answer=answer, result=result, notes="Ghi chú", user=user)


def completed_visit_with_ncs(unit, leader, *, grades=("minor", "major"), owner=None):
    """A completed visit with one nonconformity per grade, each with one action."""
    inspection = make_visit(unit, leader)
    answer_all(inspection, leader, {i + 1: g for i, g in enumerate(grades)})
    ncs = []
    for answer in inspection.answers.filter(result__in=grades).order_by("item__order"):
        ncs.append(
            nonconformity_raise_from_answer(
                answer=answer, description=f"Mô tả câu {answer.item_id}", user=leader
            )
        )
    inspection_complete(
        inspection=inspection,
        record_date=RECORD_DATE,
        conclusion="Kết luận",
        user=leader,
    )
    actions = [
        action_create(
            nonconformity=nc, action="Cập nhật quy trình", owner=owner, user=leader
        )
        for nc in ncs
    ]
    return inspection, ncs, actions
