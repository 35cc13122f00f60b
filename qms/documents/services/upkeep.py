"""Keeping documents current: legal texts amended or replaced, periodic review."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents.models import ControlledDocument, LegalText, add_months
from qms.documents.services.base import PERM_REVIEW
from qms.history import save_with_history
from qms.permissions import require_perm

#: Decision 19/2014/QĐ-TTg: legal changes built into processes within 3 months.
LEGAL_UPDATE_MONTHS = 3


@transaction.atomic
def legal_text_mark_changed(
    *,
    legal_text: LegalText,
    user,
    amended_by: LegalText | None = None,
    replaced_by: LegalText | None = None,
    at: datetime.datetime | None = None,
) -> list[ControlledDocument]:
    """Record that ``legal_text`` was amended or replaced; flag its documents.

    Every document citing it must be updated by the new text's effective date
    plus three months (Decision 19/2014/QĐ-TTg). Returns the flagged documents.
    """
    require_perm(user, "qms.change_legaltext")
    new_text = replaced_by or amended_by
    if new_text is None:
        raise ValidationError(_("Chọn văn bản sửa đổi hoặc thay thế."))
    if new_text.pk == legal_text.pk:
        raise ValidationError(_("Văn bản không thể tự sửa đổi hoặc thay thế chính nó."))
    if amended_by:
        legal_text.amended_by = amended_by
    if replaced_by:
        legal_text.replaced_by = replaced_by
    verb = _("thay thế") if replaced_by else _("sửa đổi")
    save_with_history(
        legal_text,
        user=user,
        reason=_("Được %(verb)s bởi %(new)s") % {"verb": verb, "new": new_text},
        at=at,
    )
    deadline = add_months(new_text.effective_on, LEGAL_UPDATE_MONTHS)
    flagged = []
    for document in legal_text.documents.all():
        if document.update_required_by and document.update_required_by <= deadline:
            continue
        document.update_required_by = deadline
        document.update_reason = _("%(old)s được %(verb)s bởi %(new)s") % {
            "old": legal_text.number,
            "verb": verb,
            "new": new_text.number,
        }
        save_with_history(document, user=user, reason=document.update_reason, at=at)
        flagged.append(document)
    return flagged


@transaction.atomic
def document_record_review(
    *,
    document: ControlledDocument,
    user,
    note: str,
    on: datetime.date | None = None,
) -> ControlledDocument:
    """Record a periodic review that found the document still suitable.

    Restarts the review interval; a review that needs changes is a new
    revision instead. A pending legal update is not cleared by this.
    """
    if not (
        user.has_perm("qms.change_controlleddocument") or user.has_perm(PERM_REVIEW)
    ):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận xem xét định kỳ."))
    if not note.strip():
        raise ValidationError({"note": _("Ghi kết luận xem xét.")})
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": _("Ngày xem xét không được ở tương lai.")})
    current = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    current.last_reviewed_on = day
    save_with_history(
        current,
        user=user,
        reason=_("Xem xét định kỳ ngày %(day)s: %(note)s")
        % {"day": day.strftime("%d/%m/%Y"), "note": note.strip()},
    )
    return current
