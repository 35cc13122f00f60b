"""Reading dossier files from one-stop software: CSV or XLSX, two streaming passes.

The first pass validates every row and collects problems as
``row N, column X: message``; nothing is written unless the whole file is
clean. The second pass reads the file again and upserts in batches inside one
transaction. Rows are never all held in memory, so memory stays flat whatever
the file size.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from audits.dossiers.copy_import import copy_import
from audits.dossiers.file_format import (
    CHANNEL_ALIASES,
    HEADERS,
    ONLINE_LEVEL_ALIASES,
    REQUIRED,
    STATUS_ALIASES,
    ImportReport,
)
from audits.dossiers.services import (
    LOCAL_TZ,
    DossierRecord,
    UpsertCounts,
    dossiers_upsert,
)
from audits.dossiers.tables import (
    RowError,
    cell_text,
    read_table,
)
from qms.choices import Channel
from qms.organisation.models import AdministrativeUnit
from qms.validators import MAX_YEAR, MIN_YEAR

BATCH_SIZE = 10_000

# ASCII digits only: \d would read "٠٣/٠١/٢٠٢٢" as a date.
_DMY = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$", re.ASCII
)
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII
)


_fromisoformat = datetime.datetime.fromisoformat


def parse_moment(value: object) -> datetime.datetime:
    """A cell as an aware datetime, refusing years outside 1990–2100.

    Year 9999 (or 0001) would pass the format but overflow the date arithmetic
    of the reports; raises ValueError like any other unreadable value.
    """
    moment = _parse_moment(value)
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(str(value))
    return moment


def _parse_moment(value: object) -> datetime.datetime:
    """A cell as an aware datetime; naive values are Asia/Ho_Chi_Minh local time.

    Accepts ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM[:SS]``, ISO 8601 with ``T``
    (an offset is honoured), ``dd/mm/yyyy [HH:MM[:SS]]``, and the date or
    datetime values that XLSX cells carry.
    """
    if value.__class__ is str:
        text = value.strip()
        # Fast path for the common ISO form; the regexes only for the rest.
        if len(text) >= 10 and text[4] == "-" and text[7] == "-" and "W" not in text:
            if text[-1] == "Z":
                text = text[:-1] + "+00:00"
            try:
                moment = _fromisoformat(text)
                if moment.tzinfo is None:
                    # Parsing again with the offset is several times cheaper
                    # than datetime.replace(tzinfo=...) on CPython 3.11.
                    suffix = "T00:00:00+07:00" if len(text) == 10 else "+07:00"
                    moment = _fromisoformat(text + suffix)
            except ValueError:
                raise ValueError(text) from None
            return moment
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        # Fast path for the common ISO form; the regexes only for the rest.
        if len(text) >= 10 and text[4] == "-" and text[7] == "-" and "W" not in text:
            try:
                moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(text) from None
            return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)
        match = _DMY.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            moment = datetime.datetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
            )
        elif _ISO.match(text):
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            raise ValueError(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment


class UnitResolver:
    """Unit code + received date → the unit that existed on that date.

    Legacy and current codes overlap (14089 is a thị trấn until 30/06/2025 and
    a xã after), so the code alone is not enough. Loads the unit table once.
    """

    def __init__(self, allowed_ids: set[int] | None = None):
        self.by_code: dict[str, list[tuple]] = {}
        rows = AdministrativeUnit.objects.values_list(
            "code", "valid_from", "valid_to", "pk"
        )
        for code, valid_from, valid_to, pk in rows:
            self.by_code.setdefault(code, []).append((valid_from, valid_to, pk))
        self.allowed_ids = allowed_ids

    def resolve(self, code: str, day: datetime.date) -> int:
        """The unit id, or ``RowError`` on the ``unit_code`` column."""
        candidates = self.by_code.get(code)
        if not candidates:
            raise RowError(
                "unit_code", _("không có đơn vị mã %(code)s") % {"code": code}
            )
        found = [
            pk
            for valid_from, valid_to, pk in candidates
            if (valid_from is None or valid_from <= day)
            and (valid_to is None or day <= valid_to)
        ]
        if not found:
            raise RowError(
                "unit_code",
                _("đơn vị mã %(code)s không tồn tại vào ngày %(day)s")
                % {"code": code, "day": day.strftime("%d/%m/%Y")},
            )
        if len(found) > 1:
            raise RowError(
                "unit_code",
                _("mã %(code)s chỉ nhiều đơn vị cùng lúc") % {"code": code},
            )
        if self.allowed_ids is not None and found[0] not in self.allowed_ids:
            raise RowError(
                "unit_code",
                _(
                    "không có quyền với đơn vị mã %(code)s (ngoài phạm vi của "
                    "bạn): bỏ dòng này, đơn vị đó tự nhập số liệu của mình"
                )
                % {"code": code},
            )
        return found[0]


def _choice(value: object, aliases: dict, column: str) -> str:
    key = cell_text(value).lower().replace(" ", "_")
    try:
        return aliases[key]
    except KeyError:
        raise RowError(
            column,
            _("giá trị không hợp lệ %(value)r, dùng một trong: %(allowed)s")
            % {
                "value": cell_text(value),
                "allowed": ", ".join(k for k in aliases if k),
            },
        ) from None


def _moment(value: object, column: str, *, required: bool):
    if value is None or cell_text(value) == "":
        if required:
            raise RowError(column, _("thiếu giá trị"))
        return None
    try:
        return parse_moment(value)
    except ValueError:
        raise RowError(
            column,
            _(
                "ngày giờ không hợp lệ %(value)r (dùng YYYY-MM-DD [HH:MM[:SS]], "
                "ISO 8601 hoặc dd/mm/yyyy [HH:MM])"
            )
            % {"value": cell_text(value)},
        ) from None


def record_from_row(row: dict, units: UnitResolver) -> DossierRecord:
    """Validate one row (canonical keys) into a record, or raise ``RowError``."""
    code = cell_text(row.get("dossier_code"))
    if not code:
        raise RowError("dossier_code", _("thiếu mã hồ sơ"))
    if len(code) > 64:
        raise RowError("dossier_code", _("mã hồ sơ dài quá 64 ký tự"))
    procedure_code = cell_text(row.get("procedure_code"))
    if len(procedure_code) > 64:
        raise RowError("procedure_code", _("mã thủ tục dài quá 64 ký tự"))
    for column, text in (("dossier_code", code), ("procedure_code", procedure_code)):
        if "\x00" in text:  # PostgreSQL text cannot hold it; no code needs it
            raise RowError(column, _("có ký tự NUL (\\x00): xuất lại tệp"))
    channel = _choice(row.get("channel"), CHANNEL_ALIASES, "channel")
    online_level = _choice(
        row.get("online_level"), ONLINE_LEVEL_ALIASES, "online_level"
    )
    if online_level and channel != Channel.ONLINE:
        raise RowError(
            "online_level",
            _("mức độ trực tuyến chỉ dành cho hồ sơ nộp trực tuyến (kênh %(channel)s)")
            % {"channel": channel},
        )
    status = _choice(row.get("status"), STATUS_ALIASES, "status")
    received_at = _moment(row.get("received_at"), "received_at", required=True)
    due_at = _moment(row.get("due_at"), "due_at", required=True)
    resolved_at = _moment(row.get("resolved_at"), "resolved_at", required=False)
    # Dates, not instants: a date-only due date of the received day is valid.
    received_on = received_at.astimezone(LOCAL_TZ).date()
    if due_at.astimezone(LOCAL_TZ).date() < received_on:
        raise RowError("due_at", _("ngày hẹn trả trước ngày tiếp nhận"))
    if (
        resolved_at is not None
        and resolved_at.astimezone(LOCAL_TZ).date() < received_on
    ):
        raise RowError("resolved_at", _("ngày trả kết quả trước ngày tiếp nhận"))
    unit_code = cell_text(row.get("unit_code"))
    if not unit_code:
        raise RowError("unit_code", _("thiếu mã đơn vị"))
    unit_id = units.resolve(unit_code, received_on)
    return DossierRecord(
        code=code,
        procedure_code=procedure_code,
        unit_id=unit_id,
        channel=channel,
        online_level=online_level,
        received_at=received_at,
        due_at=due_at,
        resolved_at=resolved_at,
        status=status,
    )


def _content(record: DossierRecord) -> int:
    """A fingerprint of everything but the code, to tell a repeat from a clash.

    A hash rather than the record keeps the first pass's memory small (one
    int per code); two different rows sharing a 64-bit hash is not a risk a
    person re-typing a file runs.
    """
    return hash(
        (
            record.procedure_code,
            record.unit_id,
            record.channel,
            record.online_level,
            record.received_at,
            record.due_at,
            record.resolved_at,
            record.status,
        )
    )


def _records(
    path: Path,
    units: UnitResolver,
    report: ImportReport | None,
    *,
    seen: dict[str, tuple[int, int]] | None = None,
    skip: set[int] = frozenset(),
) -> Iterator[tuple[int, DossierRecord | None]]:
    """(row number, record) per data row; errors go to ``report`` when given.

    With ``seen`` (the first pass), a dossier code already read is checked:
    the same content again is a repeat (its row number goes to
    ``report.repeated_rows`` and it is imported once), different content is
    an error naming both rows. Rows in ``skip`` are not yielded (the second
    pass leaves the repeats out).
    """
    table = read_table(path, HEADERS, REQUIRED)
    for number, row in table.rows:
        if number in skip:
            continue
        try:
            record = record_from_row(row, units)
            if seen is not None:
                _check_repeat(seen, number, record, report)
            yield number, record
        except RowError as error:
            if report is None:
                raise
            report.refuse(table, number, error)
            yield number, None


def _check_repeat(
    seen: dict[str, tuple[int, int]],
    number: int,
    record: DossierRecord,
    report: ImportReport | None,
) -> None:
    """Remember the code's first row; refuse a later one with other content."""
    content = _content(record)
    first = seen.get(record.code)
    if first is None:
        seen[record.code] = (number, content)
        return
    first_row, first_content = first
    if first_content != content:
        raise RowError(
            "dossier_code",
            _(
                "mã hồ sơ %(code)s đã có ở dòng %(first)s với nội dung khác: "
                "giữ một dòng đúng và xoá dòng kia"
            )
            % {"code": record.code, "first": first_row},
        )
    if report is not None:
        report.repeated_rows.append(number)


