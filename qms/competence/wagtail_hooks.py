"""Admin of competence (ISO 7.2, 7.3): the catalogue, role requirements,
training records, and the overview pages; the review input hook.

Training records are scoped to the user's units on every view carrying an id
(``ScopedModelViewSet``) and never deleted: the trail stays whole. Saves go
through ``qms.competence.services``, which set the change reasons.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from qms.admin_search import FoldedSearchIndexMixin
from qms.competence import services
from qms.competence.forms import TrainingRecordForm
from qms.competence.models import Competence, RoleCompetence, TrainingRecord
from qms.competence.review_input import competence_review_input
from qms.competence.selectors import VIEW_TRAINING
from qms.documents.wagtail_hooks import (
    NoDeletePermissionPolicy,
    ScopedNoDeletePermissionPolicy,
)
from qms.organisation.admin_scoping import (
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
)
from qms.organisation.models import UnitMembership
from qms.review_inputs import HOOK as REVIEW_INPUTS_HOOK


class _CompetenceSaveMixin:
    def save_instance(self):
        return services.competence_save(
            competence=self.form.save(commit=False), user=self.request.user
        )


class CompetenceCreateView(_CompetenceSaveMixin, generic.CreateView):
    pass


class CompetenceEditView(_CompetenceSaveMixin, generic.EditView):
    pass


class CompetenceIndexView(FoldedSearchIndexMixin, generic.IndexView):
    """The catalogue, searched without tone marks ("giao tiep")."""


class CompetenceViewSet(ModelViewSet):
    """The competence catalogue."""

    model = Competence
    index_view_class = CompetenceIndexView
    add_view_class = CompetenceCreateView
    edit_view_class = CompetenceEditView
    icon = "tasks"
    menu_label = _("Danh mục năng lực")
    list_display = ["code", "name", "validity_months"]
    list_filter = ["validity_months"]
    search_fields = ["code"]
    form_fields = ["code", "name", "description", "validity_months"]
    list_per_page = 50


class _RequirementSaveMixin:
    def save_instance(self):
        return services.role_competence_save(
            requirement=self.form.save(commit=False), user=self.request.user
        )


class RoleCompetenceCreateView(_RequirementSaveMixin, generic.CreateView):
    pass


class RoleCompetenceEditView(_RequirementSaveMixin, generic.EditView):
    pass


class RoleCompetenceIndexView(FoldedSearchIndexMixin, generic.IndexView):
    folded_search_fields = ("competence__search_text",)

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("competence")


class RoleCompetenceViewSet(ModelViewSet):
    """Which roles require which competences."""

    model = RoleCompetence
    index_view_class = RoleCompetenceIndexView
    add_view_class = RoleCompetenceCreateView
    edit_view_class = RoleCompetenceEditView
    icon = "group"
    menu_label = _("Năng lực theo vai trò")
    list_display = ["role", "competence", "note"]
    list_filter = ["role", "competence"]
    search_fields = ["note"]
    form_fields = ["role", "competence", "note"]
    list_per_page = 50


class _TrainingFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.limit_people(self.request.user)
        return form

    def save_instance(self):
        return services.training_record_save(
            record=self.form.save(commit=False), user=self.request.user
        )


class TrainingRecordCreateView(_TrainingFormMixin, ScopedCreateView):
    def get_initial(self):
        # "Ghi nhận đào tạo" on a person's record names the person: their unit too.
        initial = super().get_initial()
        person = self.request.GET.get("person", "")
        if person.isdigit():
            initial["person"] = int(person)
            membership = UnitMembership.objects.filter(user_id=int(person)).first()
            if membership is not None:
                initial["unit"] = membership.unit_id
        return initial

    def get_success_url(self):
        # Back to the person's record, where the gap just closed shows.
        return reverse("qms_competence:person", args=[self.object.person_id])


class TrainingRecordEditView(_TrainingFormMixin, ScopedEditView):
    pass


class TrainingRecordIndexView(FoldedSearchIndexMixin, ScopedIndexView):
    """Training records, searched by person, course or provider, accent-free."""

    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("person", "unit", "competence")
        )


class TrainingRecordViewSet(ScopedModelViewSet):
    """Staff training records, scoped to the user's units."""

    model = TrainingRecord
    index_view_class = TrainingRecordIndexView
    add_view_class = TrainingRecordCreateView
    edit_view_class = TrainingRecordEditView
    icon = "doc-full"
    menu_label = _("Hồ sơ đào tạo")
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "person",
        "unit",
        "competence",
        "course",
        "provider",
        "completed_on",
        "hours",
        "certificate_number",
        "expires_on",
        "recorded_by",
    ]
    list_display = [
        "course",
        "person",
        "unit",
        "competence",
        "completed_on",
        "hours",
        "expires_on",
    ]
    list_filter = ["competence", "completed_on", "expires_on"]
    list_export = [
        "person",
        "unit",
        "competence",
        "course",
        "provider",
        "completed_on",
        "hours",
        "certificate_number",
        "expires_on",
    ]
    search_fields = ["certificate_number", "person__username"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return TrainingRecordForm


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_TRAINING)


class CompetenceGroup(ViewSetGroup):
    """The "Năng lực cán bộ" menu."""

    menu_label = _("Năng lực cán bộ")
    menu_icon = "user"
    menu_order = 260
    items = (
        TrainingRecordViewSet("training_records"),
        CompetenceViewSet("competences"),
        RoleCompetenceViewSet("role_competences"),
    )


register_permission_policy(Competence, NoDeletePermissionPolicy(Competence))
register_permission_policy(
    TrainingRecord, ScopedNoDeletePermissionPolicy(TrainingRecord)
)


@hooks.register("register_admin_viewset")
def register_competence_viewsets():
    return [CompetenceGroup()]


@hooks.register("register_admin_urls")
def register_competence_urls():
    return [path("nang-luc/", include("qms.competence.urls"))]


@hooks.register("register_admin_menu_item")
def register_competence_overview():
    return OverviewMenuItem(
        _("Ma trận năng lực"),
        reverse("qms_competence:overview"),
        icon_name="table",
        order=265,
    )


hooks.register(REVIEW_INPUTS_HOOK, competence_review_input)


@hooks.register("register_admin_menu_item")
def register_my_competence_record():
    return MenuItem(
        _("Hồ sơ năng lực của tôi"),
        reverse("qms_competence:mine"),
        icon_name="user",
        order=266,
    )
