"""Accent folding for Vietnamese search: the shared functions of ``qms.folding``.

Every procedure stores a folded copy of its text and queries are folded the
same way (PITFALLS.md, Search); staff searches in the admin use the same
functions.
"""

from qms.folding import fold, fold_terms

__all__ = ["fold", "fold_terms"]
