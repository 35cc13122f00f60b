"""Wagtail discovers this module: it registers each domain package's admin."""

from audits.dossiers import wagtail_hooks as dossier_hooks
from audits.feedback import wagtail_hooks as feedback_hooks
from audits.inspections import wagtail_hooks as inspection_hooks
from audits.planning import wagtail_hooks as planning_hooks
from audits.reviews import wagtail_hooks as review_hooks

__all__ = [
    "dossier_hooks",
    "feedback_hooks",
    "inspection_hooks",
    "planning_hooks",
    "review_hooks",
]
