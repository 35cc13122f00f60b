"""Accent folding for Vietnamese search, on SQLite and PostgreSQL alike.

Neither database ignores Vietnamese tone marks ("chung thuc" does not find
"Chứng thực"), so a searchable record stores a folded copy of its text and
queries are folded the same way (PITFALLS.md, Search). ``anyascii`` maps "Đ"
to "D" and drops tone marks. The public catalogue (``procedures``) and the
staff searches of the admin (``qms.admin_search``) share these functions.
"""

import re

from anyascii import anyascii
from django.db import models

_NOT_WORD = re.compile(r"[^a-z0-9.]+")


def fold(text: str) -> str:
    """Lower-case ASCII words of ``text`` separated by single spaces.

    "Đăng ký KHAI SINH!" becomes "dang ky khai sinh". Dots survive inside
    words so that national codes such as "1.001193" stay searchable.
    """
    ascii_text = anyascii(text or "").lower()
    words = (word.strip(".") for word in _NOT_WORD.split(ascii_text))
    return " ".join(word for word in words if word)


def fold_terms(query: str, *, limit: int = 12) -> list[str]:
    """The distinct folded words of a search query, at most ``limit`` of them."""
    seen: list[str] = []
    for word in fold(query).split():
        if word not in seen:
            seen.append(word)
    return seen[:limit]


def folded_column(*parts: str) -> str:
    """The stored form of a folded search column: words padded with spaces,
    so that ``" word"`` matches at the start of a word only."""
    return f" {fold(' '.join(part for part in parts if part))} "


class FoldedTextField(models.TextField):
    """A text column holding accent-folded, lower-case words (``fold``)."""


@FoldedTextField.register_lookup
class Has(models.Lookup):
    """``field__has="x"``: the column contains the substring ``x``.

    ``contains`` compiles to ``LIKE '%x%'`` on SQLite, which compares
    case-insensitively character by character and takes twice as long as a
    plain substring search. Folded columns are already lower-case ASCII, so a
    case-sensitive ``instr`` (SQLite) / ``strpos`` (PostgreSQL) gives the
    same answers faster.
    """

    lookup_name = "has"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        function = "instr" if connection.vendor == "sqlite" else "strpos"
        return f"{function}({lhs}, {rhs}) > 0", [*lhs_params, *rhs_params]


class FoldedSearchMixin:
    """Keeps a model's ``search_text`` (a ``FoldedTextField``) in step on save.

    The model names the fields to fold in ``folded_search_sources``. Every
    write path of these models goes through ``save()`` (services, imports,
    the unit loader); a ``bulk_create`` would have to fill the column itself.
    """

    folded_search_sources: tuple[str, ...] = ()

    def folded_search_text(self) -> str:
        """The folded words of the source fields, padded for word-start matches."""
        return folded_column(
            *(str(getattr(self, name) or "") for name in self.folded_search_sources)
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        self.search_text = self.folded_search_text()
        if update_fields is not None and set(update_fields) & set(
            self.folded_search_sources
        ):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
