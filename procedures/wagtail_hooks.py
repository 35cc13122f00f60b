"""Admin screens of the catalogue: fields (lĩnh vực) as a snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from procedures.models import Sector


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
