"""Printouts of inspections: the record, the annual summary, the management review.

Rendered through ``qms.pdf.render_pdf`` (the one place HTML becomes PDF, with
the shipped Vietnamese font); this module only chooses templates and context.
"""

from django.utils import timezone

from audits.inspections.models import Inspection
from audits.inspections.selectors import AnnualSummary
from qms.organisation.models import organisation_name
from qms.pdf import render_pdf


def inspection_record_pdf(inspection: Inspection) -> bytes:
    """The inspection record (biên bản kiểm tra) of ``inspection``.

    Unit, team, dates, scope, findings table and the signature block for the
    team leader and the unit's representative. ``inspection`` should come
    from ``inspection_selectors.inspection_detail`` (prefetched).
    """
    findings = [
        answer
        for answer in inspection.answers.all()
        if answer.result and answer.result not in ("conforms", "not_applicable")
    ]
    return render_pdf(
        "audits/inspections/pdf/record.html",
        {
            "inspection": inspection,
            "findings": findings,
            "members": list(inspection.members.all()),
            "organisation": organisation_name(),
            "printed_at": timezone.localtime(),
        },
    )


def annual_summary_pdf(summary: AnnualSummary) -> bytes:
    """The annual summary report (units, findings by area and grade, actions)."""
    rows = [
        {
            "label": summary.area_labels.get(area, area),
            "counts": [counts.get(key, 0) for key, _label in summary.grades],
            "total": sum(counts.values()),
        }
        for area, counts in sorted(summary.findings.items())
    ]
    return render_pdf(
        "audits/inspections/pdf/summary.html",
        {
            "summary": summary,
            "finding_rows": rows,
            "organisation": organisation_name(),
            "printed_at": timezone.localtime(),
        },
    )
