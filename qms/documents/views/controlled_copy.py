"""The controlled copy of a revision as an A4 PDF."""

import re

from anyascii import anyascii
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import APPROVED_STATUSES
from qms.documents.rendering import render_markdown
from qms.documents.views.base import _Base
from qms.organisation.models import organisation_name
from qms.pdf import render_pdf


class RevisionPdfView(_Base):
    """The controlled copy of a revision as an A4 PDF."""

    def get(self, request, pk):
        revision = self.get_revision(pk)
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
        pdf = render_pdf(
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
        response = HttpResponse(pdf, content_type="application/pdf")
        # ASCII only: "QT 07/HĐ" → "QT-07-HD"; control characters cannot reach
        # the header (they would raise BadHeaderError).
        code = re.sub(r"[^A-Za-z0-9._-]+", "-", anyascii(revision.document.code))
        filename = (
            f"{code.strip('-')}-BH{revision.issue_number:02d}"
            f"-SD{revision.revision_number:02d}.pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False, filename=filename
        )
        return response
