"""Admin screens of inspections: plans, visits, nonconformities, actions, records.

Served under /admin/inspections/ (``audits.inspections.wagtail_hooks`` registers them),
so Wagtail's admin login applies. Every view checks a model permission, and
every view that carries an id reads through a scoped selector: an object
outside the user's units is a 404, never a 500 or someone else's data.
"""

import json

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.inspections import selectors, services
from audits.inspections.choices import (
    ActionStatus,
    AnswerResult,
    InspectionMode,
    InspectionStatus,
)
from audits.inspections.forms import (
    ActionForm,
    CompleteForm,
    InspectionEditForm,
    InspectionForm,
    PlanForm,
    PlanItemChangeForm,
    PlanItemForm,
    ReportForm,
    VerifyForm,
)
from audits.inspections.models import EvidenceFile, Inspection, PlanItem
from audits.inspections.pdf import (
    annual_summary_pdf,
    inspection_record_pdf,
)
from audits.inspections.xlsx import annual_summary_xlsx
from qms.documents.models import DocumentRevision
from qms.organisation.models import AdministrativeUnit
from qms.organisation.official import place_name
from qms.organisation.scoping import scope_queryset, sees_all_units
from qms.organisation.unit_coverage import with_successors
from qms.permissions import refusal_messages, require_perm
from qms.signing.choices import SignedKind
from qms.signing.services import SignSubject
from qms.signing.views import sign_page

NS = "audits_inspections"


