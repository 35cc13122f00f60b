"""Admin screens of the dossier KPIs: the dashboard and a read-only dossier list.

Inspections wire their own screens in ``audits.inspections.wagtail_hooks``.
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from audits.dossiers.integration_keys import (
    INTEGRATION_KEY_POLICY,
    IntegrationKeyViewSet,
)
from audits.dossiers.models import Dossier, IntegrationKey
from audits.dossiers.views import VIEW_DOSSIER, DossierDashboardView, Form06SignView
from procedures.models import ProcedurePage
from qms.organisation.admin_scoping import (
    ScopedInspectView,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
)
from qms.organisation.unit_fields import UnitFilter


class ReadOnlyScopedPolicy(ScopedPermissionPolicy):
    """Dossiers come from the one-stop software: nobody writes them in the admin,
    not even a superuser (the derived columns are set by the import services)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


DOSSIER_POLICY = ReadOnlyScopedPolicy(Dossier)
register_permission_policy(Dossier, DOSSIER_POLICY)
register_permission_policy(IntegrationKey, INTEGRATION_KEY_POLICY)


@hooks.register("register_admin_urls")
def register_dossier_urls():
    return [
        path(
            "dossiers/dashboard/",
            DossierDashboardView.as_view(),
            name="audits_dossier_dashboard",
        ),
        path(
            "dossiers/dashboard/ky-so/",
            Form06SignView.as_view(),
            name="audits_form06_sign",
        ),
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


class DossierInspectView(ScopedInspectView):
    """Inspect a dossier: 404 outside scope, the procedure linked when known."""

    def get_field_label(self, field_name, field):
        if field_name == "procedure_page":
            return _("Trang thủ tục")
        return super().get_field_label(field_name, field)

    def get_procedure_page_display_value(self):
        """The catalogue's live page for the dossier's procedure code, if any."""
        code = self.object.procedure_code
        page = code and ProcedurePage.objects.live().filter(code=code).first()
        if not page:
            return "—"
        return format_html('<a href="{}">{}</a>', page.url or "#", page.title)


class DossierFilterSet(WagtailFilterSet):
    """Outcome, channel, online level, status, and the shared unit picker
    (the unit and every unit below it, within the reader's scope)."""

    unit = UnitFilter(
        field_name="unit",
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )

    class Meta:
        model = Dossier
        fields = ["unit", "outcome", "channel", "online_level", "status"]


class DossierViewSet(ScopedModelViewSet):
    """Dossiers as imported or pushed: read only, scoped to the reader's units.

    Nobody adds or edits a dossier here (no role holds those permissions);
    the source of truth is the one-stop software.
    """

    model = Dossier
    icon = "list-ul"
    menu_label = _("Hồ sơ")
    menu_order = 301
    add_to_admin_menu = True
    url_prefix = "dossiers/records"
    inspect_view_enabled = True
    inspect_view_class = DossierInspectView
    form_fields = ["code"]  # required by ModelViewSet; the policy refuses edits

    @property
    def permission_policy(self):
        return DOSSIER_POLICY

    list_display = [
        "code",
        "procedure_code",
        "unit",
        "channel",
        "received_at",
        "due_at",
        "resolved_at",
        "outcome",
    ]
    filterset_class = DossierFilterSet
    #: The columns of ``?export=csv|xlsx`` (none used to mean empty rows).
    list_export = [
        "code",
        "procedure_code",
        "unit",
        "channel",
        "online_level",
        "received_at",
        "due_at",
        "resolved_at",
        "status",
        "outcome",
    ]
    export_filename = "ho-so"
    search_fields = ["code", "procedure_code"]
    ordering = ["-received_at"]
    inspect_view_fields = [
        "code",
        "procedure_code",
        "procedure_page",
        "unit",
        "channel",
        "online_level",
        "received_at",
        "due_at",
        "resolved_at",
        "status",
        "received_on",
        "due_on",
        "closed_on",
        "outcome",
        "updated_at",
    ]

    def get_queryset(self, request):
        return Dossier.objects.select_related("unit")


@hooks.register("register_admin_viewset")
def register_dossier_viewset():
    return [
        DossierViewSet("audits_dossiers"),
        IntegrationKeyViewSet("audits_integration_keys"),
    ]
