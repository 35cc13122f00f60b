"""Wagtail admin wiring of inspections: URLs under /admin/inspections/, menu.

Imported from ``AuditsConfig.ready`` so that it does not depend on who owns
``audits/wagtail_hooks.py``. The views check permissions and scope themselves;
the menu only hides what a role cannot open.
"""

from collections.abc import Mapping
from typing import Any

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from audits.inspections import checklist_views, selectors, views
from audits.inspections.listings import (
    ActionIndexView,
    InspectionIndexView,
    NonconformityIndexView,
)
from audits.inspections.selectors import follow_up
from audits.inspections.waiting import waiting_sections

app_name = "audits_inspections"

urlpatterns = [
    path("", InspectionIndexView.as_view(), name="index"),
    path(
        "results/",
        InspectionIndexView.as_view(results_only=True),
        name="index_results",
    ),
    path("new/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("<int:pk>/visit/", views.visit, name="visit"),
    path("<int:pk>/complete/", views.inspection_complete, name="complete"),
    path("<int:pk>/record.pdf", views.inspection_record, name="record"),
    path("<int:pk>/ky-so/", views.inspection_record_sign, name="record_sign"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("plans/", views.plan_index, name="plans"),
    path("checklists/", checklist_views.checklist_index, name="checklists"),
    path(
        "checklists/new/",
        checklist_views.checklist_create,
        name="checklist_create",
    ),
    path("checklists/<int:pk>/", checklist_views.checklist_edit, name="checklist"),
    path(
        "checklists/<int:pk>/copy/",
        checklist_views.checklist_copy,
        name="checklist_copy",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/items/<int:pk>/", views.plan_item_change, name="plan_item"),
    path(
        "nonconformities/",
        NonconformityIndexView.as_view(),
        name="nonconformities",
    ),
    path(
        "nonconformities/results/",
        NonconformityIndexView.as_view(results_only=True),
        name="nonconformities_results",
    ),
    path("nonconformities/<int:pk>/", views.nonconformity_detail, name="nonconformity"),
    path("actions/", ActionIndexView.as_view(), name="actions"),
    path(
        "actions/results/",
        ActionIndexView.as_view(results_only=True),
        name="actions_results",
    ),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("revisions/<int:pk>/", views.revision_actions, name="revision_actions"),
    path("summary/", views.summary_index, name="summary"),
    path("summary/<int:year>.pdf", views.summary_pdf, name="summary_pdf"),
    path("summary/<int:year>.xlsx", views.summary_xlsx, name="summary_xlsx"),
]


@hooks.register("register_admin_urls")
def register_inspection_urls():
    return [
        path(
            "inspections/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding ``permission``."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class _InspectionMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("audits.view_inspection")


@hooks.register("register_admin_menu_item")
def register_inspection_menu():
    def url(name: str) -> str:
        return reverse("wagtailadmin_home") + f"inspections/{name}"

    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Cuộc kiểm tra"),
                url(""),
                name="inspections",
                icon_name="clipboard-list",
                order=100,
                permission="audits.view_inspection",
            ),
            PermissionMenuItem(
                _("Kế hoạch kiểm tra"),
                url("plans/"),
                name="inspection-plans",
                icon_name="date",
                order=200,
                permission="audits.view_inspectionplan",
            ),
            PermissionMenuItem(
                _("Mẫu danh mục kiểm tra"),
                url("checklists/"),
                name="checklists",
                icon_name="list-ol",
                order=250,
                permission="audits.view_checklisttemplate",
            ),
            PermissionMenuItem(
                _("Điểm không phù hợp"),
                url("nonconformities/"),
                name="nonconformities",
                icon_name="warning",
                order=280,
                permission="audits.view_nonconformity",
            ),
            PermissionMenuItem(
                _("Hành động khắc phục"),
                url("actions/"),
                name="corrective-actions",
                icon_name="tasks",
                order=300,
                permission="audits.view_correctiveaction",
            ),
            PermissionMenuItem(
                _("Xem xét của lãnh đạo"),
                url("reviews/"),
                name="management-reviews",
                icon_name="group",
                order=350,
                permission="audits.view_managementreview",
            ),
            PermissionMenuItem(
                _("Tổng hợp năm"),
                url("summary/"),
                name="inspection-summary",
                icon_name="doc-full",
                order=400,
                permission="qms.view_all_units",
            ),
        ]
    )
    return _InspectionMenu(
        _("Kiểm tra, khắc phục"),
        menu,
        name="inspection-menu",
        icon_name="clipboard-list",
        order=300,
    )


class FollowUpPanel(Component):
    """Dashboard panel: open and overdue corrective actions in the user's units."""

    template_name = "audits/inspections/followup_panel.html"
    order = 150

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        rows = follow_up(user=self.request.user, today=timezone.localdate())
        return {
            "rows": rows[:8],
            "open": sum(row.open for row in rows),
            "reported": sum(row.reported for row in rows),
            "overdue": sum(row.overdue for row in rows),
        }


@hooks.register("construct_homepage_panels")
def add_follow_up_panel(request, panels) -> None:
    if request.user.has_perm("audits.view_correctiveaction"):
        panels.append(FollowUpPanel(request))


@hooks.register("qms_revision_related_links")
def revision_related_actions(request, revision) -> list[tuple[str, str]]:
    """On a document revision's page: the corrective actions that cite it."""
    if not request.user.has_perm("audits.view_correctiveaction"):
        return []
    count = (
        selectors.actions_for(request.user).filter(document_revision=revision).count()
    )
    if not count:
        return []
    label = ngettext(
        "%(n)d hành động khắc phục dẫn đến lần sửa đổi này",
        "%(n)d hành động khắc phục dẫn đến lần sửa đổi này",
        count,
    ) % {"n": count}
    return [(label, reverse("audits_inspections:revision_actions", args=[revision.pk]))]


# "Việc chờ tôi": a person's own corrective actions, and those to verify.
hooks.register("qms_waiting_for_me", waiting_sections)
