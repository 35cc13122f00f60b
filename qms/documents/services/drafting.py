"""Drafting a revision: new drafts and saves with optimistic locking."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.documents.services.base import (
    IN_PROGRESS,
    PERM_CHANGE,
    _expect_status,
    _locked,
)
from qms.documents.services.integrity import file_sha256
from qms.documents.word_import import docx_to_markdown
from qms.history import save_with_history
from qms.permissions import require_perm

#: Fields of a draft that ``revision_save_draft`` may change.
DRAFT_FIELDS = (
    "issue_number",
    "revision_number",
    "effective_date",
    "body",
    "change_what",
    "change_where",
    "change_why",
)


class EditConflict(ValidationError):
    """Someone else saved the draft after it was opened: nothing was written."""


def _validate_draft_fields(fields: dict) -> None:
    errors = {}
    for name in ("change_what", "change_where", "change_why"):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = _(
                "Bắt buộc ghi nhật ký sửa đổi: nội dung, vị trí và lý do sửa đổi."
            )
    if "issue_number" in fields and not 1 <= (fields["issue_number"] or 0) <= 999:
        errors["issue_number"] = _("Lần ban hành phải từ 1 đến 999.")
    if "revision_number" in fields and not 0 <= fields["revision_number"] <= 999:
        errors["revision_number"] = _("Lần sửa đổi phải từ 0 đến 999.")
    if errors:
        raise ValidationError(errors)


def _next_numbers(document: ControlledDocument) -> tuple[int, int]:
    latest = (
        document.revisions.order_by("-issue_number", "-revision_number")
        .values_list("issue_number", "revision_number")
        .first()
    )
    if latest is None:
        return 1, 0
    return latest[0], latest[1] + 1


@transaction.atomic
def revision_create_draft(
    *,
    document: ControlledDocument,
    user,
    change_what: str,
    change_where: str,
    change_why: str,
    body: str | None = None,
    issue_number: int | None = None,
    revision_number: int | None = None,
    effective_date: datetime.date | None = None,
    at: datetime.datetime | None = None,
    source: str = "",
) -> DocumentRevision:
    """Start a new revision of ``document``; at most one in progress at a time.

    Numbers default to the next revision of the latest issue, and the body to
    the latest revision's body, so a small change starts from the text in force.
    ``source`` (where the body came from) is added to the history's reason.
    """
    require_perm(user, "qms.add_documentrevision")
    ControlledDocument.objects.select_for_update().filter(pk=document.pk).first()
    if document.revisions.filter(status__in=IN_PROGRESS).exists():
        raise ValidationError(
            _(
                "Tài liệu %(code)s đang có một dự thảo chưa phê duyệt: "
                "hoàn tất hoặc trả lại dự thảo đó trước."
            )
            % {"code": document.code}
        )
    default_issue, default_revision = _next_numbers(document)
    if body is None:
        latest = document.revisions.order_by(
            "-issue_number", "-revision_number"
        ).first()
        body = latest.body if latest else ""
    fields = {
        "issue_number": issue_number or default_issue,
        "revision_number": default_revision
        if revision_number is None
        else revision_number,
        "effective_date": effective_date,
        "body": body,
        "change_what": change_what,
        "change_where": change_where,
        "change_why": change_why,
    }
    _validate_draft_fields(fields)
    if document.revisions.filter(
        issue_number=fields["issue_number"],
        revision_number=fields["revision_number"],
    ).exists():
        raise ValidationError(
            {"revision_number": _("Tài liệu đã có lần ban hành với số này.")}
        )
    revision = DocumentRevision(document=document, drafted_by=user, **fields)
    if at is not None:
        revision.drafted_at = at
    reason = _("Tạo dự thảo: %s") % change_why
    save_with_history(
        revision, user=user, reason=f"{reason} ({source})" if source else reason, at=at
    )
    return revision


@transaction.atomic
def revision_save_draft(
    *,
    revision: DocumentRevision,
    user,
    expected_version: int,
    at: datetime.datetime | None = None,
    source: str = "",
    **fields,
) -> DocumentRevision:
    """Save a draft if nobody saved it since ``expected_version`` was read.

    ``at`` replays a past save into the history (the demo, imports): without it
    a replayed save would be dated today, after the revision's approval, and
    read as the newest change of a revision in force.

    The version check and increment are one conditional UPDATE, so two people
    saving the same draft cannot both win: the second gets ``EditConflict`` and
    their text stays in their form (the view re-displays it).
    """
    require_perm(user, PERM_CHANGE)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    current = _locked(revision)
    _expect_status(current, RevisionStatus.DRAFT, action=_("sửa dự thảo"))
    _validate_draft_fields(fields)
    claimed = DocumentRevision.objects.filter(
        pk=revision.pk, version=expected_version, status=RevisionStatus.DRAFT
    ).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(
            _(
                "Dự thảo đã được %(user)s lưu sau khi bạn mở nó (phiên bản "
                "%(version)s). Nội dung của bạn chưa được lưu: hãy so sánh với "
                "bản mới nhất rồi lưu lại."
            )
            % {
                "user": _last_editor(current),
                "version": current.version,
            },
            code="conflict",
        )
    current.refresh_from_db()
    for name, value in fields.items():
        setattr(current, name, value)
    if (
        DocumentRevision.objects.filter(
            document_id=current.document_id,
            issue_number=current.issue_number,
            revision_number=current.revision_number,
        )
        .exclude(pk=current.pk)
        .exists()
    ):
        raise ValidationError(
            {"revision_number": _("Tài liệu đã có lần ban hành với số này.")}
        )
    reason = _("Sửa dự thảo")
    save_with_history(
        current, user=user, reason=f"{reason} ({source})" if source else reason, at=at
    )
    return current


def _last_editor(revision: DocumentRevision) -> str:
    row = revision.history.select_related("history_user").first()
    if row and row.history_user:
        return row.history_user.get_full_name() or row.history_user.username
    return _("người khác")


@transaction.atomic
def revision_import_word(
    *,
    document: ControlledDocument,
    user,
    uploaded_file,
    revision: DocumentRevision | None = None,
    expected_version: int = 0,
    **fields,
) -> tuple[DocumentRevision, list[str]]:
    """A draft whose body is the content of a Word file; returns it and notes.

    A new draft of ``document``, or the body of the draft ``revision`` replaced
    (optimistic lock as ``revision_save_draft``). The file is checked and
    converted by ``qms.documents.word_import`` (refused with a message naming
    it: not a Word file, too large, macros, embedded programs); its name and
    SHA-256 go into the history's reason, so the trace says where the text
    came from. The notes say what the clerk should check (pictures left out,
    merged table cells).
    """
    require_perm(user, PERM_CHANGE if revision else "qms.add_documentrevision")
    try:
        conversion = docx_to_markdown(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"word_file": error.messages}) from error
    name = (uploaded_file.name or "").rsplit("/", 1)[-1]
    source = _("nhập từ tệp Word %(name)s, SHA-256 %(sha)s") % {
        "name": name,
        "sha": file_sha256(uploaded_file),
    }
    fields["body"] = conversion.markdown
    if revision is None:
        created = revision_create_draft(
            document=document, user=user, source=source, **fields
        )
        return created, conversion.notes
    saved = revision_save_draft(
        revision=revision,
        user=user,
        expected_version=expected_version,
        source=source,
        **fields,
    )
    return saved, conversion.notes
