"""Models of the qms app: the organisation (units.py) and document control."""

from qms.calendar import CalendarDay
from qms.competence.models import Competence, RoleCompetence, TrainingRecord
from qms.documents.models import (
    APPROVED_STATUSES,
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
    add_months,
)
from qms.jobs.models import BackgroundJob, JobStatus
from qms.notices.models import SentNotice
from qms.organisation.models import (
    LEGACY_END,
    REFORM_DATE,
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    DeploymentSettings,
    UnitMembership,
)
from qms.signing.models import SignedRecord, SigningCredential

__all__ = [
    "APPROVED_STATUSES",
    "BackgroundJob",
    "Competence",
    "CalendarDay",
    "JobStatus",
    "LEGACY_END",
    "REFORM_DATE",
    "AdministrativeUnit",
    "AdministrativeUnitQuerySet",
    "ControlledDocument",
    "DeploymentSettings",
    "DocumentRevision",
    "LegalText",
    "ReadAcknowledgement",
    "RoleCompetence",
    "RevisionAttachment",
    "SentNotice",
    "SignedRecord",
    "SigningCredential",
    "TrainingRecord",
    "UnitMembership",
    "add_months",
]
