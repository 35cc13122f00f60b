"""Admin screens of the organisation: units (read-mostly) and memberships."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
)
from qms.documents.wagtail_hooks import (
    DocumentControlGroup,
    NoDeletePermissionPolicy,
    ScopedNoDeletePermissionPolicy,
    ViewOnlyScopedPermissionPolicy,
    dashboard_menu_item,
)
from qms.organisation.admin_scoping import ScopedModelViewSet, ScopedPermissionPolicy
from qms.organisation.models import AdministrativeUnit, UnitMembership

register_permission_policy(
    AdministrativeUnit, ScopedPermissionPolicy(AdministrativeUnit)
)
# Document control: never deletable, scoped where the model belongs to a unit.
register_permission_policy(LegalText, NoDeletePermissionPolicy(LegalText))
register_permission_policy(
    ControlledDocument, ScopedNoDeletePermissionPolicy(ControlledDocument)
)
for _model in (DocumentRevision, RevisionAttachment, ReadAcknowledgement):
    register_permission_policy(_model, ViewOnlyScopedPermissionPolicy(_model))


class AdministrativeUnitViewSet(ScopedModelViewSet):
    """Units as loaded by ``load_units``; editable by administrators only."""

    model = AdministrativeUnit
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["code", "name", "level", "unit_type", "parent", "valid_to"]
    list_filter = ["level", "unit_type"]
    search_fields = ["code", "name"]
    ordering = ["level", "code"]
    form_fields = [
        "code",
        "name",
        "short_name",
        "level",
        "unit_type",
        "parent",
        "valid_from",
        "valid_to",
        "successors",
        "email",
    ]
    inspect_view_fields = [
        "code",
        "name",
        "level",
        "unit_type",
        "parent",
        "valid_from",
        "valid_to",
        "successors",
        "email",
        "source",
    ]

    def get_queryset(self, request):
        return AdministrativeUnit.objects.select_related("parent")


class UnitMembershipViewSet(ModelViewSet):
    """Who belongs to which unit: managed by administrators."""

    model = UnitMembership
    icon = "group"
    menu_label = _("Thành viên đơn vị")
    add_to_settings_menu = True
    list_display = ["user", "unit", "position", "is_head"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    form_fields = ["user", "unit", "position", "is_head"]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        AdministrativeUnitViewSet("units"),
        UnitMembershipViewSet("unit_memberships"),
        DocumentControlGroup(),
    ]


@hooks.register("register_admin_urls")
def register_document_urls():
    return [path("tai-lieu/", include("qms.documents.urls"))]


@hooks.register("register_admin_menu_item")
def register_document_dashboard():
    return dashboard_menu_item()


@hooks.register("insert_global_admin_css")
def admin_css():
    """The project's few admin style fixes (site/static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
