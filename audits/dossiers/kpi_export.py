"""Rendering a Form 06 report: text table, CSV, JSON, XLSX (the PDF template is
``audits/form06_pdf.html``).

Two kinds of output: for scripts (``render_csv``, ``render_json``,
``render_table``: column keys, plain numbers) and for people (``render_office_csv``,
``render_xlsx``, ``table_context``: titles and numbers in the active language).
"""

import csv
import io
import json
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from audits.dossiers.kpi import (
    COLUMN_TITLES,
    FORM06_COLUMNS,
    Form06Report,
)
from qms import spreadsheets


def cell_text(value) -> str:
    """A cell as text: empty for unknown, rates with two decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _period(report: Form06Report) -> str:
    return _("Kỳ báo cáo: %(start)s – %(end)s") % {
        "start": report.date_from.strftime("%d/%m/%Y"),
        "end": report.date_to.strftime("%d/%m/%Y"),
    }


def render_csv(report: Form06Report) -> str:
    """CSV with the Form 06 column keys as header, the TOTAL row last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FORM06_COLUMNS)
    for row in report.all_rows():
        writer.writerow([cell_text(row[key]) for key in FORM06_COLUMNS])
    return out.getvalue()


def render_json(report: Form06Report) -> str:
    """JSON: period, rows (rates as numbers or null), notes and the denominators."""

    def plain(value):
        return float(value) if isinstance(value, Decimal) else value

    payload = {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "columns": FORM06_COLUMNS,
        "rows": [
            {key: plain(row[key]) for key in FORM06_COLUMNS}
            for row in report.all_rows()
        ],
        "from_totals": report.from_totals,
        "notes": report.notes,
        "denominators": {
            "on_time_rate": "resolved",
            "progress_rate_766": "resolved + pending",
            "online_rate": "received",
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_table(report: Form06Report) -> str:
    """A fixed-width text table for the terminal, with notes underneath."""
    rows = [FORM06_COLUMNS] + [
        [cell_text(row[key]) for key in FORM06_COLUMNS] for row in report.all_rows()
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(FORM06_COLUMNS))]
    lines = [_period(report)]
    for index, row in enumerate(rows):
        cells = []
        for i, text in enumerate(row):
            cells.append(text.ljust(widths[i]) if i < 2 else text.rjust(widths[i]))
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(denominators_note())
    lines.extend(report.notes)
    return "\n".join(lines) + "\n"


def denominators_note() -> str:
    return _(
        "Mẫu số: tỷ lệ đúng hạn = (trước hạn + đúng hạn) / đã giải quyết; "
        "tiến độ QĐ 766 = (trước hạn + đúng hạn + đang trong hạn) / "
        "(đã giải quyết + đang giải quyết); tỷ lệ trực tuyến = trực tuyến / "
        "tiếp nhận mới."
    )


def table_context(report: Form06Report) -> dict:
    """Header titles and formatted rows for HTML and PDF tables."""
    return {
        "keys": FORM06_COLUMNS,
        "titles": [str(COLUMN_TITLES[key]) for key in FORM06_COLUMNS],
        "rows": [
            {
                "is_total": row is report.total,
                "cells": [display_cell(row[key]) for key in FORM06_COLUMNS],
            }
            for row in report.all_rows()
        ],
    }


def display_cell(value) -> str:
    """A cell for people to read, in the active language's number format.

    Vietnamese: 21.526 and 97,03; English: 21,526 and 97.03. A page shows one
    convention throughout (the survey table and charts follow the locale too).
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_format(value, 2, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _office_rows(report: Form06Report) -> list[list]:
    """The rows as values for people: no machine code on the total row."""
    return [
        [
            "" if key == "unit_code" and row is report.total else row[key]
            for key in FORM06_COLUMNS
        ]
        for row in report.all_rows()
    ]


def office_headers() -> list[str]:
    """One header row: the column titles in the active language."""
    return [str(COLUMN_TITLES[key]) for key in FORM06_COLUMNS]


def render_office_csv(report: Form06Report) -> str:
    """The CSV people download: titles, Vietnamese numbers, BOM (qms.spreadsheets).

    ``render_csv`` stays the scripts' format (keys, plain numbers).
    """
    return spreadsheets.csv_text(office_headers(), _office_rows(report))


def render_xlsx(report: Form06Report) -> bytes:
    """An XLSX workbook: title, period, one header row, rows, notes.

    Counts and rates are real numbers (#,##0 and #,##0.00), which Excel shows
    with the reader's separators; the header row is frozen and printed on
    every page; the total row is bold.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Mau 06"
    sheet.append([_("Tình hình giải quyết hồ sơ thủ tục hành chính (Mẫu 06)")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_period(report)])
    rows = _office_rows(report)
    header_row = spreadsheets.xlsx_table(sheet, office_headers(), rows)
    for cell in sheet[header_row + len(rows)]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 12
    sheet.append([])
    sheet.append([denominators_note()])
    for note in report.notes:
        sheet.append([note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
