"""Admin screens of the audits app: the dossier KPI dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from audits.views import VIEW_DOSSIER, DossierDashboardView


@hooks.register("register_admin_urls")
def register_dossier_urls():
    return [
        path(
            "dossiers/dashboard/",
            DossierDashboardView.as_view(),
            name="audits_dossier_dashboard",
        )
    ]


class _DossierMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_DOSSIER)


@hooks.register("register_admin_menu_item")
def register_dossier_menu_item():
    return _DossierMenuItem(
        _("Kết quả giải quyết hồ sơ"),
        reverse("audits_dossier_dashboard"),
        icon_name="table",
        order=300,
    )
