"""Read acknowledgements of the revision in force."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision, ReadAcknowledgement
from qms.history import save_with_history
from qms.permissions import require_perm


@transaction.atomic
def acknowledge_read(*, revision: DocumentRevision, user) -> ReadAcknowledgement:
    """The user confirms having read the revision in force (idempotent)."""
    require_perm(user, "qms.add_readacknowledgement")
    if revision.status != RevisionStatus.IN_FORCE:
        raise ValidationError(_("Chỉ xác nhận đã đọc lần ban hành đang hiệu lực."))
    existing = ReadAcknowledgement.objects.filter(revision=revision, user=user).first()
    if existing:
        return existing
    acknowledgement = ReadAcknowledgement(revision=revision, user=user)
    save_with_history(acknowledgement, user=user, reason=_("Xác nhận đã đọc"))
    return acknowledgement
