"""Public pages of the quality system: what citizens may read (ISO 9001 5.2.2)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qms.documents.choices import DocumentType
from qms.documents.rendering import render_markdown
from qms.documents.selectors import revisions_in_force_on
from qms.organisation.models import DeploymentSettings

#: Internal records stay internal; everything else in force is public.
PUBLIC_TYPES = [choice for choice in DocumentType if choice != DocumentType.RECORD]


def quality_system(request: HttpRequest) -> HttpResponse:
    """The quality policy and objectives in full, and the register in force today.

    Limited to documents owned by the deployment's operating unit and the units
    below it; only revisions in force today, never drafts or superseded ones.
    """
    today = timezone.localdate()
    revisions = revisions_in_force_on(today).filter(document__doc_type__in=PUBLIC_TYPES)
    unit = DeploymentSettings.for_request(request).operating_unit
    if unit is not None:
        revisions = revisions.filter(document__owning_unit_id__in=unit.descendant_ids())
    revisions = list(revisions)
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
