"""A Word file (.docx) as a draft's body: checked, read by mammoth, made Markdown.

Clerks write in Word; the register stores Markdown (``render_markdown`` reads
it and the hash chain covers it). The upload first passes the shared check
(``qms.uploads``: a .docx whose bytes are Office Open XML, at most
``WORD_IMPORT.max_bytes``), then the archive is opened and refused when it
carries macros, ActiveX controls, embedded programs or HTML chunks, or is not
a Word document at all. mammoth turns the document into a small, predictable
HTML (headings, paragraphs, bold and italic, lists, tables, links); this module
writes that as the Markdown dialect ``render_markdown`` reads (Python-Markdown
with ``tables`` and ``sane_lists``: four-space list nesting, its own escapes).
Pictures are left out and said so. Callers: ``services.revision_import_word``.
"""

import re
import zipfile
from dataclasses import dataclass, field

import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.uploads import MB, UploadKind, check_upload

WORD_IMPORT = UploadKind(
    "word_import",
    gettext_lazy("tệp Word để nhập nội dung"),
    frozenset({"docx"}),
    10 * MB,
)
#: Unpacked, a .docx is rarely more than a few times its size; a "zip bomb"
#: that unpacks to gigabytes is refused before mammoth reads it.
MAX_UNPACKED_BYTES = 100 * MB

_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
_ACTIVE_PARTS = ("word/activex/",)
#: OLE objects (``oleObject1.bin``) can wrap any program; printer settings
#: (``word/printerSettings/*.bin``) are harmless and common, so only these.
_OLE_PARTS = "word/embeddings/"
_PROGRAM_EXTENSIONS = (
    ".exe", ".dll", ".js", ".vbs", ".wsf", ".ps1", ".bat", ".cmd",
    ".hta", ".htm", ".html", ".mht", ".mhtml", ".svg", ".xhtml",
)  # fmt: skip


@dataclass
class WordConversion:
    """The Markdown made from a Word file, and what the clerk should check."""

    markdown: str
    notes: list[str] = field(default_factory=list)


def _refuse(name: str, why: str) -> ValidationError:
    return ValidationError(
        _("Tệp %(name)s không nhập được: %(why)s") % {"name": name, "why": why},
        code="word_refused",
    )


def _read_part(archive: zipfile.ZipFile, names: list[str], part: str) -> bytes:
    """The first 200 kB of a part, lower-cased; empty when it is missing."""
    if part.lower() not in names:
        return b""
    with archive.open(part) as handle:
        return handle.read(200_000).lower()


