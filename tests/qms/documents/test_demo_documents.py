"""The document-control demo: realistic, consistent, idempotent."""

import datetime
import io

import pytest

from qms.documents import demo as demo_documents
from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    RevisionAttachment,
)
from qms.documents.selectors import document_timeline, revisions_in_force_on
from qms.documents.services import documents_verify
from qms.organisation import demo

pytestmark = pytest.mark.django_db


def test_demo_documents_load_twice():
    out = io.StringIO()
    demo.load(stdout=out)
    demo_documents.load(stdout=out)
    counts = (
        ControlledDocument.objects.count(),
        DocumentRevision.objects.count(),
        LegalText.objects.count(),
        DocumentRevision.history.count(),
    )
    demo_documents.load(stdout=out)
    assert counts == (
        ControlledDocument.objects.count(),
        DocumentRevision.objects.count(),
        LegalText.objects.count(),
        DocumentRevision.history.count(),
    )
    assert counts[0] == 11
    assert documents_verify() == []
    in_force = revisions_in_force_on(datetime.date(2022, 9, 29))
    assert in_force.count() == 11
    birth = in_force.get(document__code="QT 05/HT")
    assert (birth.issue_number, birth.revision_number) == (2, 0)
    # Three people signed every approved revision.
    for revision in DocumentRevision.objects.exclude(status=RevisionStatus.SUBMITTED):
        people = {
            revision.drafted_by_id,
            revision.reviewed_by_id,
            revision.approved_by_id,
        }
        assert len(people) == 3
    # The birth process was sent back once before approval: the trace shows it.
    reasons = birth.history.values_list("history_change_reason", flat=True)
    assert any(reason.startswith("Trả lại") for reason in reasons)
    # QT 07/HT never absorbed Nghị định 107/2021: still flagged.
    death = ControlledDocument.objects.get(code="QT 07/HT")
    assert death.update_required_by == datetime.date(2022, 4, 20)
    assert ControlledDocument.objects.get(code="QT 05/HT").update_required_by is None
    waiting = DocumentRevision.objects.get(status=RevisionStatus.SUBMITTED)
    assert waiting.document.code == "QT 09/TP"


def test_demo_history_ends_in_the_state_each_revision_is_in():
    """The newest history row of every revision in force says "in force".

    A save replayed without its historical date used to be dated today, after
    the approval, so the birth process's trace read "Đang hiệu lực → Dự thảo,
    SHA-256 → —" beside a table saying it is in force (issue 12).
    """
    demo.load(stdout=io.StringIO())
    demo_documents.load(stdout=io.StringIO())
    in_force = list(DocumentRevision.objects.filter(status=RevisionStatus.IN_FORCE))
    assert len(in_force) == 11
    for revision in in_force:
        newest = revision.history.order_by("-history_date", "-history_id").first()
        assert newest.status == RevisionStatus.IN_FORCE, revision
        assert newest.content_sha256 == revision.content_sha256, revision
        entries = [
            e
            for e in document_timeline(revision.document)
            if e.subject == revision.label
        ]
        status_label = "Trạng thái"
        newest_status = next(
            new for label, _old, new in entries[0].changes if label == status_label
        )
        assert newest_status == "Đang hiệu lực", (revision, entries[0])
    # Nothing of the replayed past is dated after the demo's last event.
    birth = DocumentRevision.objects.get(
        document__code="QT 05/HT", status=RevisionStatus.IN_FORCE
    )
    dates = birth.history.values_list("history_date", flat=True)
    assert max(dates).date() <= birth.effective_date
    attachment_dates = RevisionAttachment.history.values_list("history_date", flat=True)
    assert max(attachment_dates).year <= 2022
