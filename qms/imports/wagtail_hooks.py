"""The "Nhập dữ liệu" admin menu and the imports' URLs (qms/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from qms.imports.registry import Importer, importers


class ImporterMenuItem(MenuItem):
    """One import, shown only to the roles that may use it."""

    def __init__(self, importer: Importer, order: int):
        super().__init__(
            importer.label,
            reverse("qms_imports:upload", args=[importer.key]),
            name=f"import-{importer.key}",
            icon_name="upload",
            order=order,
        )
        self.importer = importer

    def is_shown(self, request):
        return self.importer.allowed(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("nhap-du-lieu/", include("qms.imports.urls"))]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    items = [
        ImporterMenuItem(importer, order=100 + 10 * position)
        for position, importer in enumerate(importers())
    ]
    # shown when at least one item is (SubmenuMenuItem.is_shown)
    return SubmenuMenuItem(
        _("Nhập dữ liệu"),
        Menu(items=items),
        name="imports",
        icon_name="upload",
        order=900,
    )
