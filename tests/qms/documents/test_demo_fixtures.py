"""The document demo produces exactly the register in ``demo_register.json``.

The snapshot was generated from the demo as it stood before its content moved
to ``fixtures/documents/``; this test guards that move and any later edit of
the fixture files: a changed word in a body shows up as a failing diff.

Normalised, because they legitimately differ between runs: database ids (rows
are identified by code, number and issue instead), the random suffix the file
storage adds to an attachment whose name is already taken, and "now" (time is
frozen, so timestamps that come from the clock are stable).

To regenerate after an intended change to the demo content::

    UPDATE_DEMO_SNAPSHOT=1 pytest tests/qms/documents/test_demo_fixtures.py
"""

import datetime
import io
import json
import os
import re
from pathlib import Path

import pytest
import time_machine

from qms.documents import demo as demo_documents
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
)
from qms.documents.services import documents_verify
from qms.organisation import demo

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).with_name("demo_register.json")
NOW = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _who(user) -> str | None:
    return user.username if user else None


def _history(obj) -> list[list]:
    return [
        [
            h.history_type,
            h.history_change_reason,
            _who(h.history_user),
            _when(h.history_date),
        ]
        for h in obj.history.order_by("history_date", "history_id")
    ]


def _attachment(attachment: RevisionAttachment) -> dict:
    name = Path(attachment.file.name).name
    # FileSystemStorage appends "_xxxxxxx" when the name exists already.
    name = re.sub(r"_[A-Za-z0-9]{7}(\.[^.]+)$", r"\1", name)
    return {
        "title": attachment.title,
        "file": name,
        "sha256": attachment.sha256,
        "size": attachment.size,
        "content": attachment.file.open("rb").read().decode("utf-8"),
        "uploaded_by": _who(attachment.uploaded_by),
        "history": [
            [h.history_type, h.history_change_reason, _who(h.history_user)]
            for h in attachment.history.order_by("history_date", "history_id")
        ],
    }


def _revision(revision: DocumentRevision) -> dict:
    return {
        "issue": revision.issue_number,
        "revision": revision.revision_number,
        "status": revision.status,
        "effective_date": _when(revision.effective_date),
        "ended_on": _when(revision.ended_on),
        "change_what": revision.change_what,
        "change_where": revision.change_where,
        "change_why": revision.change_why,
        "drafted_by": _who(revision.drafted_by),
        "drafted_at": _when(revision.drafted_at),
        "submitted_at": _when(revision.submitted_at),
        "reviewed_by": _who(revision.reviewed_by),
        "reviewed_at": _when(revision.reviewed_at),
        "approved_by": _who(revision.approved_by),
        "approved_at": _when(revision.approved_at),
        "reject_comment": revision.reject_comment,
        "version": revision.version,
        "body": revision.body,
        "attachments": [_attachment(a) for a in revision.attachments.all()],
        "acknowledged_by": sorted(
            a.user.username
            for a in ReadAcknowledgement.objects.filter(revision=revision)
        ),
        "history": _history(revision),
    }


def _document(document: ControlledDocument) -> dict:
    unit = document.owning_unit
    return {
        "code": document.code,
        "title": document.title,
        "doc_type": document.doc_type,
        "unit": [unit.code, unit.level, _when(unit.valid_to)],
        "owner": _who(document.owner),
        "procedure_codes": document.procedure_codes,
        "legal_bases": sorted(t.number for t in document.legal_bases.all()),
        "review_interval_months": document.review_interval_months,
        "last_reviewed_on": _when(document.last_reviewed_on),
        "update_required_by": _when(document.update_required_by),
        "update_reason": document.update_reason,
        "history": _history(document),
        "revisions": [
            _revision(r)
            for r in document.revisions.order_by("issue_number", "revision_number")
        ],
    }


def _legal_text(text: LegalText) -> dict:
    return {
        "number": text.number,
        "title": text.title,
        "issuing_body": text.issuing_body,
        "issued_on": _when(text.issued_on),
        "effective_on": _when(text.effective_on),
        "amended_by": text.amended_by.number if text.amended_by else None,
        "replaced_by": text.replaced_by.number if text.replaced_by else None,
        "history": _history(text),
    }


def register() -> dict:
    """The whole document register as plain data, free of database ids."""
    return {
        "legal_texts": [_legal_text(t) for t in LegalText.objects.order_by("number")],
        "documents": [
            _document(d) for d in ControlledDocument.objects.order_by("code")
        ],
    }


def test_demo_register_matches_snapshot():
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        demo.load(stdout=io.StringIO())
        demo_documents.load(stdout=out)
        first = register()
        # Idempotent: a second run changes nothing.
        demo_documents.load(stdout=io.StringIO())
        assert register() == first
    first["stdout"] = out.getvalue()
    if os.environ.get("UPDATE_DEMO_SNAPSHOT"):
        SNAPSHOT.write_text(
            json.dumps(first, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert first["stdout"] == expected["stdout"]
    assert first["legal_texts"] == expected["legal_texts"]
    assert [d["code"] for d in first["documents"]] == [
        d["code"] for d in expected["documents"]
    ]
    for got, want in zip(first["documents"], expected["documents"], strict=True):
        for revision in want["revisions"]:
            # The hashes cover database ids (document, signatories), which a
            # reused test database numbers differently; the chain is verified.
            revision.pop("content_sha256", None)
            revision.pop("previous_sha256", None)
        assert got == want, got["code"]
    assert documents_verify() == []
