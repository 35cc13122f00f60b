"""PostgreSQL fast path of ``import_dossiers``: COPY the CSV, check and write it in SQL.

The statement itself is built in ``audits.dossiers.copy_sql``.

The Python path (``audits.dossiers.imports``) reads every row twice through the
csv module and costs about 45 µs per row; a million-row export took 45 s
against 1.1 s for PostgreSQL's own ``COPY``. Here the file's bytes go straight
to ``COPY`` into a temporary text table, and one ``INSERT ... SELECT ... ON
CONFLICT`` converts, checks and upserts every row inside one transaction.

The Python validator stays the reference. The SQL only accepts what it accepts
and converts it the same way (tests/audits/test_dossier_copy_import.py compares
the two on the same files); anything else makes the statement fail:

- a value it cannot read becomes NULL in a NOT NULL column, or hits a cast
  that cannot succeed (``dossier_copy_sql.REFUSE``);
- a unit code unknown on the received date leaves ``unit_id`` NULL;
- a dossier code repeated in the file, or unit codes that overlap in time,
  are looked for first (``_refuse_repeats``);
- dates out of order break the table's CHECK constraints.

Then the transaction is rolled back, nothing is written, and
``dossiers_import`` runs the Python path, which lists the problems as
``row N, column X: message`` (or, for files the SQL does not handle, such as
quoted line breaks or an exact repeat of a row, imports them the slow way).

Large loads (at least a third of the rows already in the table) drop the
table's secondary indexes and foreign key inside the transaction and build
them again after the insert: building an index is about four times cheaper
than maintaining it row by row. Into an empty table the Form 06 roll-up
triggers are also switched off and the roll-ups counted afterwards. Readers
of the dossier table wait for such an import to commit.
"""

import csv
import io
import logging
from collections.abc import Callable
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from audits.dossiers.copy_sql import (
    PY_WHITESPACE,
    insert_sql,
    not_blank,
    table_sql,
    units_sql,
)
from audits.dossiers.file_format import HEADERS, REQUIRED, ImportReport
from audits.dossiers.models import Dossier
from audits.dossiers.rollups import BACKFILL, ROLLUP_TRIGGERS
from audits.dossiers.tables import map_header
from qms.page_cache import figures_changed

logger = logging.getLogger(__name__)

CHUNK = 1 << 20


class _Unhandled(Exception):
    """The fast path cannot take this file; the Python path will."""


def copy_import(
    path: Path, *, progress: Callable[[str, int], None] | None = None
) -> ImportReport | None:
    """Import a CSV file with COPY and SQL; ``None`` when the Python path must.

    Raises ``FileFormatError`` for a header without the required columns,
    with the same message as the Python path.
    """
    try:
        with path.open("rb") as handle:
            header = _header(handle)
            canonical, _shown = map_header(header, HEADERS, REQUIRED)
            with transaction.atomic(), connection.cursor() as cursor:
                figures_changed()  # the transparency pages, once this commits
                return _load(cursor, handle, canonical, progress)
    except (_Unhandled, DatabaseError, connection.Database.Error) as exc:
        # COPY's errors come from psycopg itself, not through Django
        logger.info("import_dossiers: the Python path takes %s (%r)", path.name, exc)
        return None


def _header(handle) -> list[str]:
    line = handle.readline()
    if b'"' in line or b"\r" in line.rstrip(b"\r\n") or not line.strip():
        # quoting rules differ (see _load), a lone CR (old Mac files), or empty
        raise _Unhandled("a quote or a lone CR in the header, or no header")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unhandled("not UTF-8") from None
    return next(csv.reader(io.StringIO(text)))


def _load(cursor, handle, canonical: list, progress) -> ImportReport:
    columns = [f"f{i}" for i in range(len(canonical))]
    try:
        # room for the staged file in memory; only before the session's first
        # temporary table, which is when a command runs (not always in tests)
        with transaction.atomic():
            cursor.execute("SET LOCAL temp_buffers = '512MB'")
    except DatabaseError:
        pass
    cursor.execute("DROP TABLE IF EXISTS pg_temp.dossier_file")
    cursor.execute(
        "CREATE TEMP TABLE dossier_file ("
        + ", ".join(f"{c} text" for c in columns)
        + ")"
    )
    lines, last = 0, b"\n"
    with cursor.cursor.copy(
        f"COPY dossier_file ({', '.join(columns)}) FROM STDIN "  # noqa: S608 - our names
        "WITH (FORMAT csv, ENCODING 'UTF8')"
    ) as copy:
        while chunk := handle.read(CHUNK):
            _plain_lines(last + chunk)
            count = chunk.count(b"\n")
            lines += count
            last = chunk[-1:]
            copy.write(chunk)
            if progress:
                progress("read", count)
    if last != b"\n":
        lines += 1
    cursor.execute("SELECT count(*) FROM dossier_file")
    if cursor.fetchone()[0] != lines:
        raise _Unhandled("a quoted line break, or an end-of-data marker (\\.)")
    # a repeated header: the last column of that name, as in the Python path
    source = dict(zip(canonical, columns, strict=True))
    _refuse_repeats(cursor, source, columns)
    restore = _settings(cursor, ["datestyle", "maintenance_work_mem"])
    # the output of timestamp::text that the round trip compares with
    cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")
    mode, saved = _mode(cursor, lines), []
    if mode != "rows":
        try:
            with transaction.atomic():
                saved = _drop_indexes(cursor, unique=mode == "empty")
                if mode == "empty":
                    saved += _pause_rollups(cursor)
        except DatabaseError:
            # a database role that does not own the table: maintain the indexes
            mode = "rows"
    logger.info("import_dossiers: %s rows by COPY, %s mode", lines, mode)
    if progress:
        progress("check_write", 0)  # one statement: the bar shows its time
    cursor.execute(
        insert_sql(source, columns, upsert=mode != "empty"),
        {"ws": PY_WHITESPACE},
    )
    rows, written, created = cursor.fetchone()
    for statement in saved:
        cursor.execute(statement)
    if progress:
        progress("check_write", rows)
    cursor.execute("DROP TABLE pg_temp.dossier_file")
    for statement in restore:  # an outer transaction keeps its own settings
        cursor.execute(*statement)
    return ImportReport(
        rows=rows,
        created=created,
        updated=written - created,
        unchanged=rows - written,
    )


