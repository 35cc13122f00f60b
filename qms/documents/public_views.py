"""Public pages of the quality system: what citizens may read (ISO 9001 5.2.2)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qms.documents.choices import DocumentType
from qms.documents.rendering import render_markdown
from qms.documents.selectors import revisions_in_force_on
from qms.organisation.models import DeploymentSettings

#: Internal records stay internal; everything else in force is public.
PUBLIC_TYPES = [choice for choice in DocumentType if choice != DocumentType.RECORD]


def _public_revisions(request: HttpRequest, today):
    """Revisions in force today that citizens may read on this site.

    Public document types only, owned by the deployment's operating unit or a
    unit below it; decided by dates, so never a draft or a superseded revision.
    """
    revisions = revisions_in_force_on(today).filter(document__doc_type__in=PUBLIC_TYPES)
    unit = DeploymentSettings.for_request(request).operating_unit
    if unit is not None:
        revisions = revisions.filter(document__owning_unit_id__in=unit.descendant_ids())
    return revisions


def quality_system(request: HttpRequest) -> HttpResponse:
    """The quality policy and objectives in full, and the register in force today.

    Limited to documents owned by the deployment's operating unit and the units
    below it; only revisions in force today, never drafts or superseded ones.
    Each listed document opens its text in force (``quality_document``).
    """
    today = timezone.localdate()
    revisions = list(_public_revisions(request, today))
    policies = [
        (revision, render_markdown(revision.body))
        for revision in revisions
        if revision.document.doc_type == DocumentType.POLICY
    ]
    groups = [
        (label, [r for r in revisions if r.document.doc_type == value])
        for value, label in DocumentType.choices
        if value in PUBLIC_TYPES
    ]
    return render(
        request,
        "qms/quality_system.html",
        {
            "today": today,
            "policies": policies,
            "groups": [(label, rows) for label, rows in groups if rows],
            "count": len(revisions),
        },
    )


def quality_document(request: HttpRequest, pk: int) -> HttpResponse:
    """One listed document's revision in force today, read-only.

    404 for a document that is not listed on the quality-system page: an
    internal record, another deployment's unit, or nothing in force today
    (a draft or a withdrawn document). Only the text in force is shown; the
    drafts, history and signatories' trail stay in the admin.
    """
    today = timezone.localdate()
    revision = _public_revisions(request, today).filter(document_id=pk).first()
    if revision is None:
        raise Http404
    return render(
        request,
        "qms/quality_document.html",
        {
            "today": today,
            "revision": revision,
            "document": revision.document,
            "body_html": render_markdown(revision.body),
        },
    )
