"""Every write of document control that carries a business rule.

Keyword-only, typed, atomic. Each service checks the user's permission and the
current state, refuses with a ``ValidationError`` in Vietnamese and changes
nothing when the transition is not allowed, and sets the simple-history change
reason (and, when ``at`` is given, the history date) so that the trace page
says who did what and why. Views, management commands and the demo call these;
nothing else changes a revision's status.
"""

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

#: Decision 19/2014/QĐ-TTg: legal changes built into processes within 3 months.
LEGAL_UPDATE_MONTHS = 3

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

IN_PROGRESS = (
    RevisionStatus.DRAFT,
    RevisionStatus.SUBMITTED,
    RevisionStatus.REVIEWED,
)


class EditConflict(ValidationError):
    """Someone else saved the draft after it was opened: nothing was written."""


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


# --- hashing ---------------------------------------------------------------


def revision_content_hash(revision: DocumentRevision) -> str:
    """SHA-256 over the approved content and the previous revision's hash.

    Covers what the controlled copy shows: numbers, dates, body, revision log,
    the three signatories, attachment hashes, and ``previous_sha256`` (the
    chain). ``verify_documents`` recomputes it.
    """
    approved_at = revision.approved_at
    payload = {
        "document": revision.document_id,
        "issue": revision.issue_number,
        "revision": revision.revision_number,
        "effective_date": revision.effective_date.isoformat()
        if revision.effective_date
        else None,
        "body": revision.body,
        "change_what": revision.change_what,
        "change_where": revision.change_where,
        "change_why": revision.change_why,
        "drafted_by": revision.drafted_by_id,
        "reviewed_by": revision.reviewed_by_id,
        "approved_by": revision.approved_by_id,
        "approved_at": approved_at.astimezone(datetime.UTC).isoformat()
        if approved_at
        else None,
        "attachments": sorted([a.title, a.sha256] for a in revision.attachments.all()),
        "previous": revision.previous_sha256,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def file_sha256(file) -> str:
    """SHA-256 of a file object, read in chunks, rewound afterwards."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


# --- drafting --------------------------------------------------------------


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
) -> DocumentRevision:
    """Start a new revision of ``document``; at most one in progress at a time.

    Numbers default to the next revision of the latest issue, and the body to
    the latest revision's body, so a small change starts from the text in force.
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
    save_with_history(
        revision, user=user, reason=_("Tạo dự thảo: %s") % change_why, at=at
    )
    return revision


@transaction.atomic
def revision_save_draft(
    *,
    revision: DocumentRevision,
    user,
    expected_version: int,
    **fields,
) -> DocumentRevision:
    """Save a draft if nobody saved it since ``expected_version`` was read.

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
    save_with_history(current, user=user, reason=_("Sửa dự thảo"))
    return current


def _last_editor(revision: DocumentRevision) -> str:
    row = revision.history.select_related("history_user").first()
    if row and row.history_user:
        return row.history_user.get_full_name() or row.history_user.username
    return _("người khác")


@transaction.atomic
def attachment_add(
    *,
    revision: DocumentRevision,
    user,
    title: str,
    uploaded_file: UploadedFile,
) -> RevisionAttachment:
    """Attach a file (form template) to a draft, storing its SHA-256."""
    require_perm(user, PERM_CHANGE)
    current = _locked(revision)
    _expect_status(current, RevisionStatus.DRAFT, action=_("đính kèm tệp"))
    if not title.strip():
        raise ValidationError({"title": _("Nhập tên tệp đính kèm.")})
    attachment = RevisionAttachment(
        revision=current,
        title=title.strip(),
        sha256=file_sha256(uploaded_file),
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(uploaded_file.name, uploaded_file, save=False)
    save_with_history(attachment, user=user, reason=_("Đính kèm tệp %s") % title)
    return attachment


# --- workflow --------------------------------------------------------------


@transaction.atomic
def revision_submit(
    *, revision: DocumentRevision, user, at: datetime.datetime | None = None
) -> DocumentRevision:
    """draft → submitted: the draft is complete and goes to a reviewer."""
    require_perm(user, PERM_CHANGE)
    current = _locked(revision)
    _expect_status(current, RevisionStatus.DRAFT, action=_("trình xem xét"))
    errors = {}
    if current.effective_date is None:
        errors["effective_date"] = _("Nhập ngày hiệu lực trước khi trình.")
    if not current.body.strip():
        errors["body"] = _("Nội dung tài liệu đang trống.")
    if errors:
        raise ValidationError(errors)
    current.status = RevisionStatus.SUBMITTED
    current.submitted_at = _now(at)
    current.reject_comment = ""
    current.version += 1
    save_with_history(current, user=user, reason=_("Trình xem xét"), at=at)
    return current


@transaction.atomic
def revision_review(
    *, revision: DocumentRevision, user, at: datetime.datetime | None = None
) -> DocumentRevision:
    """submitted → reviewed, by someone other than the drafter."""
    require_perm(user, PERM_REVIEW)
    current = _locked(revision)
    _expect_status(current, RevisionStatus.SUBMITTED, action=_("xem xét"))
    if user.pk in revision_authors(current):
        raise ValidationError(
            _(
                "Người soạn thảo (kể cả người đã sửa hoặc trình dự thảo) không "
                "được tự xem xét tài liệu của mình."
            )
        )
    current.status = RevisionStatus.REVIEWED
    current.reviewed_by = user
    current.reviewed_at = _now(at)
    current.version += 1
    save_with_history(current, user=user, reason=_("Xem xét: đạt"), at=at)
    return current


@transaction.atomic
def revision_reject(
    *,
    revision: DocumentRevision,
    user,
    comment: str,
    at: datetime.datetime | None = None,
) -> DocumentRevision:
    """submitted or reviewed → draft, with the reviewer's or approver's comment."""
    if not (user.has_perm(PERM_REVIEW) or user.has_perm(PERM_APPROVE)):
        raise PermissionDenied(_("Bạn không có quyền trả lại tài liệu."))
    current = _locked(revision)
    _expect_status(
        current,
        RevisionStatus.SUBMITTED,
        RevisionStatus.REVIEWED,
        action=_("trả lại"),
    )
    if not comment.strip():
        raise ValidationError({"comment": _("Ghi rõ lý do trả lại.")})
    current.status = RevisionStatus.DRAFT
    current.reject_comment = comment.strip()
    current.submitted_at = None
    current.reviewed_by = None
    current.reviewed_at = None
    current.version += 1
    save_with_history(
        current, user=user, reason=_("Trả lại: %s") % comment.strip(), at=at
    )
    return current


def _predecessor(revision: DocumentRevision) -> DocumentRevision | None:
    """The approved revision still open-ended that this one will replace."""
    return (
        DocumentRevision.objects.select_for_update()
        .filter(
            document_id=revision.document_id,
            status__in=(RevisionStatus.APPROVED, RevisionStatus.IN_FORCE),
            ended_on__isnull=True,
        )
        .exclude(pk=revision.pk)
        .order_by("-effective_date")
        .first()
    )


def _last_hash(revision: DocumentRevision) -> str:
    previous = (
        DocumentRevision.objects.filter(
            document_id=revision.document_id, status__in=APPROVED_STATUSES
        )
        .exclude(pk=revision.pk)
        .order_by("-approved_at", "-pk")
        .values_list("content_sha256", flat=True)
        .first()
    )
    return previous or ""


@transaction.atomic
def revision_approve(
    *, revision: DocumentRevision, user, at: datetime.datetime | None = None
) -> DocumentRevision:
    """reviewed → approved, by a third person; freezes and hashes the content.

    The previous revision in force is scheduled to end on this revision's
    effective date; if that date has come, the new one comes into force now.
    """
    require_perm(user, PERM_APPROVE)
    current = _locked(revision)
    _expect_status(current, RevisionStatus.REVIEWED, action=_("phê duyệt"))
    if user.pk == current.reviewed_by_id or user.pk in revision_authors(current):
        raise ValidationError(
            _(
                "Người phê duyệt phải khác người soạn thảo và người xem xét "
                "(không tự phê duyệt)."
            )
        )
    moment = _now(at)
    if current.effective_date < _local_date(moment):
        raise ValidationError(
            {
                "effective_date": _(
                    "Ngày hiệu lực %(day)s đã qua: trả lại dự thảo để sửa ngày."
                )
                % {"day": current.effective_date.strftime("%d/%m/%Y")}
            }
        )
    predecessor = _predecessor(current)
    if predecessor and predecessor.effective_date >= current.effective_date:
        raise ValidationError(
            {
                "effective_date": _(
                    "Ngày hiệu lực phải sau ngày hiệu lực của %(label)s (%(day)s)."
                )
                % {
                    "label": predecessor.label,
                    "day": predecessor.effective_date.strftime("%d/%m/%Y"),
                }
            }
        )
    current.status = RevisionStatus.APPROVED
    current.approved_by = user
    current.approved_at = moment
    current.previous_sha256 = _last_hash(current)
    current.content_sha256 = revision_content_hash(current)
    current.version += 1
    save_with_history(current, user=user, reason=_("Phê duyệt ban hành"), at=at)
    if predecessor:
        predecessor.ended_on = current.effective_date
        save_with_history(
            predecessor,
            user=user,
            reason=_("Sẽ được thay thế bởi %s từ %s")
            % (current.label, current.effective_date.strftime("%d/%m/%Y")),
            at=at,
        )
    revisions_activate_due(today=_local_date(moment), user=user, at=at)
    current.refresh_from_db()
    return current


@transaction.atomic
def revisions_activate_due(
    *, today: datetime.date, user=None, at: datetime.datetime | None = None
) -> list[DocumentRevision]:
    """Approved revisions whose effective date has come go into force.

    The one they replace becomes superseded. Idempotent; run by the services on
    approval and by ``send_reminders``/``activate_revisions`` each day.
    """
    activated = []
    due = (
        DocumentRevision.objects.select_for_update()
        .filter(status=RevisionStatus.APPROVED, effective_date__lte=today)
        .select_related("document")
        .order_by("effective_date", "pk")
    )
    for revision in due:
        for old in DocumentRevision.objects.filter(
            document_id=revision.document_id, status=RevisionStatus.IN_FORCE
        ):
            old.status = RevisionStatus.SUPERSEDED
            if old.ended_on is None:
                old.ended_on = revision.effective_date
            save_with_history(
                old, user=user, reason=_("Được thay thế bởi %s") % revision.label, at=at
            )
        if revision.ended_on is not None and revision.ended_on <= today:
            # Already replaced by a later approved revision before it started.
            revision.status = RevisionStatus.SUPERSEDED
            reason = _("Đã bị thay thế trước khi có hiệu lực")
        else:
            revision.status = RevisionStatus.IN_FORCE
            reason = _("Có hiệu lực từ %s") % revision.effective_date.strftime(
                "%d/%m/%Y"
            )
        save_with_history(revision, user=user, reason=reason, at=at)
        document = revision.document
        document.last_reviewed_on = revision.effective_date
        if document.update_required_by and revision.status == RevisionStatus.IN_FORCE:
            document.update_required_by = None
            document.update_reason = ""
        save_with_history(document, user=user, reason=reason, at=at)
        activated.append(revision)
    return activated


@transaction.atomic
def revision_make_obsolete(
    *,
    revision: DocumentRevision,
    user,
    reason: str,
    on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> DocumentRevision:
    """Withdraw the revision in force (the document is no longer used)."""
    require_perm(user, PERM_APPROVE)
    current = _locked(revision)
    _expect_status(
        current,
        RevisionStatus.IN_FORCE,
        RevisionStatus.APPROVED,
        action=_("hủy bỏ"),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi rõ lý do hủy bỏ.")})
    day = on or _local_date(_now(at))
    if day < current.effective_date:
        raise ValidationError(
            {"on": _("Ngày hết hiệu lực không được trước ngày hiệu lực.")}
        )
    current.status = RevisionStatus.OBSOLETE
    current.ended_on = day
    current.version += 1
    save_with_history(
        current, user=user, reason=_("Hủy bỏ: %s") % reason.strip(), at=at
    )
    return current


def revision_authors(revision: DocumentRevision) -> set[int]:
    """Ids of everyone who wrote this revision's content: drafter, editors, submitter.

    Read from the revision's history: rows that leave it a draft or submitted,
    except the rejection that sends it back (that is the reviewer's act). The
    independence rule holds against all of them, not only ``drafted_by``.
    """
    authors = {revision.drafted_by_id}
    previous = None
    rows = revision.history.order_by("history_date", "history_id").values_list(
        "status", "history_user_id"
    )
    for status, history_user_id in rows:
        rejected = status == RevisionStatus.DRAFT and previous in (
            RevisionStatus.SUBMITTED,
            RevisionStatus.REVIEWED,
        )
        if status in (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED) and not rejected:
            authors.add(history_user_id)
        previous = status
    authors.discard(None)
    return authors


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


# --- keeping it current ----------------------------------------------------


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


# --- tamper evidence -------------------------------------------------------


@dataclass(frozen=True)
class TamperFinding:
    """One revision whose stored content no longer matches its hash chain."""

    revision_id: int
    label: str
    problem: str


def documents_verify(
    documents: Iterable[ControlledDocument] | None = None,
) -> list[TamperFinding]:
    """Recompute every approved revision's hash and the chain between them."""
    revisions = (
        DocumentRevision.objects.filter(status__in=APPROVED_STATUSES)
        .select_related("document")
        .prefetch_related("attachments")
        .order_by("document_id", "approved_at", "pk")
    )
    if documents is not None:
        revisions = revisions.filter(document__in=list(documents))
    findings = []
    previous_by_document: dict[int, str] = {}
    for revision in revisions:
        label = f"{revision.document.code} {revision.label} (id {revision.pk})"
        expected_previous = previous_by_document.get(revision.document_id, "")
        if revision.previous_sha256 != expected_previous:
            findings.append(
                TamperFinding(
                    revision.pk, label, _("chuỗi băm bị đứt (mã băm lần trước)")
                )
            )
        if revision_content_hash(revision) != revision.content_sha256:
            findings.append(
                TamperFinding(
                    revision.pk, label, _("nội dung không khớp mã băm đã lưu")
                )
            )
        for attachment in revision.attachments.all():
            try:
                with attachment.file.open("rb") as handle:
                    actual = file_sha256(handle)
            except OSError:
                actual = ""
            if actual != attachment.sha256:
                findings.append(
                    TamperFinding(
                        revision.pk,
                        label,
                        _("tệp đính kèm “%s” bị thay đổi hoặc mất") % attachment.title,
                    )
                )
        previous_by_document[revision.document_id] = revision.content_sha256
    return findings
