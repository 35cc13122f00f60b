"""Public pages of citizen feedback: the form, the status page, the published list.

No account: the form is protected by CSRF, a honeypot field and a per-address
limit (``qms.ratelimit``, counted in Redis); every code lookup counts against
its own limit so codes cannot be tried at will. Never cached (the page cache
would serve a lookup without counting it). Nothing personal is shown.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from audits.feedback import selectors, services
from audits.feedback.forms import CodeForm, FeedbackForm
from qms.organisation.models import AdministrativeUnit
from qms.organisation.unit_coverage import with_successors
from qms.organisation.unit_fields import operating_unit_of
from qms.ratelimit import limit

PER_PAGE = 10


def public_units():
    """Units a citizen may address: the deployment's tree and its successors."""
    root = operating_unit_of()
    units = AdministrativeUnit.objects.all()
    if root is not None:
        units = units.filter(pk__in=with_successors(root.descendant_ids()))
    return units.order_by("name")


def _legal() -> dict:
    return {
        "working_days": settings.QMS_FEEDBACK_WORKING_DAYS,
        "legal_basis": settings.QMS_FEEDBACK_LEGAL_BASIS,
    }


@never_cache
def feedback_form(request):
    """Gửi phản ánh, kiến nghị: ``?thu-tuc=<page id>`` preselects a procedure."""
    initial = {}
    if (chosen := request.GET.get("thu-tuc", "")).isdecimal():
        initial["procedure"] = int(chosen)
    form = FeedbackForm(request.POST or None, units=public_units(), initial=initial)
    if request.method == "POST":
        limit(request, "feedback", per_minute=settings.QMS_FEEDBACK_PER_MINUTE)
        if form.is_valid():
            data = form.cleaned_data
            data.pop("website")
            feedback = services.feedback_submit(**data)
            url = reverse("audits_feedback:status")
            return redirect(f"{url}?{urlencode({'ma': feedback.code, 'moi': 1})}")
    return render(request, "audits/feedback/form.html", {"form": form, **_legal()})


@never_cache
def feedback_status(request):
    """Theo dõi phản ánh: the status of one tracking code, nothing personal."""
    form = CodeForm(request.GET or None)
    found, looked_up = None, False
    if request.GET.get("ma"):
        limit(request, "lookup", per_minute=settings.QMS_LOOKUPS_PER_MINUTE)
        looked_up = True
        if form.is_valid():
            found = selectors.feedback_public(form.cleaned_data["ma"])
    return render(
        request,
        "audits/feedback/status.html",
        {
            "form": form,
            "feedback": found,
            "looked_up": looked_up,
            "new": found is not None and request.GET.get("moi") == "1",
            **_legal(),
        },
    )


@never_cache
def feedback_list(request):
    """Câu trả lời phản ánh, kiến nghị: answers the submitters agreed to publish."""
    page = Paginator(selectors.feedback_published(), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(request, "audits/feedback/list.html", {"page_obj": page, **_legal()})
