"""Accent folding for Vietnamese search.

Neither SQLite nor PostgreSQL ignores Vietnamese tone marks, so every procedure
stores a folded copy of its text and queries are folded the same way
(PITFALLS.md, Search). ``anyascii`` maps "Đ" to "D" and drops tone marks.
"""

import re

from anyascii import anyascii

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
