"""Admin screens of document control that the generic viewsets cannot give.

The per-document trace page, revision detail with workflow buttons, draft
editing with optimistic locking, diff, "in force on date", controlled-copy PDF,
the due/overdue dashboard and the legal-change form. Every view checks a model
permission and the commune scope (404 outside it); every write goes through
``qms.documents.services``, whose ``ValidationError`` becomes a message, never a
500. All of these are mounted under the Wagtail admin (admin access required).

One module per screen family: ``register`` (in force on a day, dashboard),
``history`` (trace page, diff), ``revisions`` (detail, draft editing, workflow
actions, attachment download), ``controlled_copy`` (the PDF), ``upkeep``
(periodic review, legal change); ``base`` holds what they share. ``urls.py``
names the views through this package.
"""

from qms.documents.views.controlled_copy import RevisionPdfView, RevisionSignView
from qms.documents.views.history import DocumentDiffView, DocumentTraceView
from qms.documents.views.register import DashboardView, RegisterInForceView
from qms.documents.views.revisions import (
    AttachmentDownloadView,
    BodyPreviewView,
    RevisionActionView,
    RevisionDetailView,
    RevisionEditView,
)
from qms.documents.views.upkeep import DocumentReviewView, LegalChangeView

__all__ = [
    "AttachmentDownloadView",
    "BodyPreviewView",
    "DashboardView",
    "DocumentDiffView",
    "DocumentReviewView",
    "DocumentTraceView",
    "LegalChangeView",
    "RegisterInForceView",
    "RevisionActionView",
    "RevisionDetailView",
    "RevisionEditView",
    "RevisionPdfView",
    "RevisionSignView",
]
