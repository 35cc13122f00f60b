"""Wagtail's database search backend, safe against any text a person types.

SQLite's backend quotes each word of a query for FTS5 (``"word"*``) without
escaping the quotes inside it, so a ``"`` in a word ends the quoted string
early and what follows is FTS5 syntax: ``"a:b"`` becomes a filter on a column
``a`` ("no such column: a"), a lone ``"`` an "unterminated string", a NUL byte
an error of its own. Each is a 500 in the public API, an admin search box or a
chooser. So a full-text search string is read here: text between balanced
double quotes becomes a ``Phrase`` (``"khai sinh"`` finds those two words in
that order, as people expect from a search box), the rest plain words, and
quotes left over are dropped; query objects (``Phrase``, ``PlainText``,
``Fuzzy`` from ``parse_query_string``) are cleaned the same way. Autocomplete
takes words only, so its strings just lose their quotes. PostgreSQL's
``plainto_tsquery`` and ``phraseto_tsquery`` take any text.
A query keeps its first ``MAX_WORDS`` words: PostgreSQL's backend joins one
``SearchQuery`` per word into a nested expression, and a few hundred words
exceed Python's recursion limit while it is compiled (another 500).
``tests/procedures/test_hostile_queries.py`` walks a corpus through every box.
"""

import copy
from typing import Any

from modelsearch.query import MATCH_NONE, And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from wagtail.search.backends.database import SearchBackend as _vendor_backend

MAX_WORDS = 32


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:MAX_WORDS]) if len(words) > MAX_WORDS else text


def _clean_text(text: str) -> str:
    return _first_words(text.replace("\x00", " ").replace('"', " "))


def clean_query(query: Any) -> Any:
    """The query with what FTS5 cannot take out of its text.

    A query left blank matches nothing (the backends cannot compile it).
    """
    if isinstance(query, str):
        query = _clean_text(query)
        return query if query.strip() else MATCH_NONE
    if isinstance(query, PlainText | Phrase | Fuzzy):
        text = _clean_text(query.query_string)
        if not text.strip():
            return MATCH_NONE
        query = copy.copy(query)
        query.query_string = text
        return query
    if isinstance(query, And | Or):
        return type(query)([clean_query(sub) for sub in query.subqueries[:MAX_WORDS]])
    if isinstance(query, Not):
        return Not(clean_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(clean_query(query.subquery), query.boost)
    return query


def words_and_phrases(text: str, operator: str) -> Any:
    """``a "b c" d`` as plain words and phrases, joined by ``operator``."""
    text = _first_words(text.replace("\x00", " "))
    if text.count('"') < 2 or text.count('"') % 2:
        return clean_query(text)
    tokens = []
    for number, part in enumerate(text.split('"')):
        part = _clean_text(part).strip()
        if part:
            phrase = number % 2 == 1
            tokens.append(Phrase(part) if phrase else PlainText(part, operator))
    if not tokens:
        return MATCH_NONE
    if len(tokens) == 1:
        return tokens[0]
    return Or(tokens) if operator == "or" else And(tokens)


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    """The vendor's backend (PostgreSQL, SQLite FTS5, ...) with cleaned queries."""
    backend = _vendor_backend(params)
    search = backend._search
    full_text = backend.query_compiler_class

    def _search(query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str) and query_compiler_class is full_text:
            operator = kwargs.get("operator") or full_text.DEFAULT_OPERATOR
            query = words_and_phrases(query, operator.lower())
        else:
            query = clean_query(query)
        return search(query_compiler_class, query, model_or_queryset, **kwargs)

    backend._search = _search
    return backend
