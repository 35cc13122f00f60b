"""Cache invalidation of the catalogue (who relies on it: search's filter options).

Imported from ``ProceduresConfig.ready`` once the models are loaded.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from procedures.procedure_page import ProcedurePage
from procedures.search import catalogue_version_bump
from procedures.sectors import Sector


def _bump(**kwargs) -> None:
    catalogue_version_bump()


def connect() -> None:
    """Bump the catalogue version when procedures or fields change."""
    page_published.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-pub")
    page_unpublished.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-unpub")
    post_delete.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-del")
    post_save.connect(_bump, sender=Sector, dispatch_uid="sector-save")
    post_delete.connect(_bump, sender=Sector, dispatch_uid="sector-del")
