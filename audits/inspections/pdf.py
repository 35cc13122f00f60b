"""Printouts of inspections: the record, the annual summary, the management review.

Rendered through ``qms.pdf.render_pdf`` (the one place HTML becomes PDF, with
the shipped Vietnamese font); this module only chooses templates and context.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from audits.inspections.choices import ChecklistKind
from audits.inspections.models import Inspection, VisitAnswer
from audits.inspections.selectors import AnnualSummary
from qms.organisation.models import AdministrativeUnit, organisation_name
from qms.organisation.official import (
    body_short_name,
    deployment_document,
    deployment_unit,
    place_name,
    recipient_name,
    unit_document,
)
from qms.organisation.people import person_name
from qms.pdf import OfficialDocument, Signer, render_pdf

#: Main clauses of ISO 9001:2015, as TCVN ISO 9001:2015 names them.
ISO_CLAUSES = {
    "4": "Bối cảnh của tổ chức",
    "5": "Sự lãnh đạo",
    "6": "Hoạch định",
    "7": "Hỗ trợ",
    "8": "Thực hiện",
    "9": "Đánh giá kết quả hoạt động",
    "10": "Cải tiến",
}


@dataclass
class AnswerSection:
    """The answers of a checklist under one heading (clause, item or area)."""

    title: str
    answers: list[VisitAnswer] = field(default_factory=list)


def _section_title(answer: VisitAnswer, kind: str) -> str:
    item = answer.item
    if item.reform_area and (kind == ChecklistKind.REFORM or not item.iso_clause):
        return str(item.get_reform_area_display())
    if item.c26_item and (kind == ChecklistKind.C26 or not item.iso_clause):
        return str(item.get_c26_item_display())
    if item.iso_clause:
        main = item.iso_clause.split(".")[0]
        name = ISO_CLAUSES.get(main)
        return f"Điều {main}. {name}" if name else f"ISO {item.iso_clause}"
    return _("Nội dung khác")


def answer_sections(inspection: Inspection) -> list[AnswerSection]:
    """Every answer, conforming ones too, grouped by the section of its item.

    Sections follow the checklist's order (the first item of each); an ISO
    checklist groups by main clause, a Circular 26 one by content item, a
    reform one by area.
    """
    kind = inspection.template.kind if inspection.template else ""
    sections: dict[str, AnswerSection] = {}
    for answer in inspection.answers.all():
        title = _section_title(answer, kind)
        sections.setdefault(title, AnswerSection(title)).answers.append(answer)
    return list(sections.values())


def _issuing_unit(inspection: Inspection) -> AdministrativeUnit | None:
    """The unit that decided the inspection: the plan's, else the deployment's."""
    if inspection.plan_item_id:
        return inspection.plan_item.plan.issuing_unit
    return deployment_unit()


def inspection_record_document(inspection: Inspection) -> OfficialDocument:
    """The Decree 30 parts of the record: the team of the issuing body, the
    record's place and date, and the two signatures of Circular 26 Art. 36."""
    issuer = _issuing_unit(inspection)
    parent = body_short_name(issuer) if issuer else organisation_name().upper()
    return OfficialDocument(
        parent_body=parent,
        issuing_body="ĐOÀN KIỂM TRA",
        symbol="BB-ĐKT",
        place=place_name(inspection.unit) or (place_name(issuer) if issuer else ""),
        date=inspection.record_date,
        kind="BIÊN BẢN KIỂM TRA",
        summary=(
            "Việc áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng\n"
            f"theo TCVN ISO 9001:2015 tại {inspection.unit.name}"
        ),
        signers=(
            Signer(
                position="ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA",
                name=inspection.unit_representative,
            ),
            Signer(
                position="TRƯỞNG ĐOÀN KIỂM TRA",
                name=person_name(inspection.leader, nobody=""),
            ),
        ),
        recipients=(
            f"{inspection.unit.name};",
            f"{recipient_name(issuer) if issuer else organisation_name()};",
            "Lưu: hồ sơ kiểm tra.",
        ),
    )


def inspection_record_pdf(inspection: Inspection) -> bytes:
    """The inspection record (biên bản kiểm tra) of ``inspection``.

    Decree 30 heading, unit, team, dates, scope; every checklist answer
    grouped by section with its result; the nonconformities with the
    corrective actions raised (owner, due date, status); conclusion and the
    signatures of the team leader and the unit's representative.
    ``inspection`` should come from ``inspection_selectors.inspection_detail``
    (prefetched).
    """
    return render_pdf(
        "audits/inspections/pdf/record.html",
        {
            "inspection": inspection,
            "official": inspection_record_document(inspection),
            "sections": answer_sections(inspection),
            "nonconformities": list(inspection.nonconformities.all()),
            "members": list(inspection.members.all()),
            "organisation": organisation_name(),
            "printed_at": timezone.localtime(),
        },
    )


def annual_summary_document(summary: AnnualSummary) -> OfficialDocument:
    """The annual report's Decree 30 parts: issued by the plans' unit when the
    summary is for one, else by the deployment's unit; dated the print day."""
    kwargs = {
        "kind": "BÁO CÁO",
        "summary": (
            "Kết quả kiểm tra việc áp dụng, duy trì và cải tiến Hệ thống quản "
            f"lý chất lượng\ntheo TCVN ISO 9001 năm {summary.year}"
        ),
        "document_type": "BC",
        "date": summary.today,
    }
    if summary.issuing_unit is not None:
        return unit_document(summary.issuing_unit, **kwargs)
    return deployment_document(**kwargs)


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
            "official": annual_summary_document(summary),
            "summary": summary,
            "finding_rows": rows,
            "organisation": organisation_name(),
            "printed_at": timezone.localtime(),
        },
    )
