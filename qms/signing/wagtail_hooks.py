"""Admin URLs and menu item of signing (imported by qms/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from qms.signing.views import VIEW_SIGNED


@hooks.register("register_admin_urls")
def register_signing_urls():
    return [path("ky-so/", include("qms.signing.urls"))]


class _SigningMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_SIGNED)


@hooks.register("register_admin_menu_item")
def register_signing_menu_item():
    return _SigningMenuItem(
        _("Sổ ký số"), reverse("qms_signing:records"), icon_name="key", order=890
    )
