"""The admin dashboard's first panel: who you are here and what you may see."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from laces.components import Component
from wagtail import hooks
from wagtail.models import Site

from qms.organisation.models import AdministrativeUnit, DeploymentSettings
from qms.organisation.scoping import scope_queryset, sees_all_units


class DeploymentPanel(Component):
    """Operating unit, the user's roles and their data scope, at a glance."""

    template_name = "qms/admin/deployment_panel.html"
    order = 50

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        user = self.request.user
        site = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        deployment = DeploymentSettings.for_site(site) if site else None
        scoped_units = None
        if not sees_all_units(user):
            scoped_units = list(
                scope_queryset(AdministrativeUnit.objects.all(), user)
                .filter(memberships__user=user)
                .order_by("level", "name")
            )
        return {
            "deployment": deployment,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "roles": [group.name for group in user.groups.order_by("name")],
            "is_superuser": user.is_superuser,
            "scoped_units": scoped_units,
            "site_url": site.root_url if site else "/",
        }


@hooks.register("construct_homepage_panels")
def add_deployment_panel(request, panels) -> None:
    panels.append(DeploymentPanel(request))
