"""What every document-control service shares: permissions, lock, guards."""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    APPROVED_STATUSES,
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
    add_months,
)
from qms.history import save_with_history
from qms.permissions import require_perm


PERM_CHANGE = "qms.change_documentrevision"
PERM_REVIEW = "qms.review_documentrevision"
PERM_APPROVE = "qms.approve_documentrevision"


IN_PROGRESS = (
    RevisionStatus.DRAFT,
    RevisionStatus.SUBMITTED,
    RevisionStatus.REVIEWED,
)


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _locked(revision: DocumentRevision) -> DocumentRevision:
    """Re-read the revision inside the transaction (row lock on PostgreSQL)."""
    return DocumentRevision.objects.select_for_update().get(pk=revision.pk)


def _expect_status(revision: DocumentRevision, *allowed: str, action: str) -> None:
    if revision.status not in allowed:
        raise ValidationError(
            _("Không thể %(action)s: lần ban hành đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": revision.get_status_display()}
        )

