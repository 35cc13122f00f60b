"""The procedures app's models, re-exported by name for Django's discovery.

Each lives in the module of its concern: ``pages`` (home and catalogue),
``procedure_page`` (one procedure), ``sectors`` (fields and the search index).
"""

from procedures.pages import CatalogueIndexPage, HomePage
from procedures.procedure_page import TRACKED_FIELDS, ProcedurePage
from procedures.sectors import ProcedureSearchWord, Sector, search_words_replace

__all__ = [
    "TRACKED_FIELDS",
    "CatalogueIndexPage",
    "HomePage",
    "ProcedurePage",
    "ProcedureSearchWord",
    "Sector",
    "search_words_replace",
]
