"""Cache invalidation of the catalogue (who relies on it: selectors' filter options)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished


def _bump(**kwargs) -> None:
    from procedures.selectors import catalogue_version_bump

    catalogue_version_bump()


def connect() -> None:
    """Bump the catalogue version when procedures or fields change."""
    from procedures.models import ProcedurePage, Sector

    page_published.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-pub")
    page_unpublished.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-unpub")
    post_delete.connect(_bump, sender=ProcedurePage, dispatch_uid="proc-del")
    post_save.connect(_bump, sender=Sector, dispatch_uid="sector-save")
    post_delete.connect(_bump, sender=Sector, dispatch_uid="sector-del")
