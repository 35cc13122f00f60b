"""Dossier figures changed: purge the cached transparency pages.

Saves through the ORM are caught here; the bulk paths (``dossiers_upsert``, the
PostgreSQL COPY import, the totals and survey imports) call
``figures_changed()`` themselves, since they write without signals.
Connected from ``AuditsConfig.ready`` once the models are loaded.
"""

from django.db.models.signals import post_delete, post_save

from audits.dossiers.models import (
    Dossier,
    DossierTotal,
    OneStopEvaluation,
    SatisfactionSurvey,
)
from qms.page_cache import figures_changed

FIGURE_MODELS = (Dossier, DossierTotal, SatisfactionSurvey, OneStopEvaluation)


def _changed(**_kwargs) -> None:
    figures_changed()


def connect() -> None:
    for model in FIGURE_MODELS:
        uid = f"figures-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-del")
