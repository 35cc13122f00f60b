"""Which changes purge the public page cache (``qms/page_cache.py``).

Any page published, unpublished, moved or deleted purges every public page
(the catalogue lists its procedures, the home page its news, menus their
titles); so do the site settings and the controlled documents the public pages
show (the process document in force, the quality-system page). Apps connect
their own models in their ``ready`` (procedures: sectors; audits: figures).
Imported from ``QmsConfig.ready`` once the models are loaded.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.organisation.models import DeploymentSettings
from qms.page_cache import pages_changed

#: Saved or deleted, these change what public pages show.
PAGE_CONTENT_MODELS = (
    Site,
    DeploymentSettings,
    ControlledDocument,
    DocumentRevision,
    LegalText,
)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        pages_changed()


def connect() -> None:
    page_published.connect(pages_changed, dispatch_uid="page-cache-publish")
    page_unpublished.connect(pages_changed, dispatch_uid="page-cache-unpublish")
    post_page_move.connect(pages_changed, dispatch_uid="page-cache-move")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="page-cache-delete")
    for model in PAGE_CONTENT_MODELS:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-del")
