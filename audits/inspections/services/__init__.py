"""Every write on inspection records that carries a business rule.

Keyword-only, typed, atomic. Rules refused raise ``ValidationError`` (a rule of
the domain, the message says why, in Vietnamese) or ``PermissionDenied`` (the
user may not do this); in both cases nothing was written, because each service
checks everything before its first save and runs in one transaction. Each save
sets ``_change_reason`` so that the history says why.

One module per step of the cycle: ``plans``, ``inspections`` (decision, team,
impartiality), ``visits`` (answers, evidence, nonconformities, the record),
``corrective_actions`` (actions, verification, closing), ``nonconformities``
(raised outside a visit: a missed objective, a complaint). Checklist templates
are edited by ``audits.inspections.checklist_services``.
"""

from audits.inspections.services.corrective_actions import (
    ACTION_DUE_MONTHS,
    action_create,
    action_link_revision,
    action_report,
    action_verify,
    default_due_date,
    nonconformity_close,
)
from audits.inspections.services.inspections import (
    can_edit_inspection,
    impartiality_conflicts,
    inspection_create,
    inspection_update,
    is_team_member,
)
from audits.inspections.services.nonconformities import nonconformity_raise
from audits.inspections.services.plans import (
    plan_create,
    plan_item_add,
    plan_item_update,
)
from audits.inspections.services.visits import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    NONCONFORMING_RESULTS,
    AnswerEntry,
    answer_record,
    inspection_complete,
    nonconformity_raise_from_answer,
    visit_save,
)

__all__ = [
    "ACTION_DUE_MONTHS",
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "NONCONFORMING_RESULTS",
    "AnswerEntry",
    "action_create",
    "action_link_revision",
    "action_report",
    "action_verify",
    "answer_record",
    "can_edit_inspection",
    "default_due_date",
    "impartiality_conflicts",
    "inspection_complete",
    "inspection_create",
    "inspection_update",
    "is_team_member",
    "nonconformity_close",
    "nonconformity_raise",
    "nonconformity_raise_from_answer",
    "plan_create",
    "plan_item_add",
    "plan_item_update",
    "visit_save",
]
