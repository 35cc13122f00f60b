"""Admin screens of planning (ISO 9001:2015 clause 6) and its review sections.

Three scoped ModelViewSets under one menu: quality objectives (each measured
on its page, a missed one can raise a nonconformity), the risk register, and
the actions on risks with their effectiveness review. Commune scope on every
URL that carries an id (qms.organisation.admin_scoping). Saves from the admin
forms record a change reason in the history.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from audits.planning import review_inputs, services
from audits.planning.models import QualityObjective, Risk, RiskAction
from audits.planning.selectors import measure_objectives, objectives_for
from qms.organisation.admin_scoping import (
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
)
from qms.organisation.unit_fields import UnitFilter
from qms.permissions import refusal_messages, require_perm
from qms.review_inputs import HOOK
from qms.uploads import EVIDENCE, check_upload

OBJECTIVE_POLICY = ScopedPermissionPolicy(QualityObjective)
RISK_POLICY = ScopedPermissionPolicy(Risk)
RISK_ACTION_POLICY = ScopedPermissionPolicy(RiskAction)
register_permission_policy(QualityObjective, OBJECTIVE_POLICY)
register_permission_policy(Risk, RISK_POLICY)
register_permission_policy(RiskAction, RISK_ACTION_POLICY)


def _checked_evidence(form):
    """The evidence file, refused unless qms.uploads accepts it."""
    upload = form.cleaned_data.get("evidence_file")
    if isinstance(upload, UploadedFile):
        check_upload(upload, EVIDENCE)
    return upload


class _ReasonMixin:
    """Admin saves carry a change reason and a checked evidence file."""

    change_reason = _("Cập nhật trên trang quản trị")

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "evidence_file" in form.fields:
            form.clean_evidence_file = lambda: _checked_evidence(form)
        return form

    def save_instance(self):
        self.form.instance._change_reason = str(self.change_reason)
        return super().save_instance()


class PlanningCreateView(_ReasonMixin, ScopedCreateView):
    change_reason = _("Tạo trên trang quản trị")


class PlanningEditView(_ReasonMixin, ScopedEditView):
    pass


class _UnitFilterSet(WagtailFilterSet):
    unit = UnitFilter(
        field_name="unit",
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )


class ObjectiveFilterSet(_UnitFilterSet):
    class Meta:
        model = QualityObjective
        fields = ["unit", "year", "kind"]


class ObjectiveInspectView(ScopedInspectView):
    """One objective with its measurement, its source, and the raise button."""

    template_name = "audits/planning/objective_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["measurement"] = measure_objectives(
            [self.object], today=timezone.localdate()
        )[0]
        context["can_raise"] = self.request.user.has_perm("audits.add_nonconformity")
        context["raise_url"] = reverse(
            "audits_objectives:raise_nonconformity", args=[self.object.pk]
        )
        context["evidence_url"] = (
            reverse("audits_objectives:evidence", args=[self.object.pk])
            if self.object.evidence_file
            else ""
        )
        return context


class ObjectiveIndexView(ScopedIndexView):
    """The objectives of a page, each with its figure so far and met or missed."""

    def get_table(self, object_list):
        rows = list(object_list)
        for measurement in measure_objectives(rows, today=timezone.localdate()):
            item = measurement.objective
            item.result_text = measurement.value_text
            item.status_html = format_html(
                '<span class="qms-badge objective-{}">{}</span>',
                measurement.status,
                measurement.status_label,
            )
        return super().get_table(rows)


def _scoped_objective(request, pk: int) -> QualityObjective:
    require_perm(request.user, "audits.view_qualityobjective")
    return get_object_or_404(objectives_for(request.user).select_related("unit"), pk=pk)


def objective_raise_nonconformity(request, pk: int):
    """POST: raise a nonconformity for a missed objective of the user's scope."""
    objective = _scoped_objective(request, pk)
    if request.method != "POST":
        return redirect("audits_objectives:inspect", pk)
    try:
        nonconformity = services.objective_raise_nonconformity(
            objective=objective, user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        refusal_messages(request, error)
        return redirect("audits_objectives:inspect", pk)
    messages.success(request, _("Đã lập điểm không phù hợp %s.") % nonconformity.code)
    return redirect("audits_inspections:nonconformity", nonconformity.pk)


def objective_evidence(request, pk: int):
    """The objective's evidence file, only inside the user's scope."""
    objective = _scoped_objective(request, pk)
    if not objective.evidence_file:
        raise Http404
    try:
        handle = objective.evidence_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, filename=objective.evidence_file.name.split("/")[-1])


