"""The folded search column of procedures (``qms.folding``).

The class stays here under its own name because the procedures' migrations
refer to ``procedures.lookups.FoldedTextField``; its ``has`` lookup (a fast
substring search, identical on SQLite and PostgreSQL) comes from the parent.
"""

from qms.folding import FoldedTextField as _SharedFoldedTextField


class FoldedTextField(_SharedFoldedTextField):
    """A text column holding accent-folded, lower-case words (see qms.folding)."""
