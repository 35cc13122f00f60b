"""Admin screens of the organisation: units (read-mostly) and memberships."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from qms.organisation.admin_scoping import ScopedModelViewSet, ScopedPermissionPolicy
from qms.organisation.models import AdministrativeUnit, UnitMembership

register_permission_policy(
    AdministrativeUnit, ScopedPermissionPolicy(AdministrativeUnit)
)


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
    ]
