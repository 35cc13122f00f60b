"""Admin screens of the catalogue: fields (lĩnh vực) as a snippet."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from procedures.models import ProcedurePage, Sector


class SectorViewSet(SnippetViewSet):
    """Fields of procedures; the import creates missing ones by name."""

    model = Sector
    icon = "folder-open-inverse"
    menu_label = _("Lĩnh vực thủ tục")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(SectorViewSet)


@hooks.register("before_copy_page")
def refuse_copying_procedures(request, page):
    """A procedure's national code is unique, so a copy could never be saved.

    Say so instead of failing; a new procedure starts from "Thêm trang con" or
    from ``import_procedures``.
    """
    if isinstance(page.specific, ProcedurePage):
        messages.error(
            request,
            _(
                "Không sao chép được thủ tục: mỗi thủ tục có mã riêng. Hãy tạo "
                "thủ tục mới trong danh mục hoặc nhập bằng import_procedures."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
