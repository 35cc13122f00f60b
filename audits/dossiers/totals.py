"""Periodic Form 06 totals per unit, imported from other units' reports.

Many units only publish totals. They are accepted even when they do not add
up, but every inconsistency is reported and stored with the row, and a Form 06
report built on them says so (``audits.dossiers.kpi``). Rows with unreadable values,
unknown units or reversed periods are errors: then nothing is written.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from django.db import transaction
from django.utils.translation import gettext as _

from audits.dossiers.imports import UnitResolver, parse_moment
from audits.dossiers.kpi import COUNT_COLUMNS, fill_counts
from audits.dossiers.models import DossierTotal
from audits.dossiers.tables import (
    RowError,
    RowReport,
    cell_text,
    read_table,
)

#: Canonical column → accepted headers (English key, Vietnamese).
TOTAL_HEADERS = {
    "unit_code": ("unit_code", "ma_don_vi"),
    "period_from": ("period_from", "from", "tu_ngay"),
    "period_to": ("period_to", "to", "den_ngay"),
    "carried_over": ("carried_over", "ky_truoc_chuyen_sang", "tu_ky_truoc"),
    "received": ("received", "tiep_nhan_moi", "tiep_nhan"),
    "received_direct": ("received_direct", "truc_tiep"),
    "received_online": ("received_online", "truc_tuyen"),
    "received_postal": ("received_postal", "buu_chinh"),
    "online_partial": ("online_partial", "truc_tuyen_mot_phan"),
    "online_full": ("online_full", "truc_tuyen_toan_trinh"),
    "resolved": ("resolved", "da_giai_quyet"),
    "resolved_in_time": ("resolved_in_time", "truoc_han_va_dung_han"),
    "resolved_early": ("resolved_early", "truoc_han"),
    "resolved_on_time": ("resolved_on_time", "dung_han"),
    "resolved_late": ("resolved_late", "qua_han"),
    "pending": ("pending", "dang_giai_quyet"),
    "pending_in_time": ("pending_in_time", "dang_giai_quyet_trong_han"),
    "pending_overdue": ("pending_overdue", "dang_giai_quyet_qua_han"),
    "withdrawn": ("withdrawn", "rut_tra_lai"),
}
#: A count as people type it: 325620, or grouped by thousands with one kind of
#: separator (325.620, 325,620, 325 620). ASCII digits only: "²" or "٣" pass
#: str.isdigit() but are not figures anyone meant.
_COUNT = re.compile(r"[0-9]+|[0-9]{1,3}([.,\s])[0-9]{3}(?:\1[0-9]{3})*")
#: The largest count the database stores (PositiveBigIntegerField).
MAX_COUNT = 2**63 - 1


def parse_count(value, column: str, *, maximum: int = MAX_COUNT) -> int | None:
    """A whole, non-negative count from a CSV or XLSX cell; None when empty.

    Refuses with a RowError (never a crash or a silent change): decimals such
    as 12.5 or "1,5" (stripping the separator used to read them as 125 and 15),
    negative numbers, other scripts' digits and counts above ``maximum``.
    """
    if value is None:
        return None
    if isinstance(value, bool):  # an XLSX TRUE/FALSE cell
        _not_a_count(value, column)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            _not_a_count(value, column)
        number = int(value)
    else:
        text = str(value).strip()
        if text == "":
            return None
        if text.startswith("-") and _COUNT.fullmatch(text[1:]):
            raise RowError(column, _("số âm"))
        if not _COUNT.fullmatch(text):
            _not_a_count(value, column)
        number = int(re.sub(r"[.,\s]", "", text))
    if number < 0:
        raise RowError(column, _("số âm"))
    if number > maximum:
        raise RowError(column, _("số quá lớn: %(value)s") % {"value": value})
    return number


def _not_a_count(value, column: str) -> NoReturn:
    raise RowError(column, _("không phải số nguyên: %(value)r") % {"value": value})


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def inconsistencies(counts: dict, resolved_in_time: int | None = None) -> list[str]:
    """Vietnamese sentences, one per way the figures fail to add up."""
    found = []
    filled = fill_counts(counts)
    if filled["resolved"] is None and None not in (
        resolved_in_time,
        filled["resolved_late"],
    ):
        filled["resolved"] = resolved_in_time + filled["resolved_late"]
    parts = [
        ("received", ("received_direct", "received_online", "received_postal")),
        ("resolved", ("resolved_early", "resolved_on_time", "resolved_late")),
        ("pending", ("pending_in_time", "pending_overdue")),
    ]
    for whole, pieces in parts:
        values = [counts.get(p) for p in pieces]
        if (
            counts.get(whole) is not None
            and None not in values
            and sum(values) != counts[whole]
        ):
            found.append(
                _("%(whole)s = %(a)s nhưng tổng các phần %(parts)s = %(b)s")
                % {
                    "whole": whole,
                    "a": _number(counts[whole]),
                    "parts": " + ".join(pieces),
                    "b": _number(sum(values)),
                }
            )
    if None not in (counts.get("online_partial"), counts.get("online_full")):
        online = counts.get("received_online")
        if (
            online is not None
            and counts["online_partial"] + counts["online_full"] > online
        ):
            found.append(_("trực tuyến một phần + toàn trình lớn hơn số trực tuyến"))
    if None not in (filled["received"], filled["resolved"], filled["pending"]):
        left = (filled["carried_over"] or 0) + filled["received"]
        right = filled["resolved"] + filled["pending"] + (filled["withdrawn"] or 0)
        if left != right:
            found.append(
                _(
                    "kỳ trước + tiếp nhận = %(left)s nhưng đã giải quyết + đang "
                    "giải quyết + rút/trả lại = %(right)s (lệch %(gap)s)"
                )
                % {
                    "left": _number(left),
                    "right": _number(right),
                    "gap": _number(right - left),
                }
            )
    else:
        found.append(_("thiếu số liệu để kiểm tra cân đối"))
    return found


@dataclass
class TotalsReport(RowReport):
    """Rows read, errors (nothing written then), inconsistencies, written rows."""

    inconsistencies: list[str] = field(default_factory=list)
    written: int = 0


def _day(value, column: str) -> datetime.date:
    if value is None or str(value).strip() == "":
        raise RowError(column, _("thiếu giá trị"))
    try:
        return parse_moment(value).date()
    except ValueError:
        raise RowError(
            column, _("ngày không hợp lệ %(value)r") % {"value": value}
        ) from None


def dossier_totals_import(
    path: Path,
    *,
    dry_run: bool = False,
    allowed_unit_ids: set[int] | None = None,
) -> TotalsReport:
    """Validate every row, then upsert by (unit, period) in one transaction.

    ``allowed_unit_ids`` (a commune officer's units) makes a row of another
    unit a located error; ``None`` allows every unit.
    """
    report = TotalsReport()
    table = read_table(path, TOTAL_HEADERS, ("unit_code", "period_from", "period_to"))
    units = UnitResolver(allowed_unit_ids)
    parsed = []
    for number, cells in table.rows:
        report.rows += 1
        try:
            start = _day(cells.get("period_from"), "period_from")
            end = _day(cells.get("period_to"), "period_to")
            if end < start:
                raise RowError("period_to", _("đến ngày trước từ ngày"))
            code = cell_text(cells.get("unit_code"))
            if not code:
                raise RowError("unit_code", _("thiếu mã đơn vị"))
            unit_id = units.resolve(code, start)
            counts = {k: parse_count(cells.get(k), k) for k in COUNT_COLUMNS}
            in_time = parse_count(cells.get("resolved_in_time"), "resolved_in_time")
        except RowError as error:
            report.refuse(table, number, error)
            continue
        if counts["resolved"] is None and None not in (
            in_time,
            counts["resolved_late"],
        ):
            counts["resolved"] = in_time + counts["resolved_late"]
        issues = inconsistencies(counts, in_time)
        label = f"{code} {start:%d/%m/%Y}–{end:%d/%m/%Y}"
        report.inconsistencies += [f"row {number} ({label}): {i}" for i in issues]
        parsed.append((unit_id, start, end, counts, issues))
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        for unit_id, start, end, counts, issues in parsed:
            DossierTotal.objects.update_or_create(
                unit_id=unit_id,
                period_from=start,
                period_to=end,
                defaults={**counts, "issues": issues, "source": path.name},
            )
            report.written += 1
    return report
