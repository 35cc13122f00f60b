"""Admin views of citizen feedback: the list, one feedback, its answer, raising an NC.

Every view reads through ``selectors.feedback_for_staff`` (the commune scope):
another commune's feedback is a 404 whatever the URL says.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.feedback import selectors, services
from audits.feedback.forms import AnswerForm, StaffFilterForm
from audits.feedback.models import Feedback
from audits.inspections.models import Nonconformity
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import scope_queryset
from qms.permissions import refusal_messages, require_perm

NS = "audits_feedback_admin"
PER_PAGE = 25


def _render(request, template: str, title: str, **context) -> TemplateResponse:
    context.update(
        page_title=title,
        header_icon="mail",
        working_days=settings.QMS_FEEDBACK_WORKING_DAYS,
        legal_basis=settings.QMS_FEEDBACK_LEGAL_BASIS,
        today=timezone.localdate(),
    )
    return TemplateResponse(request, f"audits/feedback/admin/{template}", context)


def _units(user):
    ids = selectors.Feedback.objects.values("unit_id")
    return scope_queryset(
        AdministrativeUnit.objects.filter(pk__in=ids).order_by("name"), user
    )


def feedback_index(request):
    """Feedback of the person's units, soonest due first; filters, 25 a page."""
    require_perm(request.user, "audits.view_feedback")
    form = StaffFilterForm(request.GET or None, units=_units(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    unit = filters.get("unit")
    rows = selectors.feedback_for_staff(
        request.user,
        status=filters.get("status", ""),
        unit_id=unit.pk if unit else None,
        overdue=filters.get("overdue", False),
        today=timezone.localdate(),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return _render(
        request,
        "index.html",
        _("Phản ánh, kiến nghị"),
        form=form,
        page_obj=page,
        query=query.urlencode(),
    )


def feedback_detail(request, pk: int):
    """One feedback with the submitter's contact; the answer form (POST)."""
    require_perm(request.user, "audits.view_feedback")
    feedback = (
        selectors.feedback_for_staff(request.user, today=timezone.localdate())
        .select_related("answered_by")
        .filter(pk=pk)
        .first()
    )
    if feedback is None:
        raise Http404
    today = timezone.localdate()
    can_answer = request.user.has_perm("audits.change_feedback")
    initial = {"answer": feedback.answer, "verdict": feedback.verdict}
    form = AnswerForm(request.POST or None, initial=initial) if can_answer else None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.feedback_answer(
                    feedback=feedback, user=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                refusal_messages(request, error)
            else:
                messages.success(
                    request,
                    _("Đã ghi câu trả lời; đã công khai trên trang web.")
                    if feedback.consent_publish
                    else _("Đã ghi câu trả lời (người gửi không đồng ý công khai)."),
                )
                return redirect(f"{NS}:detail", pk=feedback.pk)
    return _render(
        request,
        "detail.html",
        feedback.code,
        feedback=feedback,
        form=form,
        overdue=feedback.is_overdue(today),
        ground=services.nonconformity_ground(feedback, today),
        can_raise=request.user.has_perm("audits.add_nonconformity"),
        nonconformities=Nonconformity.objects.filter(
            source_type=ContentType.objects.get_for_model(Feedback),
            source_id=feedback.pk,
        ).select_related("unit"),
        history=feedback.history.select_related("history_user").order_by(
            "-history_date"
        )[:20],
    )


def feedback_raise_nonconformity(request, pk: int):
    """POST: raise a nonconformity from justified or overdue feedback in scope."""
    require_perm(request.user, "audits.view_feedback")
    feedback = get_object_or_404(
        selectors.feedback_for_staff(request.user, today=timezone.localdate()),
        pk=pk,
    )
    if request.method != "POST":
        return redirect(f"{NS}:detail", pk=feedback.pk)
    try:
        nonconformity = services.feedback_raise_nonconformity(
            feedback=feedback, user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        refusal_messages(request, error)
        return redirect(f"{NS}:detail", pk=feedback.pk)
    messages.success(request, _("Đã lập điểm không phù hợp %s.") % nonconformity.code)
    return redirect("audits_inspections:nonconformity", nonconformity.pk)