class QualityObjectiveViewSet(ScopedModelViewSet):
    """Quality objectives per unit and year (ISO 9001:2015 6.2)."""

    model = QualityObjective
    icon = "success"
    menu_label = _("Mục tiêu chất lượng")
    url_prefix = "planning/objectives"
    add_view_class = PlanningCreateView
    edit_view_class = PlanningEditView
    inspect_view_enabled = True
    inspect_view_class = ObjectiveInspectView
    index_view_class = ObjectiveIndexView
    list_display = [
        "title",
        Column(
            "unit",
            label=_("Đơn vị"),
            sort_key="unit__name",
            classname="qms-col-secondary",
        ),
        Column("year", label=_("Năm"), sort_key="year", classname="qms-col-secondary"),
        Column("target_text", label=_("Chỉ tiêu"), classname="qms-col-key"),
        Column("result_text", label=_("Kết quả đến nay"), classname="qms-col-key"),
        Column("status_html", label=_("Đánh giá")),
        Column(
            "owner",
            label=_("Người chịu trách nhiệm"),
            classname="qms-col-secondary",
        ),
    ]
    filterset_class = ObjectiveFilterSet
    search_fields = ["title", "plan_what"]
    list_per_page = 25
    ordering = ["-year", "unit__code", "title"]
    form_fields = [
        "unit",
        "year",
        "title",
        "kind",
        "comparison",
        "target",
        "measure_unit",
        "owner",
        "plan_what",
        "plan_who",
        "plan_when",
        "plan_resources",
        "method",
        "measured_value",
        "measured_on",
        "evidence_file",
        "evidence_note",
    ]
    list_export = ["unit", "year", "title", "kind", "target_text", "owner"]
    export_filename = "muc-tieu-chat-luong"

    @property
    def permission_policy(self):
        return OBJECTIVE_POLICY

    def get_queryset(self, request):
        return QualityObjective.objects.select_related("unit", "owner")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/raise/",
                objective_raise_nonconformity,
                name="raise_nonconformity",
            ),
            path("<int:pk>/evidence/", objective_evidence, name="evidence"),
        ]


class RiskFilterSet(_UnitFilterSet):
    class Meta:
        model = Risk
        fields = ["unit", "kind", "status"]


class RiskViewSet(ScopedModelViewSet):
    """The register of risks and opportunities per process and unit (6.1)."""

    model = Risk
    icon = "warning"
    menu_label = _("Sổ rủi ro và cơ hội")
    url_prefix = "planning/risks"
    add_view_class = PlanningCreateView
    edit_view_class = PlanningEditView
    inspect_view_enabled = True
    list_display = ["title", "process", "unit", "kind", "level_badge", "status"]
    filterset_class = RiskFilterSet
    search_fields = ["title", "process", "cause"]
    list_per_page = 25
    form_fields = [
        "unit",
        "process",
        "kind",
        "title",
        "cause",
        "consequence",
        "likelihood",
        "impact",
        "owner",
        "identified_on",
        "status",
    ]
    inspect_view_fields = [*form_fields, "level_badge", "actions_list"]
    list_export = ["unit", "process", "kind", "title", "likelihood", "impact", "status"]
    export_filename = "so-rui-ro"

    @property
    def permission_policy(self):
        return RISK_POLICY

    def get_queryset(self, request):
        return Risk.objects.select_related("unit", "owner")


class RiskActionFilterSet(WagtailFilterSet):
    class Meta:
        model = RiskAction
        fields = ["effective"]


class RiskActionViewSet(ScopedModelViewSet):
    """Actions on risks, with due dates and the effectiveness review."""

    model = RiskAction
    icon = "tasks"
    menu_label = _("Hành động xử lý rủi ro")
    url_prefix = "planning/risk-actions"
    add_view_class = PlanningCreateView
    edit_view_class = PlanningEditView
    inspect_view_enabled = True
    list_display = ["action", "risk", "due_date", "done_on", "effective"]
    filterset_class = RiskActionFilterSet
    search_fields = ["action", "review_note"]
    list_per_page = 25
    form_fields = [
        "risk",
        "action",
        "owner",
        "due_date",
        "done_on",
        "reviewed_on",
        "reviewer",
        "effective",
        "review_note",
    ]

    @property
    def permission_policy(self):
        return RISK_ACTION_POLICY

    def get_queryset(self, request):
        return RiskAction.objects.select_related("risk__unit", "owner")


class PlanningGroup(ModelViewSetGroup):
    """Menu "Mục tiêu, rủi ro" (ISO 9001:2015 clause 6)."""

    menu_label = _("Mục tiêu, rủi ro")
    menu_icon = "success"
    menu_order = 290
    items = (
        QualityObjectiveViewSet("audits_objectives"),
        RiskViewSet("audits_risks"),
        RiskActionViewSet("audits_risk_actions"),
    )


@hooks.register("register_admin_viewset")
def register_planning_viewsets():
    return PlanningGroup()


hooks.register(HOOK, review_inputs.objectives_input)
hooks.register(HOOK, review_inputs.risks_input)
hooks.register(HOOK, review_inputs.opportunities_input)