def dossiers_import(
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int], None] | None = None,
    fast: bool = True,
    allowed_unit_ids: set[int] | None = None,
) -> ImportReport:
    """Validate the whole file, then (unless ``dry_run``) upsert it in one transaction.

    ``progress(phase, rows)`` is called with the phase (``"validate"`` then
    ``"write"``; on the COPY path ``"read"`` then ``"check_write"``) and the
    number of rows handled since the last call, for a progress bar.
    Raises ``FileFormatError`` for an unreadable file; row problems are in
    the report and nothing is written. On PostgreSQL a CSV file first goes
    through ``audits.dossiers.copy_import`` (COPY and one SQL statement);
    ``fast=False`` skips it.

    ``allowed_unit_ids`` (a commune officer's units, qms.organisation.scoping)
    makes a row of any other unit a located error; ``None`` allows every unit.
    A dossier code repeated with the same content is imported once (the rows
    are listed in ``report.repeated_rows``); with other content it is an error
    naming both rows.
    """
    if (
        fast
        and allowed_unit_ids is None
        and not dry_run
        and connection.vendor == "postgresql"
        and path.suffix.lower() in (".csv", ".txt")
    ):
        report = copy_import(path, progress=progress)
        if report is not None:
            return report
    report = ImportReport(dry_run=dry_run)
    units = UnitResolver(allowed_unit_ids)
    seen: dict[str, tuple[int, int]] = {}
    for _number, _record in _records(path, units, report, seen=seen):
        report.rows += 1
        if progress and report.rows % BATCH_SIZE == 0:
            progress("validate", BATCH_SIZE)
    if progress:
        progress("validate", report.rows % BATCH_SIZE)
    if not report.ok or dry_run:
        return report
    counts = UpsertCounts()
    with transaction.atomic():
        batch: list[DossierRecord] = []
        repeats = set(report.repeated_rows)
        for _number, record in _records(path, units, None, skip=repeats):
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                _flush(batch, counts, progress)
        _flush(batch, counts, progress)
    report.created, report.updated = counts.created, counts.updated
    report.unchanged = counts.unchanged
    return report


def _flush(batch: list, counts: UpsertCounts, progress) -> None:
    if not batch:
        return
    done = dossiers_upsert(batch)
    counts.created += done.created
    counts.updated += done.updated
    counts.unchanged += done.unchanged
    if progress:
        progress("write", len(batch))
    batch.clear()