def _refuse_repeats(cursor, source: dict, columns: list[str]) -> None:
    """Hand over files the one statement cannot settle like Python does.

    A dossier code twice in the file: Python imports an exact repeat once
    and refuses a repeat with other content, naming both rows. A unit code
    naming two units on one day (units that overlap in time, a data error):
    Python refuses the row, but the join would write one of them when the
    other is stored.
    """
    code = source.get("dossier_code")
    cursor.execute(
        f"SELECT count(*) = count(DISTINCT btrim({code}, %(ws)s)) "  # noqa: S608
        f"FROM dossier_file WHERE {not_blank(columns)}",
        {"ws": PY_WHITESPACE},
    )
    if not cursor.fetchone()[0]:
        raise _Unhandled("a dossier code repeated in the file")
    units = units_sql()
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {units} a JOIN {units} b "  # noqa: S608
        "ON a.code = b.code AND a.id < b.id "
        "AND (a.valid_from IS NULL OR b.valid_to IS NULL "
        "OR a.valid_from <= b.valid_to) "
        "AND (b.valid_from IS NULL OR a.valid_to IS NULL "
        "OR b.valid_from <= a.valid_to))"
    )
    if cursor.fetchone()[0]:
        raise _Unhandled("unit codes that name two units at once")


def _settings(cursor, names: list[str]) -> list[tuple]:
    """Statements that set ``names`` back to their current values."""
    restore = []
    for name in names:
        cursor.execute("SELECT current_setting(%s)", [name])
        restore.append(
            ("SELECT set_config(%s, %s, true)", [name, cursor.fetchone()[0]])
        )
    return restore


def _plain_lines(data: bytes) -> None:
    """Refuse data whose records Python's csv module and COPY may split apart.

    Python keeps a quote inside an unquoted cell (``A"B"`` stays ``A"B"``)
    where COPY starts a quoted section (``AB``); and COPY ends a line at a
    lone CR, where a ``\\.`` line would end the data unnoticed by the line
    count. Such files, rare from one-stop software, take the Python path.
    ``data`` starts with the last byte of the previous chunk.
    """
    if b'"' in data:
        raise _Unhandled("a quote in the data")
    if data.count(b"\r") != data.count(b"\r\n") and not (
        data.endswith(b"\r") and data.count(b"\r") == data.count(b"\r\n") + 1
    ):
        raise _Unhandled("a CR that does not end a CRLF line")


def _mode(cursor, rows: int) -> str:
    """How to write: ``empty`` table, ``bulk`` (indexes rebuilt) or ``rows``.

    Building an index is about four times cheaper than maintaining it row by
    row, so from a third of the table's size on the secondary indexes are
    dropped and built again. Into an empty table nothing can conflict: the
    unique index is rebuilt too (a code repeated in the file fails there) and
    the rows are inserted without ``ON CONFLICT``.
    """
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table_sql()})")  # noqa: S608
    if not cursor.fetchone()[0]:
        return "empty"
    cursor.execute(
        "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
        [Dossier._meta.db_table],
    )
    reltuples = cursor.fetchone()[0]
    if reltuples < 0:  # never analysed
        cursor.execute(f"SELECT count(*) FROM {table_sql()}")  # noqa: S608
        reltuples = cursor.fetchone()[0]
    return "bulk" if rows * 3 >= reltuples else "rows"


def _drop_indexes(cursor, *, unique: bool) -> list[str]:
    """Drop foreign keys and non-unique indexes (and unique constraints).

    Returns the statements that restore them exactly, from the catalogue's
    own definitions (the covering indexes keep their INCLUDE columns).
    """
    table = Dossier._meta.db_table
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisunique",
        [table],
    )
    indexes = cursor.fetchall()
    kinds = ["u", "f"] if unique else ["f"]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = ANY(%s) ORDER BY contype",
        [table, kinds],
    )
    constraints = cursor.fetchall()  # foreign keys first
    quote = connection.ops.quote_name
    for name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {table_sql()} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {table_sql()} ADD CONSTRAINT {quote(name)} {definition}"
        for name, definition in reversed(constraints)  # unique ones first
    ]


def _pause_rollups(cursor) -> list[str]:
    """Switch the roll-up triggers off; the statements that rebuild and resume.

    A load into the empty table recounts the roll-ups from it in three GROUP
    BYs with plain inserts, cheaper than the triggers' upserts of every
    touched day (a million rows: 9.3 s instead of 10.6 s). Into a filled
    table the triggers stay: re-imports are mostly unchanged rows, which
    cost them nothing, where a recount would read the whole table.
    """
    for name in ROLLUP_TRIGGERS:
        cursor.execute(f"ALTER TABLE {table_sql()} DISABLE TRIGGER {name}")
    return [BACKFILL] + [
        f"ALTER TABLE {table_sql()} ENABLE TRIGGER {name}" for name in ROLLUP_TRIGGERS
    ]
