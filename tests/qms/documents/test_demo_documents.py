"""The document-control demo: realistic, consistent, idempotent."""

import datetime
import io

import pytest

from qms.documents import demo as demo_documents
from qms.documents.choices import RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.documents.selectors import revisions_in_force_on
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
