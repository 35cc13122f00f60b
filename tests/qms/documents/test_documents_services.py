"""Workflow services: transitions, independence of people, locking, hashing."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from qms.documents import services
from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision, LegalText
from qms.documents.selectors import revisions_in_force_on
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        yield


def test_full_workflow_brings_revision_into_force(
    document, document_controller, approver, second_approver
):
    revision = approved(document, document_controller, approver, second_approver)
    assert revision.status == RevisionStatus.IN_FORCE
    assert revision.reviewed_by == approver
    assert revision.approved_by == second_approver
    assert len(revision.content_sha256) == 64
    assert revision.previous_sha256 == ""
    document.refresh_from_db()
    assert document.last_reviewed_on == TODAY
    reasons = list(revision.history.values_list("history_change_reason", flat=True))
    assert "Phê duyệt ban hành" in reasons
    assert "Trình xem xét" in reasons


def test_self_review_refused_and_nothing_changes(document, approver, second_approver):
    # An approver who drafts may not review their own draft.
    approver.groups.add(*document.owner.groups.all())
    revision = draft(document, approver)
    services.revision_submit(revision=revision, user=approver)
    before = DocumentRevision.objects.get(pk=revision.pk)
    with pytest.raises(ValidationError, match="tự xem xét"):
        services.revision_review(revision=revision, user=approver)
    after = DocumentRevision.objects.get(pk=revision.pk)
    assert after.status == RevisionStatus.SUBMITTED
    assert after.reviewed_by is None
    assert after.version == before.version


def test_reviewer_cannot_also_approve(document, document_controller, approver):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_review(revision=revision, user=approver)
    with pytest.raises(ValidationError, match="không tự phê duyệt"):
        services.revision_approve(revision=revision, user=approver)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REVIEWED
    assert revision.approved_by is None
    assert revision.content_sha256 == ""


def test_database_refuses_self_approval_even_without_services(
    document, document_controller
):
    revision = draft(document, document_controller)
    revision.reviewed_by = document_controller
    with pytest.raises(IntegrityError), transaction.atomic():
        revision.save()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", RevisionStatus.DRAFT),
        ("review", RevisionStatus.DRAFT),
        ("submit", RevisionStatus.SUBMITTED),
    ],
)
def test_invalid_transition_refused(
    document, document_controller, approver, second_approver, action, status
):
    revision = draft(document, document_controller)
    if status == RevisionStatus.SUBMITTED:
        services.revision_submit(revision=revision, user=document_controller)
    user = {"approve": second_approver, "review": approver}.get(
        action, document_controller
    )
    with pytest.raises(ValidationError, match="Không thể"):
        getattr(services, f"revision_{action}")(revision=revision, user=user)
    revision.refresh_from_db()
    assert revision.status == status


def test_permissions_enforced_in_services(
    document, document_controller, iso_reviewer, inspector
):
    revision = draft(document, document_controller)
    with pytest.raises(PermissionDenied):
        services.revision_submit(revision=revision, user=iso_reviewer)
    services.revision_submit(revision=revision, user=document_controller)
    with pytest.raises(PermissionDenied):
        services.revision_review(revision=revision, user=inspector)
    with pytest.raises(PermissionDenied):
        services.revision_review(revision=revision, user=document_controller)


def test_reject_returns_to_draft_with_comment(document, document_controller, approver):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    with pytest.raises(ValidationError):
        services.revision_reject(revision=revision, user=approver, comment="  ")
    services.revision_reject(
        revision=revision, user=approver, comment="Thiếu bước thẩm định"
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT
    assert revision.reject_comment == "Thiếu bước thẩm định"
    assert revision.history.first().history_change_reason.endswith(
        "Thiếu bước thẩm định"
    )


def test_change_log_required(document, document_controller):
    with pytest.raises(ValidationError) as error:
        services.revision_create_draft(
            document=document,
            user=document_controller,
            change_what="",
            change_where="Mục 5",
            change_why="",
        )
    assert set(error.value.message_dict) == {"change_what", "change_why"}
    assert not document.revisions.exists()


def test_optimistic_locking_second_saver_is_told(document, document_controller):
    revision = draft(document, document_controller)
    version = revision.version
    services.revision_save_draft(
        revision=revision,
        user=document_controller,
        expected_version=version,
        body="Bản của người thứ nhất",
    )
    with pytest.raises(services.EditConflict, match="chưa được lưu"):
        services.revision_save_draft(
            revision=revision,
            user=document_controller,
            expected_version=version,
            body="Bản của người thứ hai",
        )
    revision.refresh_from_db()
    assert revision.body == "Bản của người thứ nhất"
    assert revision.version == version + 1


def test_approved_revision_cannot_be_edited(
    document, document_controller, approver, second_approver
):
    revision = approved(document, document_controller, approver, second_approver)
    with pytest.raises(ValidationError, match="Không thể sửa dự thảo"):
        services.revision_save_draft(
            revision=revision,
            user=document_controller,
            expected_version=revision.version,
            body="Sửa lén",
        )


def test_new_revision_supersedes_on_its_effective_date(
    document, document_controller, approver, second_approver
):
    first = approved(document, document_controller, approver, second_approver)
    later = datetime.date(2026, 4, 1)
    second = approved(
        document,
        document_controller,
        approver,
        second_approver,
        effective=later,
        change_what="Rút ngắn thời hạn",
        change_where="Mục 5.2",
        change_why="Nghị định mới",
    )
    assert second.status == RevisionStatus.APPROVED
    assert second.previous_sha256 == first.content_sha256
    first.refresh_from_db()
    assert first.status == RevisionStatus.IN_FORCE
    assert first.ended_on == later
    assert list(revisions_in_force_on(datetime.date(2026, 3, 31))) == [first]
    assert list(revisions_in_force_on(later)) == [second]
    with time_machine.travel(datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)):
        services.revisions_activate_due(today=later)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        RevisionStatus.SUPERSEDED,
        RevisionStatus.IN_FORCE,
    )


def test_effective_date_must_follow_previous(
    document, document_controller, approver, second_approver
):
    approved(document, document_controller, approver, second_approver)
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_review(revision=revision, user=approver)
    with pytest.raises(ValidationError, match="phải sau ngày hiệu lực"):
        services.revision_approve(revision=revision, user=second_approver)


def test_one_draft_at_a_time(document, document_controller):
    draft(document, document_controller)
    with pytest.raises(ValidationError, match="đang có một dự thảo"):
        draft(document, document_controller)


def test_obsolete(document, document_controller, approver, second_approver):
    revision = approved(document, document_controller, approver, second_approver)
    services.revision_make_obsolete(
        revision=revision, user=second_approver, reason="Thủ tục bị bãi bỏ"
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.OBSOLETE
    assert revision.ended_on == TODAY
    assert not revisions_in_force_on(TODAY).exists()
    assert revisions_in_force_on(TODAY - datetime.timedelta(days=1)).exists() is False


def test_attachment_hash_and_tamper_detection(
    document, document_controller, approver, second_approver
):
    revision = draft(document, document_controller)
    attachment = services.attachment_add(
        revision=revision,
        user=document_controller,
        title="BM 01 Tờ khai",
        uploaded_file=SimpleUploadedFile("bm01.txt", b"to khai"),
    )
    assert attachment.sha256 == hashlib.sha256(b"to khai").hexdigest()
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_review(revision=revision, user=approver)
    services.revision_approve(revision=revision, user=second_approver)
    assert services.documents_verify() == []
    DocumentRevision.objects.filter(pk=revision.pk).update(body="Sửa trong CSDL")
    findings = services.documents_verify()
    assert [f.revision_id for f in findings] == [revision.pk]
    assert "không khớp" in findings[0].problem


def test_legal_change_flags_citing_documents(document, document_controller):
    new = LegalText.objects.create(
        number="Nghị định 92/2017/NĐ-CP",
        title="Sửa đổi, bổ sung một số điều của các nghị định liên quan đến "
        "kiểm soát thủ tục hành chính",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2017, 8, 7),
        effective_on=datetime.date(2017, 9, 25),
    )
    flagged = services.legal_text_mark_changed(
        legal_text=document.legal_bases.get(),
        amended_by=new,
        user=document_controller,
    )
    assert flagged == [document]
    document.refresh_from_db()
    assert document.update_required_by == datetime.date(2017, 12, 25)
    assert "92/2017" in document.update_reason


def test_whoever_edited_the_draft_may_not_review_or_approve_it(
    document, document_controller, approver, second_approver
):
    # An approver who also edits someone else's draft is one of its authors.
    approver.groups.add(*document_controller.groups.all())
    revision = draft(document, document_controller)
    services.revision_save_draft(
        revision=revision,
        user=approver,
        expected_version=revision.version,
        body="Nội dung do lãnh đạo tự sửa",
    )
    services.revision_submit(revision=revision, user=document_controller)
    assert approver.pk in services.revision_authors(revision)
    with pytest.raises(ValidationError, match="tự xem xét"):
        services.revision_review(revision=revision, user=approver)
    services.revision_review(revision=revision, user=second_approver)
    revision.refresh_from_db()
    with pytest.raises(ValidationError, match="không tự phê duyệt"):
        services.revision_approve(revision=revision, user=approver)
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REVIEWED
    assert revision.approved_by is None


def test_a_rejecting_reviewer_may_review_the_resubmission(
    document, document_controller, approver
):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_reject(revision=revision, user=approver, comment="Bổ sung")
    revision.refresh_from_db()
    services.revision_submit(revision=revision, user=document_controller)
    assert approver.pk not in services.revision_authors(revision)
    services.revision_review(revision=revision, user=approver)
    revision.refresh_from_db()
    assert revision.reviewed_by == approver


def test_acknowledging_needs_the_permission(
    document, document_controller, approver, second_approver, iso_reviewer
):
    revision = approved(document, document_controller, approver, second_approver)
    with pytest.raises(PermissionDenied):
        services.acknowledge_read(revision=revision, user=iso_reviewer)
    assert not revision.acknowledgements.exists()
    services.acknowledge_read(revision=revision, user=document_controller)
    assert revision.acknowledgements.count() == 1