def _check_archive(upload: File, name: str) -> None:
    """Refuse what mammoth should never open: macros, active content, bombs."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = [m.filename.lower() for m in members]
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _refuse(
                    name,
                    _("nội dung giải nén quá lớn (tối đa %(limit)d MB).")
                    % {"limit": MAX_UNPACKED_BYTES // MB},
                )
            content_types = _read_part(archive, names, "[Content_Types].xml")
            relations = _read_part(archive, names, "word/_rels/document.xml.rels")
            body_head = _read_part(archive, names, "word/document.xml")[:2048]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise _refuse(name, _("tệp bị hỏng, không mở được.")) from error
    finally:
        upload.seek(0)
    if any(n.endswith(_MACRO_PARTS) for n in names) or b"macroenabled" in content_types:
        raise _refuse(
            name,
            _(
                "tệp có chứa macro (mã lệnh VBA). Mở tệp trong Word, lưu lại "
                "dưới dạng “Tài liệu Word (*.docx)” không có macro rồi nhập lại."
            ),
        )
    active = any(
        n.startswith(_ACTIVE_PARTS)
        or n.endswith(_PROGRAM_EXTENSIONS)
        or (n.startswith(_OLE_PARTS) and n.endswith(".bin"))
        for n in names
    )
    if active or b"/afchunk" in relations or b"activex" in content_types:
        raise _refuse(
            name,
            _(
                "tệp có chứa đối tượng nhúng có thể chạy mã (ActiveX, chương "
                "trình, trang web hoặc đối tượng OLE). Xóa các đối tượng đó "
                "trong Word, lưu lại rồi nhập lại."
            ),
        )
    if "word/document.xml" not in names:
        raise _refuse(
            name,
            _("đây không phải là văn bản Word (có thể là bảng tính hoặc trình chiếu)."),
        )
    if b"<!doctype" in body_head:
        raise _refuse(name, _("nội dung văn bản không hợp lệ."))


def docx_to_markdown(upload: File) -> WordConversion:
    """Check ``upload`` and return its content as Markdown, with notes.

    Raises ``ValidationError`` (one message naming the file, saying why and
    what to do) for anything that is not a plain Word document.
    """
    name = (upload.name or "").rsplit("/", 1)[-1]
    check_upload(upload, WORD_IMPORT)
    _check_archive(upload, name)
    images = []

    def _no_image(image):
        images.append(image)
        return {}

    try:
        # Never follow a link to a file outside the .docx (a path on the server).
        result = mammoth.convert_to_html(
            upload,
            convert_image=mammoth.images.img_element(_no_image),
            external_file_access=False,
        )
    except Exception as error:  # mammoth raises many kinds on a broken file
        raise _refuse(name, _("tệp bị hỏng hoặc không đúng định dạng Word.")) from error
    finally:
        upload.seek(0)
    converter = _MarkdownWriter()
    markdown = converter.convert(result.value)
    notes = []
    if images:
        notes.append(
            _(
                "Tệp có %(n)d ảnh: ảnh không được đưa vào nội dung; nếu cần, "
                "đính kèm ảnh thành tệp riêng."
            )
            % {"n": len(images)}
        )
    if converter.merged_cells:
        notes.append(
            _(
                "Bảng có ô gộp: nội dung ô gộp được đặt vào ô đầu tiên, hãy "
                "kiểm tra lại bảng trong bản xem trước."
            )
        )
    if not markdown.strip():
        raise _refuse(name, _("văn bản không có nội dung chữ."))
    return WordConversion(markdown=markdown, notes=notes)


# --- HTML (mammoth's) to Markdown (Python-Markdown's) ------------------------

_BACKSLASHED = re.compile(r"([\\`*_\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#>+=]|-(?=\s|$)|-{2,}|\d{1,9}(?=[.)]\s|[.)]$))")
_LIST_INDENT = "    "


def _escape(text: str) -> str:
    """Text that Python-Markdown shows as typed (``<`` and ``&`` as entities)."""
    text = _BACKSLASHED.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _escape_line_start(line: str) -> str:
    """A paragraph starting "1. " or "# " stays a paragraph."""
    match = _LINE_START.match(line)
    if not match:
        return line
    lead, marker = match.groups()
    if marker[0].isdigit():
        return f"{lead}{marker}\\{line[match.end() :]}"
    return f"{lead}\\{line[len(lead) :]}"


class _MarkdownWriter:
    """Walks mammoth's HTML; knows only the elements mammoth writes."""

    def __init__(self) -> None:
        self.merged_cells = False

    def convert(self, html: str) -> str:
        soup = BeautifulSoup(html, "html.parser")
        blocks = self._blocks(soup, depth=0)
        text = "\n\n".join(b for b in blocks if b.strip())
        return text.strip() + "\n" if text.strip() else ""

    # block level ------------------------------------------------------------

    def _blocks(self, parent: Tag, *, depth: int) -> list[str]:
        blocks: list[str] = []
        inline: list[str] = []

        def flush() -> None:
            text = "".join(inline).strip()
            if text:
                blocks.append(_escape_line_start(text))
            inline.clear()

        for child in parent.children:
            if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
                flush()
                block = self._block(child, depth=depth)
                if block:
                    blocks.append(block)
            else:
                inline.append(self._inline(child))
        flush()
        return blocks

    def _block(self, element: Tag, *, depth: int) -> str:
        name = element.name
        if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = self._inline_of(element).replace("\n", " ")
            return f"{'#' * int(name[1])} {text}" if text else ""
        if name == "p":
            lines = self._inline_of(element).split("\n")
            return "  \n".join(_escape_line_start(line.strip()) for line in lines)
        if name in {"ul", "ol"}:
            return self._list(element, depth=depth)
        if name == "table":
            return self._table(element)
        if name == "hr":
            return "---"
        if name in {"blockquote", "div"}:
            return "\n\n".join(self._blocks(element, depth=depth))
        return ""

    def _list(self, element: Tag, *, depth: int) -> str:
        lines = []
        ordered = element.name == "ol"
        number = 1
        for item in element.find_all("li", recursive=False):
            marker = f"{number}." if ordered else "-"
            number += 1
            parts = self._blocks(item, depth=depth + 1)
            if not parts:
                continue
            first, *rest = parts
            lines.append(f"{marker.ljust(4)}{first}")
            for part in rest:
                lines.extend(
                    f"{_LIST_INDENT}{line}" if line else "" for line in part.split("\n")
                )
        return "\n".join(lines)

    def _table(self, element: Tag) -> str:
        rows = []
        for row in element.find_all("tr"):
            if row.find_parent("table") is not element:
                continue  # a table inside a cell: its text is in that cell
            cells = []
            for cell in row.find_all(["td", "th"], recursive=False):
                text = " <br> ".join(
                    " ".join(block.split()) for block in self._blocks(cell, depth=0)
                )
                cells.append(text)  # "|" is escaped already (_escape)
                span = cell.get("colspan", "1")
                extra = int(span) - 1 if str(span).isdigit() else 0
                if extra > 0 or str(cell.get("rowspan", "1")) != "1":
                    self.merged_cells = True
                cells.extend([""] * min(extra, 50))
            rows.append(cells)
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = [_table_row(rows[0]), _table_row(["---"] * width)]
        lines += [_table_row(r) for r in rows[1:]]
        return "\n".join(lines)

    # inline level -----------------------------------------------------------

    def _inline_of(self, element: Tag, *, strip: bool = True) -> str:
        text = "".join(self._inline(child) for child in element.children)
        return text.strip() if strip else text

    def _inline(self, node) -> str:
        if isinstance(node, NavigableString):
            return _escape(re.sub(r"\s+", " ", str(node)))
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name == "br":
            return "\n"
        if name == "img":
            return ""
        text = self._inline_of(node, strip=False)
        if name in {"strong", "b"}:
            return _wrap(text, "**")
        if name in {"em", "i"}:
            return _wrap(text, "*")
        if name == "a":
            href = str(node.get("href") or "")
            text = text.strip()
            if text and re.match(r"^(https?:|mailto:)", href):
                return f"[{text}]({href.replace(')', '%29').replace(' ', '%20')})"
            return text
        if name in _BLOCK_TAGS:
            return " ".join(self._blocks(node, depth=0))
        return text


def _wrap(text: str, mark: str) -> str:
    """``**x**`` with the spaces Word leaves inside a bold run moved outside."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


_BLOCK_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table",
    "hr", "blockquote", "div",
}  # fmt: skip
