"""What every document-control service shares: permissions, lock, guards.

The underscored helpers are private to ``qms.documents.services``: its modules
import them, nothing outside the package should.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision

PERM_CHANGE = "qms.change_documentrevision"
PERM_REVIEW = "qms.review_documentrevision"
PERM_APPROVE = "qms.approve_documentrevision"

#: A revision still being worked on; a document has at most one at a time.
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
