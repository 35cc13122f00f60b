"""Tamper evidence: content hashes, the hash chain and its verification."""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qms.documents.models import APPROVED_STATUSES, ControlledDocument, DocumentRevision


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


@dataclass(frozen=True)
class RegisterHead:
    """The head of the document register's hash chains, at one moment.

    ``digest`` is the SHA-256 over every document's latest approved
    ``content_sha256`` (ordered by document id): each chain's head covers its
    whole history, so this one value covers the register. Printed in each
    signed review pack and by ``verify_documents``, it anchors the chains
    outside the database: a rewritten history gives another head.
    """

    digest: str
    documents: int
    revisions: int


def register_head() -> RegisterHead:
    """The register's head now (two queries, whatever the register's size)."""
    approved = DocumentRevision.objects.filter(status__in=APPROVED_STATUSES).exclude(
        content_sha256=""
    )
    heads: dict[int, str] = {}
    for document_id, digest in approved.order_by(
        "document_id", "approved_at", "pk"
    ).values_list("document_id", "content_sha256"):
        heads[document_id] = digest
    canonical = "\n".join(f"{pk}:{digest}" for pk, digest in sorted(heads.items()))
    return RegisterHead(
        digest=hashlib.sha256(canonical.encode("ascii")).hexdigest(),
        documents=len(heads),
        revisions=approved.count(),
    )
