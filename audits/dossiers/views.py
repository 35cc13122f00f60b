"""Dossier KPI screens: the admin dashboard and the public transparency page."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from audits.dossiers.dashboard import dashboard_data, default_period, report_years
from audits.dossiers.exports import (
    EXPORT_FORMATS,
    form06_export_response,
    form06_filename,
    form06_pdf,
)
from audits.dossiers.forms import DossierPeriodForm
from audits.dossiers.kpi_export import denominators_note, table_context
from audits.dossiers.transparency import phone_charts, transparency_rows
from audits.feedback.selectors import feedback_figures
from qms.organisation.models import AdministrativeUnit, DeploymentSettings
from qms.organisation.official import place_name
from qms.organisation.scoping import unit_ids_for
from qms.organisation.unit_coverage import coverage_context, with_successors
from qms.organisation.unit_fields import deployment_units, unit_queryset
from qms.ratelimit import public_render_limit
from qms.signing.choices import SignedKind
from qms.signing.services import SignSubject
from qms.signing.views import sign_page
from qms.throttling import throttle_response

VIEW_DOSSIER = "audits.view_dossier"


def _period_and_unit(form, default_unit):
    """(from, to, unit) from a bound form, or the defaults when it is invalid."""
    start, end = default_period()
    if form.is_bound and form.is_valid():
        # an empty unit means every unit the reader may see
        return (
            form.cleaned_data["date_from"],
            form.cleaned_data["date_to"],
            form.cleaned_data["unit"],
        )
    return start, end, default_unit


def _with_default_period(query, start, end):
    """``query`` with a missing or empty date replaced by the default period.

    A link such as ``?unit=12`` (a commune pointing at its own figures) used to
    show two "required" errors for fields the public page does not even have,
    and the district's figures under a select that named the commune.
    """
    for key, day in (("date_from", start), ("date_to", end)):
        if not query.get(key):
            query[key] = day.isoformat()
    return query


class DossierDashboardView(WagtailAdminTemplateMixin, TemplateView):
    """Per-unit Form 06 table, commune ranking, monthly trend, channel mix.

    Readers need ``audits.view_dossier``; a commune officer only ever sees
    their own units, whatever the query string says.
    """

    template_name = "audits/dossier_dashboard.html"
    page_title = gettext_lazy("Kết quả giải quyết hồ sơ")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_DOSSIER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def load(self, request) -> None:
        """The period form, unit and figures the query string asks for."""
        user = request.user
        operating = DeploymentSettings.for_request(request).operating_unit
        units = unit_queryset(user=user, base=deployment_units(operating))
        default_unit = (
            operating if operating and units.filter(pk=operating.pk).exists() else None
        )
        start, end = default_period()
        form = DossierPeriodForm(
            _with_default_period(request.GET.copy(), start, end)
            if request.GET
            else None,
            units=units,
            initial={"date_from": start, "date_to": end, "unit": default_unit},
        )
        start, end, unit = _period_and_unit(form, default_unit)
        self.data = dashboard_data(
            date_from=start, date_to=end, unit=unit, unit_ids=unit_ids_for(user)
        )
        self.form, self.unit = form, unit
        self.coverage = coverage_context(
            request.GET,
            unit,
            start,
            end,
            set(units.values_list("pk", flat=True)) if unit is not None else None,
        )

    def get(self, request, *args, **kwargs):
        self.load(request)
        unit = self.unit
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return form06_export_response(
                fmt,
                self.data,
                title=str(self.page_title),
                unit_label=str(unit or _("Tất cả đơn vị được xem")),
                request=request,
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            self.data,
            form=self.form,
            unit=self.unit,
            coverage=self.coverage,
            table=table_context(self.data["report"]),
            denominators=denominators_note(),
            query=query.urlencode(),
        )
        return context


class Form06SignView(DossierDashboardView):
    """Ký số: the Form 06 report of the dashboard's unit and period, signed.

    The same query string as the dashboard (unit, period) and the same scope:
    a commune officer signs their own units' figures only.
    """

    def sign(self, request):
        self.load(request)
        report = self.data["report"]
        unit_label = str(self.unit or _("Tất cả đơn vị được xem"))
        period = f"{report.date_from:%d/%m/%Y}–{report.date_to:%d/%m/%Y}"
        subject = SignSubject(
            kind=SignedKind.FORM06,
            object_ref=(
                f"form06:{self.unit.pk if self.unit else 'all'}:"
                f"{report.date_from:%Y%m%d}:{report.date_to:%Y%m%d}"
            ),
            object_label=_("Báo cáo Mẫu 06 %(unit)s, %(period)s")
            % {"unit": unit_label, "period": period},
            filename=form06_filename(report),
            render=lambda _anchor: form06_pdf(
                self.data,
                title=str(self.page_title),
                unit_label=unit_label,
                request=request,
            ),
            default_reason=_("Xác nhận số liệu báo cáo Mẫu 06"),
            unit=self.unit,
        )
        query = request.GET.copy()
        return sign_page(
            request,
            subject,
            back_url=f"{reverse('audits_dossier_dashboard')}?{query.urlencode()}",
            location=place_name(self.unit),
        )

    def get(self, request, *args, **kwargs):
        return self.sign(request)

    def post(self, request, *args, **kwargs):
        return self.sign(request)


def transparency(request):
    """Công khai kết quả giải quyết hồ sơ: the published units' figures.

    Public: the operating unit of the deployment, every unit below it, and
    the units that succeeded them in 2025; only aggregates, never a dossier.
    ``?year=`` or ``?date_from=&date_to=``, ``?unit=`` a unit id within the
    published tree, ``?export=csv|xlsx|pdf``.
    """
    root = DeploymentSettings.for_request(request).operating_unit
    if root is None:
        return render(request, "audits/transparency.html", {"unpublished": True})
    published = with_successors(root.descendant_ids())
    units = unit_queryset(base=AdministrativeUnit.objects.filter(pk__in=published))
    start, end = default_period()
    query = request.GET.copy()
    year = query.pop("year", [None])[-1]
    if year and year.isdecimal() and len(year) == 4 and 2000 <= int(year) <= 2100:
        query["date_from"] = f"{year}-01-01"
        query["date_to"] = f"{year}-12-31"
    form = DossierPeriodForm(
        _with_default_period(query.copy(), start, end) if request.GET else None,
        units=units,
        initial={"date_from": start, "date_to": end, "unit": root},
    )
    form.fields["unit"].empty_label = None
    start, end, unit = _period_and_unit(form, root)
    unit = unit or root
    if unit.pk not in published:
        raise Http404
    data = dashboard_data(date_from=start, date_to=end, unit=unit, unit_ids=None)
    coverage = coverage_context(request.GET, unit, start, end, published)
    title = _("Công khai kết quả giải quyết hồ sơ thủ tục hành chính")
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        if refused := throttle_response(request):
            return refused
        return form06_export_response(
            fmt,
            data,
            title=title,
            unit_label=str(unit),
            before_render=public_render_limit(request),
            request=request,
        )
    query.pop("export", None)
    return render(
        request,
        "audits/transparency.html",
        {
            **data,
            **phone_charts(data),
            "form": form,
            "unit": unit,
            "coverage": coverage,
            "title": title,
            "figures": transparency_rows(data["report"]),
            "denominators": denominators_note(),
            "query": query.urlencode(),
            "years": report_years(end.year),
            "today": datetime.date.today(),
            # citizens' feedback of the same units and period (issue 13)
            "feedback": feedback_figures(
                unit_ids=with_successors(unit.descendant_ids()),
                period_from=start,
                period_to=end,
                today=datetime.date.today(),
                per_unit=False,
            )["total"],
        },
    )
