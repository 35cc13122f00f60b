"""Reading the tables that one-stop offices upload: CSV or XLSX, one header row.

The dossier, totals and survey imports share this: the header is matched to
canonical column names through their accepted spellings (English and
Vietnamese), blank rows are skipped, and every problem is reported as
``row N, column X: message`` with the column as the file wrote it.
"""

import csv
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

#: Errors listed in full; the count covers the rest.
MAX_LISTED_ERRORS = 100

# As long a cell as PostgreSQL's COPY takes (the default 131,072 characters
# stopped the Python path on files that COPY reads).
csv.field_size_limit(2**31 - 1)


class FileFormatError(ValueError):
    """The file cannot be read at all (format, encoding, header)."""


class RowError(ValueError):
    """A problem with one cell: the canonical column and a Vietnamese message."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def cell_text(value: object) -> str:
    """A cell as trimmed text; XLSX numbers like ``14089.0`` lose the ``.0``."""
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[list]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            yield from (
                list(row) for row in workbook.active.iter_rows(values_only=True)
            )
        finally:
            workbook.close()
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ParseError,
    ) as exc:
        # a renamed CSV, a truncated download, a Word file renamed .xlsx
        # (openpyxl: OSError "no valid workbook part"): a sentence, not a traceback
        raise FileFormatError(
            _("không đọc được tệp XLSX %(name)s") % {"name": path.name}
        ) from exc


def _csv_rows(path: Path) -> Iterator[list]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                yield from reader
            except csv.Error as exc:
                raise FileFormatError(
                    _("row %(row)s: không đọc được dòng CSV (%(error)s)")
                    % {"row": reader.line_num, "error": exc}
                ) from exc
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            _("tệp CSV không phải UTF-8 (byte %(pos)s)") % {"pos": exc.start}
        ) from exc


def raw_rows(path: Path) -> Iterator[list]:
    """The rows of a CSV or XLSX file, header first, streamed."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path)
    raise FileFormatError(
        _("định dạng %(suffix)s không được hỗ trợ: dùng .csv hoặc .xlsx")
        % {"suffix": suffix or "?"}
    )


def map_header(
    cells: Sequence, headers: Mapping[str, Sequence[str]], required: Sequence[str]
) -> tuple[list[str | None], dict[str, str]]:
    """Canonical name per header cell (None if unknown), and the text shown.

    ``headers`` maps a canonical name to its accepted spellings, English
    first and Vietnamese second; a missing required column is named in both.
    """
    lookup = {alias: name for name, aliases in headers.items() for alias in aliases}
    canonical: list[str | None] = []
    shown: dict[str, str] = {}
    for cell in cells:
        text = cell_text(cell).lstrip("\ufeff")
        name = lookup.get(text.lower())
        canonical.append(name)
        if name:
            shown[name] = text
    missing = [name for name in required if name not in shown]
    if missing:
        raise FileFormatError(
            _("row 1: thiếu cột %(columns)s")
            % {"columns": ", ".join(_spellings(name, headers) for name in missing)}
        )
    return canonical, shown


def _spellings(name: str, headers: Mapping[str, Sequence[str]]) -> str:
    aliases = headers[name]
    return f"{aliases[0]} ({aliases[1]})" if len(aliases) > 1 else aliases[0]


@dataclass
class Table:
    """A file's data rows as cells by canonical column, with the header's text."""

    rows: Iterator[tuple[int, dict[str, object]]]
    shown: dict[str, str]

    def where(self, number: int, error: RowError) -> str:
        """``row N, column X: message``, X as the file's header wrote it."""
        column = self.shown.get(error.column, error.column)
        return f"row {number}, column {column}: {error.message}"


def read_table(
    path: Path, headers: Mapping[str, Sequence[str]], required: Sequence[str]
) -> Table:
    """Open ``path``, check its header; rows are numbered as a spreadsheet shows."""
    rows = raw_rows(path)
    try:
        header = next(rows)
    except StopIteration:
        raise FileFormatError(_("tệp rỗng")) from None
    canonical, shown = map_header(header, headers, required)
    pairs = [(i, name) for i, name in enumerate(canonical) if name]

    def cells() -> Iterator[tuple[int, dict[str, object]]]:
        for number, raw in enumerate(rows, start=2):
            if any(cell_text(cell) for cell in raw):
                yield number, {n: (raw[i] if i < len(raw) else None) for i, n in pairs}

    return Table(rows=cells(), shown=shown)


@dataclass
class RowReport:
    """Rows read and the problems found; nothing is written when there are any."""

    rows: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def listed_errors(self) -> list[str]:
        """The errors to show, and how many more there are beyond the list."""
        more = self.error_count - len(self.errors)
        if more <= 0:
            return list(self.errors)
        return [*self.errors, _("... và %(more)s lỗi khác") % {"more": more}]

    def refuse(self, table: Table, number: int, error: RowError) -> None:
        """Count a bad row; list it while the list is short enough to read."""
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(table.where(number, error))
