"""Mails of the document workflow: who hears of a submit, review, rejection,
approval, coming into force.

The workflow services call these at the end of a live transition (not when
replaying history with ``at=``). Each event has its own key, so the same
transition never mails the same person twice: a submission is keyed by the
revision's ``version`` after it (a rejected, corrected and resubmitted draft
is a new event), coming into force by the revision alone (the daily
``activate_revisions`` timer may see it again).
"""

from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision
from qms.documents.queue import (
    eligible_approvers,
    eligible_reviewers,
    revision_readers,
)
from qms.notices.services import (
    Message,
    Recipient,
    absolute_url,
    format_day,
    notices_record,
    recipient_for,
)
from qms.organisation.people import person_name


def _rows(revision: DocumentRevision) -> list[tuple[str, str]]:
    document = revision.document
    return [
        (_("Tài liệu"), f"{document.code} – {document.title}"),
        (_("Lần ban hành"), revision.label),
        (_("Nội dung sửa đổi"), revision.change_what),
        (_("Ngày hiệu lực"), format_day(revision.effective_date)),
    ]


def _link(revision: DocumentRevision) -> str:
    return absolute_url("qms_documents:revision", revision.pk)


def _name(revision: DocumentRevision) -> str:
    return f"{revision.document.code} {revision.label}"


def notify_submitted(revision: DocumentRevision, *, by) -> None:
    """To every reviewer who may review it (not its authors, in scope)."""

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Tài liệu chờ xem xét: %s") % _name(revision),
            intro=_(
                "%(who)s đã trình xem xét dự thảo dưới đây (người soạn thảo: "
                "%(drafter)s)."
            )
            % {"who": person_name(by), "drafter": person_name(revision.drafted_by)},
            rows=[*_rows(revision), (_("Lý do sửa đổi"), revision.change_why)],
            link_url=_link(revision),
            link_label=_("Mở để xem xét"),
        )

    notices_record(
        key=f"revision:{revision.pk}:submitted:{revision.version}",
        recipients=[recipient_for(u) for u in eligible_reviewers(revision)],
        build=build,
    )


def notify_reviewed(revision: DocumentRevision, *, by) -> None:
    """To every approver who may approve it (a third person, in scope)."""

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Tài liệu chờ phê duyệt: %s") % _name(revision),
            intro=_("%(who)s đã xem xét dự thảo dưới đây; dự thảo chờ phê duyệt.")
            % {"who": person_name(by)},
            rows=_rows(revision),
            link_url=_link(revision),
            link_label=_("Mở để phê duyệt"),
        )

    notices_record(
        key=f"revision:{revision.pk}:reviewed:{revision.version}",
        recipients=[recipient_for(u) for u in eligible_approvers(revision)],
        build=build,
    )


def notify_approved(revision: DocumentRevision, *, by) -> None:
    """To the drafter: their draft is approved and when it takes effect."""

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Tài liệu đã được phê duyệt: %s") % _name(revision),
            intro=_("%(who)s đã phê duyệt bản do bạn soạn thảo.")
            % {"who": person_name(by)},
            rows=_rows(revision),
            link_url=_link(revision),
            link_label=_("Xem lần ban hành"),
        )

    notices_record(
        key=f"revision:{revision.pk}:approved",
        recipients=[recipient_for(revision.drafted_by)],
        build=build,
    )


def notify_in_force(revision: DocumentRevision, *, by=None) -> None:
    """To the staff who must read it: the owning unit's members not yet confirmed."""

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Tài liệu mới có hiệu lực, đề nghị đọc: %s") % _name(revision),
            intro=_(
                "Lần ban hành dưới đây đã có hiệu lực. Đề nghị đọc và bấm "
                "“Tôi đã đọc” để xác nhận."
            ),
            rows=_rows(revision),
            link_url=_link(revision),
            link_label=_("Đọc và xác nhận"),
        )

    notices_record(
        key=f"revision:{revision.pk}:in_force",
        recipients=[recipient_for(u) for u in revision_readers(revision)],
        build=build,
    )


def notify_in_force_digest(revisions: list[DocumentRevision], *, key: str) -> None:
    """One mail per reader for a batch that came into force together (an import
    of an existing document set): the reader's documents listed, instead of a
    mail per document. ``key`` names the batch, so a re-run mails nobody twice.
    """
    in_force = [r for r in revisions if r.status == RevisionStatus.IN_FORCE]
    to_read: dict[int, list[DocumentRevision]] = {}
    readers = {}
    for revision in in_force:
        for user in revision_readers(revision):
            readers[user.pk] = user
            to_read.setdefault(user.pk, []).append(revision)

    def build(recipient: Recipient) -> Message:
        mine = to_read[recipient.user.pk]
        return Message(
            subject=_("%(count)s tài liệu mới có hiệu lực, đề nghị đọc")
            % {"count": len(mine)},
            intro=_(
                "Các tài liệu dưới đây đã được nhập vào hệ thống và đang có hiệu "
                "lực. Đề nghị đọc từng tài liệu và bấm “Tôi đã đọc” để xác nhận."
            ),
            lines=[f"{_name(r)} – {r.document.title}: {_link(r)}" for r in mine],
            link_url=absolute_url("qms_documents:dashboard"),
            link_label=_("Mở danh mục tài liệu"),
        )

    notices_record(
        key=key,
        recipients=[recipient_for(user) for user in readers.values()],
        build=build,
    )


def notify_rejected(revision: DocumentRevision, *, by) -> None:
    """To the drafter: the draft came back, with the reason, to be corrected."""

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Dự thảo bị trả lại: %s") % _name(revision),
            intro=_("%(who)s đã trả lại dự thảo do bạn soạn thảo để sửa.")
            % {"who": person_name(by)},
            rows=[*_rows(revision), (_("Ý kiến trả lại"), revision.reject_comment)],
            link_url=_link(revision),
            link_label=_("Mở để sửa dự thảo"),
        )

    notices_record(
        key=f"revision:{revision.pk}:rejected:{revision.version}",
        recipients=[recipient_for(revision.drafted_by)],
        build=build,
    )
