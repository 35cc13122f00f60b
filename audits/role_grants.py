"""What each role may do with inspection and KPI records.

Dossier figures: the ISO reviewer, inspectors and approvers read every unit's
(they hold ``qms.view_all_units``); a commune officer reads only their own
units' (qms.organisation.scoping). Nobody edits dossiers by hand: they come from imports
and the push API.
"""

from qms.organisation.roles import (
    APPROVER,
    COMMUNE_OFFICER,
    INSPECTOR,
    ISO_REVIEWER,
    grant,
)

for _role in (ISO_REVIEWER, INSPECTOR, APPROVER, COMMUNE_OFFICER):
    grant(
        _role,
        "audits.view_dossier",
        "audits.view_dossiertotal",
        "audits.view_satisfactionsurvey",
        "audits.view_onestopevaluation",
    )

# Imports from the browser (qms/imports): the provincial inspector for every
# unit, a commune officer for their own units only (a row of another unit is a
# located error). Other roles read these figures but do not bring them in.
for _role in (INSPECTOR, COMMUNE_OFFICER):
    grant(
        _role,
        "audits.import_dossier",
        "audits.import_dossiertotal",
        "audits.import_satisfactionsurvey",
    )

# Inspections and corrective actions (issue 5). Nobody deletes an inspection
# record: the trail stays whole. Scope per unit comes from qms.organisation.scoping.
_INSPECTION_MODELS = (
    "inspectionplan",
    "planitem",
    "checklisttemplate",
    "checklistitem",
    "inspection",
    "visitanswer",
    "evidencefile",
    "nonconformity",
    "correctiveaction",
    "actionverification",
    "managementreview",
    "reviewaction",
)
for _role in (INSPECTOR, ISO_REVIEWER, APPROVER, COMMUNE_OFFICER):
    grant(_role, *(f"audits.view_{name}" for name in _INSPECTION_MODELS))
grant(
    INSPECTOR,
    "audits.add_inspectionplan",
    "audits.change_inspectionplan",
    "audits.add_planitem",
    "audits.change_planitem",
    "audits.add_inspection",
    "audits.change_inspection",
    "audits.change_visitanswer",
    "audits.add_evidencefile",
    "audits.add_nonconformity",
    "audits.add_correctiveaction",
    "audits.verify_correctiveaction",
    "audits.add_actionverification",
    "audits.add_managementreview",
    "audits.change_reviewaction",
)
# The checklist template editor (audits.inspections.checklist_views): inspectors write
# the checklists they inspect with; nobody deletes a template (it is retired).
grant(
    INSPECTOR,
    "audits.add_checklisttemplate",
    "audits.change_checklisttemplate",
    "audits.add_checklistitem",
    "audits.change_checklistitem",
    "audits.delete_checklistitem",
)
grant(
    COMMUNE_OFFICER,
    "audits.add_correctiveaction",
    "audits.report_correctiveaction",
)
grant(APPROVER, "audits.add_managementreview", "audits.change_reviewaction")

# Citizen feedback and the online answers after a dossier (issue 13): every
# audit role reads them (a commune officer only their own units'); the commune
# officer answers their units' feedback, the approver any unit's. Nobody adds
# or deletes feedback by hand: citizens file it on the public site.
for _role in (ISO_REVIEWER, INSPECTOR, APPROVER, COMMUNE_OFFICER):
    grant(_role, "audits.view_feedback", "audits.view_dossierrating")
grant(COMMUNE_OFFICER, "audits.change_feedback")
grant(APPROVER, "audits.change_feedback")
# Planning (issue 13): every role of the QMS reads objectives and risks (scoped);
# a commune officer and the approver set their units' objectives and keep their
# risk register; the approver and the officer may raise a nonconformity for a
# missed objective (audits.inspections.services.nonconformity_raise). Nothing
# is deleted: the trail stays whole.
_PLANNING_MODELS = ("qualityobjective", "risk", "riskaction")
for _role in (INSPECTOR, ISO_REVIEWER, APPROVER, COMMUNE_OFFICER):
    grant(_role, *(f"audits.view_{name}" for name in _PLANNING_MODELS))
for _role in (APPROVER, COMMUNE_OFFICER):
    grant(
        _role,
        *(f"audits.add_{name}" for name in _PLANNING_MODELS),
        *(f"audits.change_{name}" for name in _PLANNING_MODELS),
        "audits.add_nonconformity",
    )

GRANTED = True
