"""Bulk import of an existing document set: Markdown files with YAML front matter.

Everything is read and validated first; problems are reported per file and
field; only when there is none are documents and revisions written, in one
transaction, through the workflow services (so the three-person rule, the
change log and the hash chain hold for imported revisions too). Any error while
writing rolls everything back.

Front matter::

    ---
    code: QT 02/HT-TP
    title: Quy trình đăng ký khai sinh
    type: process            # or the Vietnamese label "Quy trình"
    issue: 1
    revision: 0              # optional, default 0
    effective_date: 2022-01-15
    legal_bases: [Nghị định 63/2010/NĐ-CP]   # numbers already in the register
    procedure_codes: [1.001193]               # optional
    unit: 364.TP                              # optional, else --unit
    owner: kiemsoat                           # optional, else --user
    change: {what: ..., where: ..., why: ...} # optional for issue 1 revision 0
    drafted_by: kiemsoat                      # the three signatories: when all
    reviewed_by: pheduyet                     # three are given the revision is
    approved_by: xemxet                       # imported approved on approved_on
    approved_on: 2022-01-10
    attachments:                              # optional: files next to the .md
      - {title: Mẫu Giấy tiếp nhận, file: BM01-giay-tiep-nhan.txt}
    ---

Files and folders whose name starts with ``_`` are not documents (notes, a
draft kept for reference) and are not read. ``legal_texts.yaml`` (a list of
number, title, issuing_body, issued_on, effective_on and optionally
amended_by) is read by :func:`legal_texts_load`, which the demo and
``import_documents --legal-texts`` share with :func:`documents_read`.
"""

import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qms.documents import services
from qms.documents.document_files import (
    ImportProblem,
    ImportReport,
    ParsedDocument,
    as_list,
    doc_type_of,
    documents_read,
    legal_texts_read,
)
from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.documents.notices import notify_in_force_digest
from qms.notices.services import notices_suppressed
from qms.organisation.models import AdministrativeUnit


def documents_import(
    path: Path,
    *,
    user,
    default_unit: AdministrativeUnit | None = None,
    dry_run: bool = False,
    skip_existing: bool = False,
) -> ImportReport:
    """Validate every file, then (if all are valid) write them in one transaction."""
    parsed, report = documents_read(
        path, user=user, default_unit=default_unit, skip_existing=skip_existing
    )
    if report.problems or dry_run:
        return report
    current_file = ""
    written = []
    try:
        # An existing set's workflow is replayed here: nobody is mailed per
        # step or per document; each reader gets one list of what is in force.
        with transaction.atomic(), notices_suppressed():
            for item in parsed:
                current_file = item.file
                written.append(_write(item, user=user, report=report))
            current_file = str(path)
            services.revisions_activate_due(today=timezone.localdate(), user=user)
    except (ValidationError, PermissionDenied) as error:
        messages = getattr(error, "message_dict", None) or {
            "ghi": list(getattr(error, "messages", [str(error)]))
        }
        for field_name, texts in messages.items():
            for text in texts:
                report.problems.append(ImportProblem(current_file, field_name, text))
        report.created_documents = report.created_revisions = 0
        return report
    if written:
        for revision in written:
            revision.refresh_from_db(fields=["status"])
        notify_in_force_digest(
            written, key=f"documents-import:{written[0].pk}-{written[-1].pk}:in_force"
        )
    return report


def document_from(item: ParsedDocument) -> ControlledDocument:
    """A new, unsaved document with the code, title, type, unit of ``item``."""
    meta = item.meta
    return ControlledDocument(
        code=str(meta["code"]),
        title=str(meta["title"]),
        doc_type=doc_type_of(meta["type"]),
        owning_unit=item.unit,
        owner=item.owner,
        procedure_codes=", ".join(as_list(meta.get("procedure_codes"))),
    )


def _write(item: ParsedDocument, *, user, report: ImportReport) -> DocumentRevision:
    meta = item.meta
    document = ControlledDocument.objects.filter(code=str(meta["code"])).first()
    if document is None:
        document = document_from(item)
        document._change_reason = f"Nhập từ {item.file}"
        document._history_user = user
        document.full_clean()
        document.save()
        report.created_documents += 1
    if item.legal_bases:
        document.legal_bases.add(*item.legal_bases)
    change = meta.get("change") or {}
    drafter = item.signatories[0] if item.signatories else user
    approved_on = item.signatories[3] if item.signatories else None
    at = (
        timezone.make_aware(datetime.datetime.combine(approved_on, datetime.time(8)))
        if approved_on
        else None
    )
    revision = services.revision_create_draft(
        document=document,
        user=drafter,
        body=item.body,
        issue_number=meta["issue"],
        revision_number=meta.get("revision", 0),
        effective_date=item.effective_date,
        change_what=change.get("what") or "Ban hành lần đầu",
        change_where=change.get("where") or "Toàn bộ tài liệu",
        change_why=change.get("why") or f"Nhập từ bộ tài liệu hiện có ({item.file})",
        at=at,
    )
    report.created_revisions += 1
    attachments_add(item, revision=revision, user=drafter, at=at)
    if item.signatories:
        drafter, reviewer, approver, _day = item.signatories
        services.revision_submit(revision=revision, user=drafter, at=at)
        services.revision_review(revision=revision, user=reviewer, at=at)
        services.revision_approve(revision=revision, user=approver, at=at)
    return revision


def attachments_add(
    item: ParsedDocument,
    *,
    revision,
    user,
    at: datetime.datetime | None = None,
) -> None:
    """Attach the files that ``item`` lists to its (draft) ``revision``.

    ``at`` dates the uploads in the history (a past revision replayed).
    """
    for title, name, content in item.attachments:
        services.attachment_add(
            revision=revision,
            user=user,
            title=title,
            uploaded_file=ContentFile(content, name=name),
            at=at,
        )


@transaction.atomic
def legal_texts_load(path: Path, *, user) -> dict[str, LegalText]:
    """Add the legal texts of ``path`` that the register lacks; record amendments.

    A text already in the register keeps its fields. Returns every text of the
    file by number.
    """
    entries = legal_texts_read(path)
    texts = {}
    for entry in entries:
        texts[str(entry["number"])], _created = LegalText.objects.get_or_create(
            number=str(entry["number"]),
            defaults={
                "title": str(entry["title"]),
                "issuing_body": str(entry["issuing_body"]),
                "issued_on": entry["issued_on"],
                "effective_on": entry["effective_on"],
            },
        )
    for entry in entries:
        text = texts[str(entry["number"])]
        if entry.get("amended_by") and text.amended_by_id is None:
            text.amended_by = texts[str(entry["amended_by"])]
            text._change_reason = f"Được sửa đổi bởi {entry['amended_by']}"
            text._history_user = user
            text.save()
    return texts
