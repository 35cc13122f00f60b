"""Admin screens of document control that the generic viewsets cannot give.

The per-document trace page, revision detail with workflow buttons, draft
editing with optimistic locking, diff, "in force on date", controlled-copy PDF,
the due/overdue dashboard and the legal-change form. Every view checks a model
permission and the commune scope (404 outside it); every write goes through
``qms.documents.services``, whose ``ValidationError`` becomes a message, never a
500. All of these are mounted under the Wagtail admin (admin access required).
"""
