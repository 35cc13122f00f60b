"""Admin views of the management review (ISO 9001:2015 9.3): pack, meeting, actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from audits.reviews import selectors, services
from audits.reviews.forms import (
    DecisionFormSet,
    ReviewActionDoneForm,
    ReviewMeetingForm,
    ReviewPeriodForm,
)
from audits.reviews.models import ReviewAction
from audits.reviews.pdf import (
    management_review_pdf,
    review_pack_charts,
    review_pdf_filename,
)
from qms.jobs.services import job_start
from qms.organisation.models import AdministrativeUnit
from qms.organisation.official import place_name
from qms.organisation.scoping import scope_queryset
from qms.organisation.unit_coverage import coverage_context
from qms.permissions import refusal_messages, require_perm
from qms.signing.choices import SignedKind
from qms.signing.services import SignSubject
from qms.signing.views import sign_page

NS = "audits_reviews"


def _render(request, template: str, title: str, **context) -> TemplateResponse:
    context.update(page_title=title, header_icon="group")
    return TemplateResponse(request, f"audits/reviews/{template}", context)


def _pack_for(request, unit, period_from, period_to):
    return selectors.review_pack_for(request.user, unit, period_from, period_to)


def _coverage(request, data: dict) -> dict | None:
    """The notice when the unit did not exist for the whole period (links to
    the units that did, within the reader's scope)."""
    scope = scope_queryset(AdministrativeUnit.objects.all(), request.user)
    return coverage_context(
        request.GET,
        data["unit"],
        data["period_from"],
        data["period_to"],
        set(scope.values_list("pk", flat=True)),
    )


def review_pack(request):
    """The assembled pack for a unit and period; the meeting records decisions."""
    require_perm(request.user, "audits.view_managementreview")
    period = ReviewPeriodForm(request.GET)
    if not period.is_valid():
        return _render(
            request,
            "review_index.html",
            _("Xem xét của lãnh đạo"),
            reviews=selectors.reviews_for(request.user),
            form=period,
        )
    pack = _pack_for(request, **period.cleaned_data)
    can_record = request.user.has_perm("audits.add_managementreview")
    meeting = ReviewMeetingForm(request.POST or None)
    decisions = DecisionFormSet(request.POST or None, prefix="d")
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if meeting.is_valid() and decisions.is_valid():
            try:
                review = services.management_review_record(
                    **period.cleaned_data,
                    **meeting.cleaned_data,
                    decisions=[
                        (d["decision"], d["owner_unit"], d["due_date"])
                        for d in decisions.cleaned_data
                        if d
                    ],
                    user=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                refusal_messages(request, error)
            else:
                messages.success(request, _("Đã ghi nhận cuộc họp xem xét."))
                return redirect(f"{NS}:review", pk=review.pk)
    return _render(
        request,
        "review_pack.html",
        _("Hồ sơ xem xét của lãnh đạo"),
        pack=pack,
        coverage=_coverage(request, period.cleaned_data),
        charts=review_pack_charts(pack),
        meeting=meeting if can_record else None,
        decisions=decisions,
    )


def _review_pdf_response(pack, review=None) -> HttpResponse:
    response = HttpResponse(
        management_review_pdf(pack, review=review), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=review_pdf_filename(pack)
    )
    return response


def review_pack_pdf(request):
    """The assembled pack for a unit and period as an A4 PDF, made in the background.

    The pack reads a period's every record and draws its charts: a background
    job (qms/jobs) makes it and its page offers the file. A bad unit or period
    answers the period form with its errors (400), as the HTML pack does,
    instead of a broken download; a unit outside the person's scope is a 404.
    """
    require_perm(request.user, "audits.view_managementreview")
    period = ReviewPeriodForm(request.GET)
    if not period.is_valid():
        messages.error(
            request, _("Chưa tạo được bản PDF: kiểm tra lại đơn vị và kỳ xem xét.")
        )
        response = _render(
            request,
            "review_index.html",
            _("Xem xét của lãnh đạo"),
            reviews=selectors.reviews_for(request.user),
            form=period,
        )
        response.status_code = 400
        return response
    data = period.cleaned_data
    unit = data["unit"]
    if not scope_queryset(
        AdministrativeUnit.objects.filter(pk=unit.pk), request.user
    ).exists():
        raise Http404
    job = job_start(
        kind="review_pack_pdf",
        title=_("Hồ sơ xem xét của lãnh đạo (PDF): %(unit)s, %(start)s–%(end)s")
        % {
            "unit": unit,
            "start": f"{data['period_from']:%d/%m/%Y}",
            "end": f"{data['period_to']:%d/%m/%Y}",
        },
        params={
            "unit": unit.pk,
            "period_from": data["period_from"].isoformat(),
            "period_to": data["period_to"].isoformat(),
        },
        user=request.user,
    )
    return redirect("qms_jobs:detail", pk=job.pk)


def review_detail(request, pk: int):
    """A recorded review: its pack, minutes and tracked actions."""
    require_perm(request.user, "audits.view_managementreview")
    review = selectors.reviews_for(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    pack = _pack_for(request, review.unit, review.period_from, review.period_to)
    return _render(
        request,
        "review_detail.html",
        str(review),
        review=review,
        pack=pack,
        charts=review_pack_charts(pack),
        actions=review.actions.select_related("owner_unit"),
        today=timezone.localdate(),
        done_form=ReviewActionDoneForm(initial={"done_on": timezone.localdate()})
        if request.user.has_perm("audits.change_reviewaction")
        else None,
        history=selectors.review_history(review),
    )


def review_pdf(request, pk: int):
    """A recorded review as an A4 PDF: its pack, minutes and decisions."""
    require_perm(request.user, "audits.view_managementreview")
    review = selectors.reviews_for(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    pack = _pack_for(request, review.unit, review.period_from, review.period_to)
    return _review_pdf_response(pack, review)


def review_sign(request, pk: int):
    """Ký số: a recorded review's pack signed, the register's chain head in it."""
    require_perm(request.user, "audits.view_managementreview")
    review = selectors.reviews_for(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    pack = _pack_for(request, review.unit, review.period_from, review.period_to)
    subject = SignSubject(
        kind=SignedKind.REVIEW_PACK,
        object_ref=f"managementreview:{review.pk}",
        object_label=str(review),
        filename=review_pdf_filename(pack),
        render=lambda anchor: management_review_pdf(
            pack, review=review, register=anchor
        ),
        default_reason=_("Phê duyệt hồ sơ xem xét của lãnh đạo"),
        unit=review.unit,
        anchor_register=True,
    )
    return sign_page(
        request,
        subject,
        back_url=reverse(f"{NS}:review", args=[review.pk]),
        location=place_name(review.unit),
    )


def review_action_done(request, pk: int):
    """Report a management-review action done (POST only)."""
    require_perm(request.user, "audits.change_reviewaction")
    action = (
        scope_queryset(ReviewAction.objects.select_related("review"), request.user)
        .filter(pk=pk)
        .first()
    )
    if action is None or request.method != "POST":
        raise Http404
    form = ReviewActionDoneForm(request.POST)
    if form.is_valid():
        try:
            services.review_action_done(
                action=action, user=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("Đã ghi nhận."))
    else:
        messages.error(request, _("Nhập ngày hoàn thành và kết quả."))
    return redirect(f"{NS}:review", pk=action.review_id)
