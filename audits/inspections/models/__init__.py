"""Inspection records: plans, visits, checklists, findings and corrective actions.

Circular 26/2014/TT-BKHCN Arts. 33–39 and ISO 9001:2015 clauses 9.2, 9.3 and
10.2. Every record an ISO reviewer traces carries ``HistoricalRecords``; state
changes happen in ``audits.inspections.services``, which set the change reason.
Each model names the path to its unit in ``scope_unit_field``
(qms.organisation.scoping).

One module per concept: ``plans`` (the annual plan and its units),
``checklists`` (templates and their questions), ``visits`` (the inspection, its
answers and evidence), ``findings`` (nonconformities, corrective actions and
their verification). Import the models from this package, as
``audits.models`` and the rest of the code do.
"""

from audits.inspections.models.checklists import ChecklistItem, ChecklistTemplate
from audits.inspections.models.findings import (
    ActionVerification,
    CorrectiveAction,
    Nonconformity,
)
from audits.inspections.models.plans import InspectionPlan, PlanItem
from audits.inspections.models.visits import (
    EvidenceFile,
    Inspection,
    VisitAnswer,
    evidence_upload_to,
)

# evidence_upload_to is re-exported because migrations 0002_inspections and
# 0006_private_evidence name it as ``audits.inspections.models.evidence_upload_to``:
# that dotted path must keep importing (the test database runs them).
__all__ = [
    "ActionVerification",
    "ChecklistItem",
    "ChecklistTemplate",
    "CorrectiveAction",
    "EvidenceFile",
    "Inspection",
    "InspectionPlan",
    "Nonconformity",
    "PlanItem",
    "VisitAnswer",
    "evidence_upload_to",
]
