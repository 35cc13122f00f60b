"""Files (form templates) attached to a draft revision."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision, RevisionAttachment
from qms.documents.services.base import PERM_CHANGE, _expect_status, _locked
from qms.documents.services.integrity import file_sha256
from qms.history import save_with_history
from qms.permissions import require_perm
from qms.uploads import ATTACHMENT, check_upload


@transaction.atomic
def attachment_add(
    *,
    revision: DocumentRevision,
    user,
    title: str,
    uploaded_file: UploadedFile,
    at: datetime.datetime | None = None,
) -> RevisionAttachment:
    """Attach a file (form template) to a draft, storing its SHA-256.

    The file must be an office document, PDF or text of at most 20 MB whose
    content matches its extension (qms.uploads). ``at`` replays a past upload
    into the history (the demo, imports).
    """
    require_perm(user, PERM_CHANGE)
    current = _locked(revision)
    _expect_status(current, RevisionStatus.DRAFT, action=_("đính kèm tệp"))
    if not title.strip():
        raise ValidationError({"title": _("Nhập tên tệp đính kèm.")})
    try:
        check_upload(uploaded_file, ATTACHMENT)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    attachment = RevisionAttachment(
        revision=current,
        title=title.strip(),
        sha256=file_sha256(uploaded_file),
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(uploaded_file.name, uploaded_file, save=False)
    save_with_history(attachment, user=user, reason=_("Đính kèm tệp %s") % title, at=at)
    return attachment
