"""CSV and XLSX files as an office in Vietnam opens them in Excel.

Every export a person downloads goes through here, so that they all agree:

- one header row, in the interface language (Vietnamese first, English in the
  English interface): the titles people read, not the keys scripts use;
- CSV: UTF-8 with a byte-order mark (without it Excel reads the Vietnamese as
  Windows-1252 mojibake); in the Vietnamese interface numbers are written as
  Vietnamese write them (21.526 and 97,03) and the cells are separated by ";",
  as Excel with Vietnamese regional settings (decimal comma) writes and reads
  CSV: a "," separator would split "97,03" in two there, and "97,03" read by an
  English Excel would silently become 9703. The English interface writes
  21,526 and 97.03 separated by ",";
- XLSX: real numbers, dates and times with a number format (#,##0, #,##0.00,
  DD/MM/YYYY), which Excel shows with the reader's own separators;
- dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh, yes/no and statuses as words;
- text that a spreadsheet would run as a formula (=, +, -, @) stays text.

Machine formats (the JSON exports, ``dossier_report --format csv``) keep their
keys and plain numbers: they are for scripts, not for Excel.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import get_format, number_format
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

BOM = "\ufeff"
XLSX_DATE = "DD/MM/YYYY"
XLSX_DATETIME = "DD/MM/YYYY HH:MM"
XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.00"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_delimiter() -> str:
    """ ";" where the language writes a decimal comma (Vietnamese), else ","."""
    return ";" if get_format("DECIMAL_SEPARATOR") == "," else ","


def _text(value: Any) -> str:
    text = force_str(value)
    if text[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_cell(value: Any, *, decimals: int = 2) -> str:
    """``value`` as the text of a CSV cell in the active language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal | float):
        return number_format(value, decimals, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return f"{_local(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list | tuple):
        return _text("; ".join(force_str(item) for item in value))
    return _text(value)


def xlsx_value(value: Any) -> tuple[Any, str | None]:
    """``value`` as an XLSX cell value and its number format (or None)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return (_("Có") if value else _("Không")), None
    if isinstance(value, int):
        return value, XLSX_INTEGER
    if isinstance(value, Decimal | float):
        return float(value), XLSX_DECIMAL
    if isinstance(value, datetime.datetime):
        return timezone.make_naive(value) if timezone.is_aware(
            value
        ) else value, XLSX_DATETIME
    if isinstance(value, datetime.date):
        return value, XLSX_DATE
    if isinstance(value, list | tuple):
        return "; ".join(force_str(item) for item in value), None
    if isinstance(value, str | Promise):
        return force_str(value), None
    return force_str(value), None


def _csv_line(writer_buffer: io.StringIO, writer, cells: Sequence[str]) -> str:
    writer_buffer.seek(0)
    writer_buffer.truncate()
    writer.writerow(cells)
    return writer_buffer.getvalue()


def csv_lines(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, decimals: int = 2
) -> Iterator[str]:
    """The BOM and header line, then one line per row, in the active language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=csv_delimiter(), lineterminator="\r\n")
    yield BOM + _csv_line(buffer, writer, [force_str(h) for h in headers])
    for row in rows:
        yield _csv_line(
            buffer, writer, [csv_cell(value, decimals=decimals) for value in row]
        )


def csv_text(
    headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, decimals: int = 2
) -> str:
    """The whole CSV file as text (BOM included)."""
    return "".join(csv_lines(headers, rows, decimals=decimals))


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def csv_response(
    filename: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    stream: bool = True,
) -> HttpResponse:
    """A CSV download, streamed by default: a register can have millions of rows.

    The rows are written in the language active now, even though the server
    iterates them after the view has returned. ``stream=False`` for the public
    downloads that the page cache keeps (it cannot keep a stream).
    """
    if not stream:
        return _attachment(
            HttpResponse(csv_text(headers, rows), content_type=CSV_CONTENT_TYPE),
            filename,
        )
    language = get_language()

    def stream() -> Iterator[bytes]:
        with override(language):
            for line in csv_lines(headers, rows):
                yield line.encode("utf-8")

    return _attachment(
        StreamingHttpResponse(stream(), content_type=CSV_CONTENT_TYPE), filename
    )


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    """An XLSX download of ``content``."""
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)


def xlsx_cell(sheet: Worksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    """A cell for ``sheet.append`` with its number format; text stays text."""
    plain, number_format_ = xlsx_value(value)
    cell = WriteOnlyCell(sheet, plain)
    if cell.data_type == "f":  # "=SUM(...)" typed by someone: text, not a formula
        cell.data_type = "s"
    if number_format_:
        cell.number_format = number_format_
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_append(sheet: Worksheet, values: Sequence[Any], *, bold: bool = False):
    """Append one row of real values with their number formats."""
    sheet.append([xlsx_cell(sheet, value, bold=bold) for value in values])


def xlsx_table(
    sheet: Worksheet,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    widths: bool = True,
) -> int:
    """One bold header row, then the rows; returns the header's row number.

    The header row is frozen and repeated on every printed page. Column widths
    follow the longest text (capped), which a normal (not write-only) sheet
    allows.
    """
    header_row = sheet.max_row + 1 if sheet.max_row > 1 or sheet["A1"].value else 1
    for column, title in enumerate(headers, start=1):
        cell: Cell = sheet.cell(row=header_row, column=column, value=force_str(title))
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if widths:
        for index, column in enumerate(sheet.iter_cols(min_row=header_row), start=1):
            longest = max(
                (len(_display_width(cell.value)) for cell in column), default=0
            )
            sheet.column_dimensions[get_column_letter(index)].width = min(
                60, max(8, longest + 2)
            )
    return header_row


def _display_width(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    return "" if value is None else str(value)