def _get(getter, request, pk: int):
    try:
        return getter(request.user, pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def _render(request, template: str, title: str, **context) -> TemplateResponse:
    context.update(page_title=title, header_icon="clipboard-list")
    return TemplateResponse(request, f"audits/inspections/{template}", context)


# Plans ------------------------------------------------------------------------


def plan_index(request):
    """Plans the user may see, and a form for a new one."""
    require_perm(request.user, "audits.view_inspectionplan")
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            return redirect(f"{NS}:plan", pk=plan.pk)
    return _render(
        request,
        "plan_index.html",
        _("Kế hoạch kiểm tra"),
        summaries=selectors.plan_summaries(
            selectors.plans_for(request.user).order_by("-year", "pk"),
            user=request.user,
            today=timezone.localdate(),
        ),
        form=form,
        can_add=request.user.has_perm("audits.add_inspectionplan"),
    )


def _plan(user, pk):
    return selectors.plans_for(user).get(pk=pk)


def plan_detail(request, pk: int):
    """A plan: its units, warnings, and units suggested by risk."""
    require_perm(request.user, "audits.view_inspectionplan")
    plan = _get(_plan, request, pk)
    form = PlanItemForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_add(plan=plan, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            return redirect(f"{NS}:plan", pk=plan.pk)
    # the same units as the form's picker: below the issuing unit, and the
    # units that succeeded them in 2025
    inside = with_successors(plan.issuing_unit.descendant_ids()) - {
        plan.issuing_unit_id
    }
    candidates = list(
        scope_queryset(AdministrativeUnit.objects.filter(pk__in=inside), request.user)
        .exclude(plan_items__plan=plan)
        .order_by("code")[:200]
    )
    risks = selectors.unit_risks(
        units=candidates, year=plan.year, today=timezone.localdate()
    )
    return _render(
        request,
        "plan_detail.html",
        str(plan),
        history=selectors.object_history(plan),
        plan=plan,
        progress=selectors.plan_progress(
            plan, user=request.user, today=timezone.localdate()
        ),
        warnings=selectors.plan_warnings(plan),
        risks=risks[:10],
        form=form,
        can_edit=request.user.has_perm("audits.change_inspectionplan"),
        can_change_items=request.user.has_perm("audits.change_planitem"),
        modes=InspectionMode.choices,
        months=range(1, 13),
    )


def plan_item_change(request, pk: int):
    """Change an item's mode or month (POST from the plan page)."""
    require_perm(request.user, "audits.change_planitem")
    item = scope_queryset(PlanItem.objects.all(), request.user).filter(pk=pk).first()
    if item is None or request.method != "POST":
        raise Http404
    form = PlanItemChangeForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_update(item=item, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
    else:
        messages.error(request, _("Chọn hình thức và tháng từ 1 đến 12."))
    return redirect(f"{NS}:plan", pk=item.plan_id)


# Inspections ------------------------------------------------------------------


def inspection_create(request):
    """An inspection decision (team, dates, scope); impartiality is checked."""
    require_perm(request.user, "audits.add_inspection")
    initial = {"leader": request.user}
    wanted = request.GET.get("plan_item", "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses; short, so the
    # number fits SQLite's INTEGER.
    valid = wanted.isdecimal() and len(wanted) < 19
    item = PlanItem.objects.filter(pk=int(wanted)).first() if valid else None
    if item is not None:
        initial.update(plan_item=item, unit=item.unit_id, mode=item.mode)
    form = InspectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(
                user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã ra quyết định kiểm tra."))
            return redirect(f"{NS}:detail", pk=inspection.pk)
    return _render(request, "inspection_form.html", _("Quyết định kiểm tra"), form=form)


def inspection_detail(request, pk: int):
    """An inspection: team, scope, answers, nonconformities and their actions."""
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    return _render(
        request,
        "inspection_detail.html",
        str(inspection),
        inspection=inspection,
        can_edit=services.can_edit_inspection(inspection, request.user),
        completed=selectors.completed(inspection),
        history=selectors.object_history(inspection),
    )


def visit(request, pk: int):
    """The visit form, comfortable on a phone: one card per checklist item."""
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    if not services.can_edit_inspection(inspection, request.user):
        raise PermissionDenied
    if request.method == "POST":
        entries = [
            services.AnswerEntry(
                answer_id=answer.pk,
                result=request.POST.get(f"result-{answer.pk}", ""),
                notes=request.POST.get(f"notes-{answer.pk}", "").strip(),
                files=request.FILES.getlist(f"files-{answer.pk}"),
                nonconformity=request.POST.get(f"nc-{answer.pk}", ""),
            )
            for answer in inspection.answers.all()
        ]
        try:
            raised = services.visit_save(
                inspection=inspection, entries=entries, user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(
                request,
                _("Đã lưu kết quả kiểm tra; %s điểm không phù hợp mới.") % len(raised),
            )
            return redirect(f"{NS}:visit", pk=inspection.pk)
    return _render(
        request,
        "visit.html",
        _("Ghi kết quả kiểm tra"),
        inspection=inspection,
        results=AnswerResult.choices,
        nonconforming_json=json.dumps(list(services.NONCONFORMING_RESULTS)),
        completed=selectors.completed(inspection),
    )


def inspection_edit(request, pk: int):
    """Correct the decision (team, dates, scope); only the team, before the record."""
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    if not services.can_edit_inspection(inspection, request.user):
        raise PermissionDenied
    initial = {
        "decision_number": inspection.decision_number,
        "decision_date": inspection.decision_date,
        "leader": inspection.leader,
        "members": list(inspection.members.all()),
        "start_date": inspection.start_date,
        "end_date": inspection.end_date,
        "reform_areas": inspection.reform_areas,
        "content_items": inspection.content_items,
    }
    form = InspectionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_update(
                inspection=inspection, user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã sửa quyết định kiểm tra."))
            return redirect(f"{NS}:detail", pk=inspection.pk)
    return _render(
        request,
        "inspection_form.html",
        _("Sửa quyết định kiểm tra"),
        form=form,
        inspection=inspection,
    )


def inspection_complete(request, pk: int):
    """Make the record (biên bản) of a visit."""
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    if not services.can_edit_inspection(inspection, request.user):
        raise PermissionDenied
    form = CompleteForm(
        request.POST or None, initial={"record_date": inspection.end_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_complete(
                inspection=inspection, user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã lập biên bản kiểm tra."))
            return redirect(f"{NS}:detail", pk=inspection.pk)
    return _render(
        request,
        "complete.html",
        _("Lập biên bản kiểm tra"),
        inspection=inspection,
        form=form,
    )


def inspection_record(request, pk: int):
    """The inspection record (biên bản kiểm tra) as PDF."""
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    response = HttpResponse(
        inspection_record_pdf(inspection), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="bien-ban-kiem-tra-{inspection.pk}.pdf"'
    )
    return response


def inspection_record_sign(request, pk: int):
    """Ký số: the inspection record signed with the signer's certificate.

    Only a completed inspection has a record to sign (its date is set).
    """
    require_perm(request.user, "audits.view_inspection")
    inspection = _get(selectors.inspection_detail, request, pk)
    if inspection.status != InspectionStatus.COMPLETED:
        raise PermissionDenied(_("Chỉ ký số biên bản của cuộc kiểm tra đã hoàn thành."))
    subject = SignSubject(
        kind=SignedKind.INSPECTION_RECORD,
        object_ref=f"inspection:{inspection.pk}",
        object_label=_("Biên bản kiểm tra %(unit)s ngày %(day)s")
        % {"unit": inspection.unit.name, "day": f"{inspection.record_date:%d/%m/%Y}"},
        filename=f"bien-ban-kiem-tra-{inspection.pk}.pdf",
        render=lambda _anchor: inspection_record_pdf(inspection),
        default_reason=_("Xác nhận biên bản kiểm tra"),
        unit=inspection.unit,
    )
    return sign_page(
        request,
        subject,
        back_url=reverse(f"{NS}:detail", args=[inspection.pk]),
        location=place_name(inspection.unit),
    )


def evidence(request, pk: int):
    """An evidence file, served only inside the user's scope."""
    require_perm(request.user, "audits.view_evidencefile")
    item = scope_queryset(EvidenceFile.objects.all(), request.user).filter(pk=pk)
    found = item.first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, filename=found.file.name.split("/")[-1])


# Nonconformities and actions -------------------------------------------------


def _source_url(user, nonconformity) -> str:
    """The admin page of the record a nonconformity was raised from (a missed
    objective, a complaint), when the reader may open it; else ``""``."""
    if nonconformity.inspection_id or nonconformity.source_type_id is None:
        return ""
    source = nonconformity.source
    url = getattr(source, "admin_url", "")
    meta = getattr(source, "_meta", None)
    if not url or meta is None:
        return ""
    return url if user.has_perm(f"{meta.app_label}.view_{meta.model_name}") else ""


def nonconformity_detail(request, pk: int):
    """The trace: finding → nonconformity → actions → verifications, with history."""
    require_perm(request.user, "audits.view_nonconformity")
    nonconformity = _get(selectors.nonconformity_trace, request, pk)
    unit = nonconformity.unit
    form = ActionForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(
                nonconformity=nonconformity, user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã thêm hành động khắc phục."))
            return redirect(f"{NS}:nonconformity", pk=nonconformity.pk)
    return _render(
        request,
        "nonconformity_detail.html",
        _("Điểm không phù hợp %s") % nonconformity.code,
        nc=nonconformity,
        source_url=_source_url(request.user, nonconformity),
        form=form,
        can_add_action=request.user.has_perm("audits.add_correctiveaction")
        and nonconformity.status == "open",
        history=selectors.trace_history(nonconformity),
    )


def action_detail(request, pk: int):
    """One action: report it (owner unit) or verify it (another inspector)."""
    require_perm(request.user, "audits.view_correctiveaction")
    action = _get(selectors.action_detail, request, pk)
    user = request.user
    report_form = verify_form = None
    if user.has_perm("audits.report_correctiveaction") and action.status != (
        ActionStatus.EFFECTIVE
    ):
        report_form = ReportForm(
            request.POST if request.POST.get("form") == "report" else None,
            user=user,
            initial={"root_cause": action.root_cause, "correction": action.correction},
        )
    if (
        user.has_perm("audits.verify_correctiveaction")
        and action.status == ActionStatus.REPORTED
    ):
        verify_form = VerifyForm(
            request.POST if request.POST.get("form") == "verify" else None,
            initial={"verified_on": timezone.localdate()},
        )
    if request.method == "POST":
        form = {"report": report_form, "verify": verify_form}.get(
            request.POST.get("form")
        )
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                if form is report_form:
                    services.action_report(
                        action=action, user=user, **form.cleaned_data
                    )
                else:
                    services.action_verify(
                        action=action, user=user, **form.cleaned_data
                    )
            except (ValidationError, PermissionDenied) as error:
                refusal_messages(request, error)
            else:
                messages.success(request, _("Đã ghi nhận."))
                return redirect(f"{NS}:action", pk=action.pk)
    return _render(
        request,
        "action_detail.html",
        _("Hành động khắc phục #%s") % action.pk,
        action=action,
        overdue=action.status == ActionStatus.OPEN
        and action.due_date < timezone.localdate(),
        report_form=report_form,
        verify_form=verify_form,
        history=selectors.object_history(action),
    )


def revision_actions(request, pk: int):
    """The other end of the link: corrective actions that cite a document revision."""
    require_perm(request.user, "audits.view_correctiveaction")
    require_perm(request.user, "qms.view_documentrevision")
    revision = (
        scope_queryset(
            DocumentRevision.objects.select_related("document"), request.user
        )
        .filter(pk=pk)
        .first()
    )
    if revision is None:
        raise Http404
    return _render(
        request,
        "revision_actions.html",
        _("Hành động khắc phục dẫn đến %(code)s – %(label)s")
        % {"code": revision.document.code, "label": revision.label},
        revision=revision,
        actions=selectors.actions_for(request.user).filter(document_revision=revision),
    )


# Annual summary ----------------------------------------------------------------


def _summary(request, year: int):
    require_perm(request.user, "audits.view_inspection")
    if not sees_all_units(request.user):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    return selectors.annual_summary(year=year, today=timezone.localdate())


def summary_pdf(request, year: int):
    """Annual summary of inspections as PDF."""
    summary = _summary(request, year)
    response = HttpResponse(annual_summary_pdf(summary), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tong-hop-kiem-tra-{year}.pdf"'
    return response


def summary_xlsx(request, year: int):
    """Annual summary of inspections as an Excel workbook."""
    summary = _summary(request, year)
    response = HttpResponse(
        annual_summary_xlsx(summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tong-hop-kiem-tra-{year}.xlsx"'
    )
    return response


def summary_index(request):
    """Links to the annual summaries of the years that have inspections."""
    require_perm(request.user, "audits.view_inspection")
    if not sees_all_units(request.user):
        raise PermissionDenied
    years = [
        day.year for day in Inspection.objects.dates("start_date", "year", order="DESC")
    ] or [timezone.localdate().year]
    return _render(
        request, "summary_index.html", _("Tổng hợp kết quả kiểm tra"), years=years
    )
