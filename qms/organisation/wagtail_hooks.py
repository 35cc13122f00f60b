"""Admin screens of the organisation: units (read-mostly) and memberships."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from qms.admin_search import FoldedSearchIndexMixin
from qms.organisation.admin_scoping import (
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
    UnitPickerViewSetMixin,
)
from qms.organisation.login_records import LoginRecordsGroup
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.two_factor import (
    BACKUP_ACTION,
    DISABLE_ACTION,
    ENROL_ACTION,
    RESET_ACTION,
)
from qms.organisation.two_factor_views import two_factor_admin_urls

register_permission_policy(
    AdministrativeUnit, ScopedPermissionPolicy(AdministrativeUnit)
)


class UnitIndexView(FoldedSearchIndexMixin, ScopedIndexView):
    """Units searched without tone marks ("xuan truong"), exported as a list."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class MembershipIndexView(FoldedSearchIndexMixin, IndexView):
    """Memberships searched by person, or by unit without tone marks."""

    folded_search_fields = ("unit__search_text",)


class AdministrativeUnitViewSet(ScopedModelViewSet):
    """Units as loaded by ``load_units``; editable by administrators only."""

    model = AdministrativeUnit
    index_view_class = UnitIndexView
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["code", "name", "level", "unit_type", "parent", "valid_to"]
    list_filter = ["level", "unit_type"]
    search_fields = ["code", "name"]
    ordering = ["level", "code"]
    list_export = [
        "code",
        "name",
        "short_name",
        "level",
        "unit_type",
        "parent",
        "parent.code",
        "valid_from",
        "valid_to",
        "email",
    ]
    export_headings = {"parent.code": _("Mã đơn vị cấp trên")}
    export_filename = "danh-muc-don-vi-hanh-chinh"
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


class UnitMembershipViewSet(UnitPickerViewSetMixin, ModelViewSet):
    """Who belongs to which unit: managed by administrators."""

    model = UnitMembership
    index_view_class = MembershipIndexView
    icon = "group"
    menu_label = _("Thành viên đơn vị")
    add_to_settings_menu = True
    list_display = ["user", "unit", "position", "is_head"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    form_fields = ["user", "unit", "position", "is_head"]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        AdministrativeUnitViewSet("units"),
        UnitMembershipViewSet("unit_memberships"),
    ]


# Login security (issue 11): login records, two-factor -----------------------


@hooks.register("register_admin_viewset")
def register_login_records():
    return LoginRecordsGroup()


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return two_factor_admin_urls


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("qms_2fa_manage"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Mã 6 chữ số từ điện thoại mỗi lần đăng nhập; mã dự phòng."),
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if not request_user.is_superuser:
        return []
    return [
        Button(
            _("Đặt lại xác thực hai bước"),
            url=reverse("qms_2fa_reset_user", args=[user.pk]),
            icon_name="key",
            priority=90,
        )
    ]


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        ENROL_ACTION, _("Bật xác thực hai bước"), _("Bật xác thực hai bước")
    )
    actions.register_action(
        DISABLE_ACTION, _("Tắt xác thực hai bước"), _("Tắt xác thực hai bước")
    )
    actions.register_action(
        RESET_ACTION,
        _("Đặt lại xác thực hai bước"),
        _("Quản trị viên đặt lại xác thực hai bước"),
    )
    actions.register_action(
        BACKUP_ACTION, _("Tạo lại mã dự phòng"), _("Tạo lại mã dự phòng")
    )
