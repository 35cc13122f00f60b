"""Every write of document control that carries a business rule.

Keyword-only, typed, atomic. Each service checks the user's permission and the
current state, refuses with a ``ValidationError`` in Vietnamese and changes
nothing when the transition is not allowed, and sets the simple-history change
reason (and, when ``at`` is given, the history date) so that the trace page
says who did what and why. Views, management commands and the demo call these;
nothing else changes a revision's status.

One module per part of the work, so a newcomer finds a rule by its name:

- ``drafting``: new drafts, draft saves with optimistic locking (``EditConflict``),
  a draft's body imported from a Word file;
- ``attachments``: files attached to a draft;
- ``workflow``: submit, review, reject, approve, come into force, withdraw, and
  who counts as a revision's author (the independence rule);
- ``acknowledgements``: "I have read the revision in force";
- ``upkeep``: legal texts amended or replaced, periodic review;
- ``integrity``: content hashes, the hash chain, ``documents_verify``;
- ``base``: permission names, the row lock and the status guard they share.

Callers import from ``qms.documents.services``; the names below are its API.
"""

from qms.documents.services.acknowledgements import acknowledge_read
from qms.documents.services.attachments import attachment_add
from qms.documents.services.base import (
    IN_PROGRESS,
    PERM_APPROVE,
    PERM_CHANGE,
    PERM_REVIEW,
)
from qms.documents.services.drafting import (
    DRAFT_FIELDS,
    EditConflict,
    revision_create_draft,
    revision_import_word,
    revision_save_draft,
)
from qms.documents.services.integrity import (
    RegisterHead,
    TamperFinding,
    documents_verify,
    file_sha256,
    register_head,
    revision_content_hash,
)
from qms.documents.services.upkeep import (
    LEGAL_UPDATE_MONTHS,
    document_record_review,
    legal_text_mark_changed,
)
from qms.documents.services.workflow import (
    revision_approve,
    revision_authors,
    revision_make_obsolete,
    revision_reject,
    revision_review,
    revision_submit,
    revisions_activate_due,
    revisions_authors,
)

__all__ = [
    "DRAFT_FIELDS",
    "IN_PROGRESS",
    "LEGAL_UPDATE_MONTHS",
    "RegisterHead",
    "PERM_APPROVE",
    "PERM_CHANGE",
    "PERM_REVIEW",
    "EditConflict",
    "TamperFinding",
    "acknowledge_read",
    "attachment_add",
    "document_record_review",
    "documents_verify",
    "register_head",
    "file_sha256",
    "legal_text_mark_changed",
    "revision_approve",
    "revision_authors",
    "revision_content_hash",
    "revision_create_draft",
    "revision_import_word",
    "revision_make_obsolete",
    "revision_reject",
    "revision_review",
    "revision_save_draft",
    "revision_submit",
    "revisions_activate_due",
    "revisions_authors",
]
