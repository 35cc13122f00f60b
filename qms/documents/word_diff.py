"""Word-level comparison of two revisions, on the text as readers see it.

Both bodies are rendered by ``render_markdown`` and read back as blocks
(headings, paragraphs, list items, table rows with their cells), so markup
(``|``, ``##``) never shows as a change. Blocks are matched first; a changed
block is then compared word by word. The result is one column (inline, never
side by side: it reads on a 375 px phone), with ``<ins>`` and ``<del>`` that
also say "thêm"/"bỏ" in words for screen readers and are underlined or struck
through, not only coloured. Runs of unchanged blocks fold into ``<details>``.
Used by ``selectors.revision_diff``.
"""

import difflib
import re
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, Tag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qms.documents.rendering import render_markdown

_WORDS = re.compile(r"\S+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Unchanged blocks kept in view on each side of a change.
CONTEXT_BLOCKS = 1


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item or table row of rendered text."""

    kind: str  # "h2", "p", "li", "row", "head", "pre"
    cells: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.kind + "\x00" + "\x01".join(self.cells)


@dataclass
class DiffBlock:
    """One block of the comparison: each cell a list of (op, text) runs."""

    kind: str
    status: str  # "equal", "changed", "inserted", "deleted"
    cells: list[list[tuple[str, str]]] = field(default_factory=list)


def _item_text(item: Tag) -> str:
    """A list item's own text; a nested list's items are blocks of their own."""
    parts = [
        child.get_text(" ") if isinstance(child, Tag) else str(child)
        for child in item.children
        if not (isinstance(child, Tag) and child.name in ("ul", "ol"))
    ]
    return " ".join(" ".join(parts).split())


def body_blocks(markdown: str) -> list[Block]:
    """The rendered body of a revision as a flat list of blocks."""
    soup = BeautifulSoup(render_markdown(markdown), "html.parser")
    blocks = []
    for element in soup.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre"]
    ):
        if element.name == "p" and element.find_parent(["li", "td", "th"]):
            continue
        if element.name == "tr":
            cells = tuple(
                " ".join(c.get_text(" ").split())
                for c in element.find_all(["td", "th"], recursive=False)
            )
            kind = "head" if element.find("th", recursive=False) else "row"
            blocks.append(Block(kind, cells))
            continue
        if element.name == "li":
            text = _item_text(element)
        else:
            text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(Block(element.name, (text,)))
    return blocks


def _word_runs(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of ("=", "+" or "-", text) turning ``old`` into ``new`` word by word."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    runs = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            runs.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


def _whole(block: Block, op: str, status: str) -> DiffBlock:
    return DiffBlock(
        block.kind, status, [[(op, cell)] if cell else [] for cell in block.cells]
    )


def _pair(old: Block, new: Block) -> list[DiffBlock]:
    """Two blocks in the same place: compared word by word when alike."""
    same_shape = old.kind == new.kind or {old.kind, new.kind} <= {"row", "head"}
    if not same_shape or len(old.cells) != len(new.cells):
        return [_whole(old, "-", "deleted"), _whole(new, "+", "inserted")]
    ratio = difflib.SequenceMatcher(
        None, " ".join(old.cells).split(), " ".join(new.cells).split(), autojunk=False
    ).ratio()
    if ratio < 0.3:
        return [_whole(old, "-", "deleted"), _whole(new, "+", "inserted")]
    cells = [_word_runs(a, b) for a, b in zip(old.cells, new.cells, strict=True)]
    return [DiffBlock(new.kind, "changed", cells)]


def compare_bodies(old_markdown: str, new_markdown: str) -> list[DiffBlock]:
    """The blocks of the new body with what changed since the old one."""
    old, new = body_blocks(old_markdown), body_blocks(new_markdown)
    matcher = difflib.SequenceMatcher(
        None, [b.key for b in old], [b.key for b in new], autojunk=False
    )
    result: list[DiffBlock] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result += [_whole(b, "=", "equal") for b in new[j1:j2]]
        elif op == "delete":
            result += [_whole(b, "-", "deleted") for b in old[i1:i2]]
        elif op == "insert":
            result += [_whole(b, "+", "inserted") for b in new[j1:j2]]
        else:
            result += _replaced(old[i1:i2], new[j1:j2])
    return result


def _shape(block: Block) -> str:
    return "row" if block.kind == "head" else block.kind


def _replaced(old: list[Block], new: list[Block]) -> list[DiffBlock]:
    """Changed blocks: paired by kind in order (a paragraph with a paragraph)."""
    matcher = difflib.SequenceMatcher(
        None, [_shape(b) for b in old], [_shape(b) for b in new], autojunk=False
    )
    result: list[DiffBlock] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                result += _pair(a, b)
            continue
        result += [_whole(b, "-", "deleted") for b in old[i1:i2]]
        result += [_whole(b, "+", "inserted") for b in new[j1:j2]]
    return result


def counts(blocks: list[DiffBlock]) -> tuple[int, int]:
    """Words inserted and words deleted."""
    inserted = deleted = 0
    for block in blocks:
        for cell in block.cells:
            for op, text in cell:
                if op == "+":
                    inserted += len(text.split())
                elif op == "-":
                    deleted += len(text.split())
    return inserted, deleted


# --- HTML --------------------------------------------------------------------


def _runs_html(runs: list[tuple[str, str]]) -> str:
    added, removed = escape(_("thêm:")), escape(_("bỏ:"))
    parts = []
    for op, text in runs:
        if not text:
            continue
        if op == "+":
            parts.append(
                f'<ins><span class="qms-sr">{added} </span>{escape(text)}</ins>'
            )
        elif op == "-":
            parts.append(
                f'<del><span class="qms-sr">{removed} </span>{escape(text)}</del>'
            )
        else:
            parts.append(escape(text))
    return " ".join(parts)


_BADGES = {
    "inserted": ("+", gettext_lazy("Đoạn thêm mới")),
    "deleted": ("−", gettext_lazy("Đoạn bị bỏ")),
    "changed": ("~", gettext_lazy("Đoạn có sửa đổi")),
}


def _block_html(block: DiffBlock) -> str:
    classes = f"qms-wdiff__block qms-wdiff__{block.kind} qms-wdiff--{block.status}"
    badge = ""
    if block.status in _BADGES:
        sign, label = _BADGES[block.status]
        label = escape(str(label))
        badge = (
            f'<span class="qms-wdiff__badge" title="{label}">'
            f'<span aria-hidden="true">{sign}</span>'
            f'<span class="qms-sr">{label}</span></span>'
        )
    if block.kind in ("row", "head"):
        cells = "".join(
            f'<span class="qms-wdiff__cell">{_runs_html(cell) or "&nbsp;"}</span>'
            for cell in block.cells
        )
        cells = f'<div class="qms-wdiff__cells">{cells}</div>'
        return f'<div class="{classes}">{badge}{cells}</div>'
    text = _runs_html(block.cells[0] if block.cells else [])
    return f'<div class="{classes}">{badge}<p>{text}</p></div>'


def diff_html(blocks: list[DiffBlock]) -> str:
    """The comparison as one column of escaped HTML; long unchanged runs fold."""
    changed = [i for i, b in enumerate(blocks) if b.status != "equal"]
    keep = set()
    for i in changed:
        keep.update(range(i - CONTEXT_BLOCKS, i + CONTEXT_BLOCKS + 1))
    out, folded = [], []

    def fold() -> None:
        if not folded:
            return
        summary = ngettext(
            "%(n)d đoạn không thay đổi", "%(n)d đoạn không thay đổi", len(folded)
        ) % {"n": len(folded)}
        out.append(
            f'<details class="qms-wdiff__same"><summary>{escape(summary)}</summary>'
            + "".join(folded)
            + "</details>"
        )
        folded.clear()

    for i, block in enumerate(blocks):
        html = _block_html(block)
        if block.status == "equal" and i not in keep:
            folded.append(html)
            continue
        fold()
        out.append(html)
    fold()
    return '<div class="qms-wdiff">' + "".join(out) + "</div>"
