"""Nhật ký đăng nhập: django-axes' records in the Wagtail admin, superusers only.

Successful logins (with logout time), every failed attempt (wrong password or
wrong two-factor code) and the current failure counters. The listings are
read-only; deleting a counter is unlocking that username + address (the same as
``manage.py axes_reset_username`` / ``axes_reset_ip_username``), and Wagtail
logs the deletion.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.models import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy


class SuperuserPolicy(BasePermissionPolicy):
    """Only active superusers, and only for ``actions``."""

    def __init__(self, model, actions: tuple[str, ...] = ("view",)) -> None:
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action: str) -> bool:
        return bool(user.is_active and user.is_superuser and action in self.actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if self.actions & set(actions) else users.none()


register_permission_policy(AccessLog, SuperuserPolicy(AccessLog))
register_permission_policy(AccessFailureLog, SuperuserPolicy(AccessFailureLog))
register_permission_policy(
    AccessAttempt, SuperuserPolicy(AccessAttempt, ("view", "delete"))
)


class _RecordViewSet(ModelViewSet):
    icon = "history"
    inspect_view_enabled = True
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    list_per_page = 50
    form_fields = []
    copy_view_enabled = False


class LoginViewSet(_RecordViewSet):
    model = AccessLog
    menu_label = _("Đăng nhập thành công")
    list_display = ["attempt_time", "username", "ip_address", "logout_time"]
    inspect_view_fields = [
        "attempt_time",
        "logout_time",
        "username",
        "ip_address",
        "user_agent",
        "path_info",
    ]


class FailureViewSet(_RecordViewSet):
    model = AccessFailureLog
    menu_label = _("Đăng nhập thất bại")
    list_display = ["attempt_time", "username", "ip_address", "locked_out"]
    list_filter = ["attempt_time", "locked_out"]
    inspect_view_fields = [
        "attempt_time",
        "username",
        "ip_address",
        "locked_out",
        "user_agent",
        "path_info",
    ]


class UnlockView(DeleteView):
    """Wagtail's delete view, worded as what it does here: unlocking."""

    page_title = _("Mở khóa")
    success_message = _("Đã mở khóa %(object)s.")

    @property
    def confirmation_message(self):
        return _(
            "Xóa bộ đếm lần sai này? Tài khoản đăng nhập lại được ngay từ địa chỉ"
            " này; việc mở khóa được ghi vào nhật ký."
        )


class AttemptViewSet(_RecordViewSet):
    """Failure counters; deleting one unlocks that username + address."""

    model = AccessAttempt
    delete_view_class = UnlockView
    menu_label = _("Số lần sai, mở khóa")
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start"]
    inspect_view_fields = [
        "attempt_time",
        "username",
        "ip_address",
        "failures_since_start",
        "user_agent",
        "path_info",
    ]


class LoginRecordsGroup(ModelViewSetGroup):
    menu_label = _("Nhật ký đăng nhập")
    menu_icon = "history"
    menu_order = 950
    items = (
        LoginViewSet("login_records"),
        FailureViewSet("login_failures"),
        AttemptViewSet("login_attempts"),
    )
