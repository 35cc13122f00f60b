"""Cache invalidation of the catalogue (search's filter options, the page cache).

Imported from ``ProceduresConfig.ready`` once the models are loaded.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from procedures.procedure_page import ProcedurePage
from procedures.search import catalogue_version_bump
from procedures.sectors import Sector
from qms.page_cache import pages_changed


def _bump(**kwargs) -> None:
    catalogue_version_bump()
    pages_changed()


def connect() -> None:
    """Bump the catalogue version when procedures or fields change."""
    page_published.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-pub")
    page_unpublished.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-unpub")
    post_delete.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-del")
    post_save.connect(_bump, sender=Sector, dispatch_uid="sector-save")
    post_delete.connect(_bump, sender=Sector, dispatch_uid="sector-del")
