"""Build revisions through the services, the way users do."""

import datetime

from django.utils import timezone

from qms.documents import services
from qms.documents.models import ControlledDocument, DocumentRevision


def draft(
    document: ControlledDocument,
    user,
    *,
    body: str = "# Mục đích\n\nNội dung.",
    effective: datetime.date | None = None,
    **extra,
) -> DocumentRevision:
    """A complete draft, ready to submit."""
    return services.revision_create_draft(
        document=document,
        user=user,
        body=body,
        effective_date=effective or timezone.localdate(),
        change_what=extra.pop("change_what", "Ban hành lần đầu"),
        change_where=extra.pop("change_where", "Toàn bộ"),
        change_why=extra.pop("change_why", "Áp dụng TCVN ISO 9001:2015"),
        **extra,
    )


def approved(document, drafter, reviewer, approver, **kwargs) -> DocumentRevision:
    """Draft → submitted → reviewed → approved by three people."""
    revision = draft(document, drafter, **kwargs)
    services.revision_submit(revision=revision, user=drafter)
    services.revision_review(revision=revision, user=reviewer)
    return services.revision_approve(revision=revision, user=approver)
