"""Which changes purge the public page cache (``qms/page_cache.py``).

Any page published, unpublished, moved or deleted purges every public page
(the catalogue lists its procedures, the home page its news, menus their
titles); so do the site settings and the controlled documents the public pages
show (the process document in force, the quality-system page). Apps connect
their own models in their ``ready`` (procedures: sectors; audits: figures).
Imported from ``QmsConfig.ready`` once the models are loaded.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.organisation.models import DeploymentSettings
from qms.page_cache import changed_here, pages_changed

#: Saved or deleted, these change what public pages show.
PAGE_CONTENT_MODELS = (
    Site,
    DeploymentSettings,
    ControlledDocument,
    DocumentRevision,
    LegalText,
    # who may see a page (qms/page_serving.py remembers them per generation)
    PageViewRestriction,
)


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        pages_changed()


def _page_saved(sender, instance, **kwargs) -> None:
    """Any page row saved (drafts too): this process forgets what it remembers.

    Live content changes only by publishing (which purges every process); a
    plain save here still drops this process's remembered pages at once.
    """
    if isinstance(instance, Page):
        changed_here()


def connect() -> None:
    page_published.connect(pages_changed, dispatch_uid="page-cache-publish")
    page_unpublished.connect(pages_changed, dispatch_uid="page-cache-unpublish")
    post_page_move.connect(pages_changed, dispatch_uid="page-cache-move")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="page-cache-delete")
    post_save.connect(_page_saved, dispatch_uid="page-serving-page-save")
    for model in PAGE_CONTENT_MODELS:
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"{uid}-del")
