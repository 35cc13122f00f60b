"""A revision's life after drafting: submit, review, reject, approve, withdraw.

Approval schedules the revision in force to end; ``revisions_activate_due``
brings approved revisions into force on their effective date. The independence
rule (no one reviews or approves what they wrote) reads ``revision_authors``.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import APPROVED_STATUSES, DocumentRevision
from qms.documents.services.base import (
    PERM_APPROVE,
    PERM_CHANGE,
    PERM_REVIEW,
    _expect_status,
    _local_date,
    _locked,
    _now,
)
from qms.documents.services.integrity import revision_content_hash
from qms.history import save_with_history
from qms.permissions import require_perm


def _notify(name: str, revision: DocumentRevision, at, by=None) -> None:
    """Mail who must act next (``qms.documents.notices``), for live changes only.

    Replaying history (``at`` given: the demo, imports of past records) mails
    nobody. Imported here, not at the top: the notices read the eligibility
    rules, which import these services.
    """
    if at is not None:
        return
    from qms.documents import notices  # noqa: PLC0415

    getattr(notices, name)(revision, by=by)


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
    _notify("notify_submitted", current, at, user)
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
    _notify("notify_reviewed", current, at, user)
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
    _notify("notify_rejected", current, at, user)
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
    _notify("notify_approved", current, at, user)
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
        if revision.status == RevisionStatus.IN_FORCE:
            _notify("notify_in_force", revision, at, user)
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
    return revisions_authors([revision])[revision.pk]


def revisions_authors(revisions: Iterable[DocumentRevision]) -> dict[int, set[int]]:
    """``revision_authors`` of many revisions in one query (queues, mail lists)."""
    authors = {revision.pk: {revision.drafted_by_id} for revision in revisions}
    previous: dict[int, str | None] = {}
    rows = (
        DocumentRevision.history.filter(id__in=authors)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status", "history_user_id")
    )
    for pk, status, history_user_id in rows:
        rejected = status == RevisionStatus.DRAFT and previous.get(pk) in (
            RevisionStatus.SUBMITTED,
            RevisionStatus.REVIEWED,
        )
        if status in (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED) and not rejected:
            authors[pk].add(history_user_id)
        previous[pk] = status
    for ids in authors.values():
        ids.discard(None)
    return authors
