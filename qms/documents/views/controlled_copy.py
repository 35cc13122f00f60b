"""The controlled copy of a revision as an A4 PDF, plain or digitally signed."""

import re

from anyascii import anyascii
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import APPROVED_STATUSES, DocumentRevision
from qms.documents.rendering import render_markdown
from qms.documents.views.base import _Base
from qms.organisation.models import organisation_name
from qms.organisation.official import place_name
from qms.pdf import render_pdf
from qms.signing.choices import SignedKind
from qms.signing.services import SignSubject
from qms.signing.views import sign_page


def controlled_copy_pdf(revision: DocumentRevision, request=None) -> bytes:
    """The controlled copy of ``revision`` (ISO header, stamp, revision log)."""
    position = (revision.issue_number, revision.revision_number)
    log = [
        earlier
        for earlier in revision.document.revisions.filter(
            status__in=APPROVED_STATUSES
        ).order_by("issue_number", "revision_number")
        if (earlier.issue_number, earlier.revision_number) < position
    ]
    in_force = revision.status == RevisionStatus.IN_FORCE
    stamp = {
        RevisionStatus.IN_FORCE: _("BẢN KIỂM SOÁT – ĐANG HIỆU LỰC"),
        RevisionStatus.SUPERSEDED: _("HẾT HIỆU LỰC – ĐÃ ĐƯỢC THAY THẾ"),
        RevisionStatus.OBSOLETE: _("HẾT HIỆU LỰC – ĐÃ HỦY BỎ"),
        RevisionStatus.APPROVED: _("ĐÃ PHÊ DUYỆT – CHƯA HIỆU LỰC"),
    }.get(revision.status, _("DỰ THẢO – KHÔNG CÓ GIÁ TRỊ SỬ DỤNG"))
    if revision.ended_on and revision.status in (
        RevisionStatus.SUPERSEDED,
        RevisionStatus.OBSOLETE,
    ):
        stamp += _(" TỪ %s") % revision.ended_on.strftime("%d/%m/%Y")
    return render_pdf(
        "qms/pdf/controlled_copy.html",
        {
            "revision": revision,
            "document": revision.document,
            "revision_log": [*log, revision],
            "body_html": render_markdown(revision.body),
            "stamp": stamp,
            "stamp_in_force": in_force,
            "organisation": organisation_name(request),
            "printed_on": timezone.localtime(),
        },
    )


def controlled_copy_filename(revision: DocumentRevision) -> str:
    """``QT-07-HD-BH01-SD00.pdf``: ASCII only ("QT 07/HĐ" → "QT-07-HD").

    Control characters cannot reach the header (they would raise
    BadHeaderError).
    """
    code = re.sub(r"[^A-Za-z0-9._-]+", "-", anyascii(revision.document.code))
    return (
        f"{code.strip('-')}-BH{revision.issue_number:02d}"
        f"-SD{revision.revision_number:02d}.pdf"
    )


class RevisionPdfView(_Base):
    """The controlled copy of a revision as an A4 PDF."""

    def get(self, request, pk):
        revision = self.get_revision(pk)
        response = HttpResponse(
            controlled_copy_pdf(revision, request), content_type="application/pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False, filename=controlled_copy_filename(revision)
        )
        return response


class RevisionSignView(_Base):
    """Ký số: the controlled copy signed with the signer's certificate (PAdES)."""

    def subject(self, revision: DocumentRevision) -> SignSubject:
        return SignSubject(
            kind=SignedKind.CONTROLLED_COPY,
            object_ref=f"documentrevision:{revision.pk}",
            object_label=f"{revision.document.code} {revision.document.title} "
            f"({revision.label})",
            filename=controlled_copy_filename(revision),
            render=lambda _anchor: controlled_copy_pdf(revision, self.request),
            default_reason=_("Phê duyệt bản kiểm soát tài liệu"),
            unit=revision.document.owning_unit,
        )

    def dispatch_sign(self, request, pk):
        revision = self.get_revision(pk)
        if revision.approved_at is None:
            raise PermissionDenied(_("Chỉ ký số bản kiểm soát đã được phê duyệt."))
        return sign_page(
            request,
            self.subject(revision),
            back_url=reverse("qms_documents:revision", args=[revision.pk]),
            location=place_name(revision.document.owning_unit),
        )

    def get(self, request, pk):
        return self.dispatch_sign(request, pk)

    def post(self, request, pk):
        return self.dispatch_sign(request, pk)
