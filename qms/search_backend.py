"""Wagtail's database search backend, safe against stray quotes and NULs.

On SQLite the backend hands the query to FTS5, which raises "unterminated
string" for a lone ``"`` (or a NUL byte) and turns a citizen's typo in the
public API or an admin chooser into a 500. Balanced quotes keep their phrase
meaning; an odd one is dropped.
"""

from typing import Any

from modelsearch.query import MATCH_NONE
from wagtail.search.backends.database import SearchBackend as _vendor_backend


def clean_query(query: Any) -> Any:
    """Remove what FTS5 cannot parse from a plain query string.

    A query left blank matches nothing (the backends cannot compile it).
    """
    if not isinstance(query, str):
        return query
    query = query.replace("\x00", " ")
    if query.count('"') % 2:
        query = query.replace('"', " ")
    return query if query.strip() else MATCH_NONE


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """The vendor's backend (PostgreSQL, SQLite FTS5, ...) with cleaned queries."""
    backend = _vendor_backend(params)
    search = backend._search

    def _search(query_compiler_class, query, model_or_queryset, **kwargs):
        return search(
            query_compiler_class, clean_query(query), model_or_queryset, **kwargs
        )

    backend._search = _search
    return backend
