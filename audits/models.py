"""The audits app's models, re-exported by name for Django's discovery.

Each model lives in its domain package (``audits.dossiers``,
``audits.inspections``, ``audits.planning``); code imports it from there.
Django and the migrations only need this module to import them all.
"""

from audits.dossiers.models import (
    Dossier,
    DossierRating,
    DossierTotal,
    IntegrationKey,
    OneStopEvaluation,
    SatisfactionSurvey,
)
from audits.feedback.models import Feedback
from audits.inspections.models import (
    ActionVerification,
    ChecklistItem,
    ChecklistTemplate,
    CorrectiveAction,
    EvidenceFile,
    Inspection,
    InspectionPlan,
    Nonconformity,
    PlanItem,
    VisitAnswer,
)
from audits.planning.models import QualityObjective, Risk, RiskAction
from audits.reviews.models import ManagementReview, ReviewAction

__all__ = [
    "ActionVerification",
    "ChecklistItem",
    "ChecklistTemplate",
    "CorrectiveAction",
    "Dossier",
    "DossierRating",
    "DossierTotal",
    "EvidenceFile",
    "Feedback",
    "IntegrationKey",
    "Inspection",
    "InspectionPlan",
    "ManagementReview",
    "Nonconformity",
    "OneStopEvaluation",
    "PlanItem",
    "QualityObjective",
    "ReviewAction",
    "Risk",
    "RiskAction",
    "SatisfactionSurvey",
    "VisitAnswer",
]
