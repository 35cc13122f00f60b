"""PostgreSQL fast path of ``import_dossiers``: COPY the CSV, check and write it in SQL.

The Python path (``audits.dossier_import``) reads every row twice through the
csv module and costs about 45 µs per row; a million-row export took 45 s
against 1.1 s for PostgreSQL's own ``COPY``. Here the file's bytes go straight
to ``COPY`` into a temporary text table, and one ``INSERT ... SELECT ... ON
CONFLICT`` converts, checks and upserts every row inside one transaction.

The Python validator stays the reference. The SQL only accepts what it accepts
and converts it the same way (tests/audits/test_dossier_copy_import.py compares
the two on the same files); anything else makes the statement fail:

- a value it cannot read becomes NULL in a NOT NULL column, or hits a cast
  that cannot succeed (``_REFUSE``);
- a unit code unknown on the received date leaves ``unit_id`` NULL;
- a dossier code repeated in the file, or unit codes that overlap in time,
  are looked for first (``_refuse_repeats``);
- dates out of order break the table's CHECK constraints.

Then the transaction is rolled back, nothing is written, and
``dossiers_import`` runs the Python path, which lists the problems as
``row N, column X: message`` (or, for files the SQL does not handle, such as
quoted line breaks or a repeated code, imports them the slow way).

Large loads (at least a third of the rows already in the table) drop the
table's secondary indexes and foreign key inside the transaction and build
them again after the insert: building an index is about four times cheaper
than maintaining it row by row. Into an empty table the Form 06 roll-up
triggers are also switched off and the roll-ups counted afterwards. Readers
of the dossier table wait for such an import to commit.
"""

import csv
import importlib
import io
import logging
from collections.abc import Callable
from pathlib import Path

from django.db import DatabaseError, connection, transaction

from audits.dossier_import import (
    CHANNEL_ALIASES,
    HEADERS,
    ONLINE_LEVEL_ALIASES,
    STATUS_ALIASES,
    ImportReport,
    _canonical_headers,
)
from audits.dossier_services import upsert_clause
from audits.models import Dossier
from qms.models import AdministrativeUnit
from qms.validators import MAX_YEAR, MIN_YEAR

logger = logging.getLogger(__name__)

CHUNK = 1 << 20
LOCAL_ZONE = "Asia/Ho_Chi_Minh"

#: What ``str.strip()`` removes: every character for which ``str.isspace()``.
PY_WHITESPACE = "".join(c for c in map(chr, range(0x110000)) if c.isspace())

#: Shapes of ``parse_moment``'s formats taken here (LIKE patterns, ``_`` is one
#: character), and how to spell each as ``YYYY-MM-DD HH:MM:SS``. The cast and
#: its round trip then prove every ``_`` was a digit and every field in range.
_ISO = "substr({s}, 1, 10)"
_DMY = "substr({s}, 7, 4) || '-' || substr({s}, 4, 2) || '-' || substr({s}, 1, 2)"
_HM = " || ' ' || substr({s}, 12)"
MOMENT_SHAPES = [
    (["____-__-__"], _ISO + " || ' 00:00:00'"),
    (["____-__-__ __:__", "____-__-__T__:__"], _ISO + _HM + " || ':00'"),
    (["____-__-__ __:__:__", "____-__-__T__:__:__"], _ISO + _HM),
    (["__/__/____"], _DMY + " || ' 00:00:00'"),
    (["__/__/____ __:__", "__/__/____T__:__"], _DMY + _HM + " || ':00'"),
    (["__/__/____ __:__:__", "__/__/____T__:__:__"], _DMY + _HM),
]

#: A cast that always fails, for a value present but unreadable in a nullable
#: column (NULL would pass there). Not a function call, so the planner still
#: inlines the query.
_REFUSE = "('refuse ' || {value})::integer::text::timestamptz"


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
            canonical, _shown = _canonical_headers(header)
            with transaction.atomic(), connection.cursor() as cursor:
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
        _insert_sql(source, columns, upsert=mode != "empty"),
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

    A dossier code twice in the file: Python keeps the last row and counts
    each; ``ON CONFLICT`` fails on the second unless the first left the row
    unchanged, when it would count differently. A unit code naming two units
    on one day (units that overlap in time, a data error): Python refuses
    the row, but the join would write one of them when the other is stored.
    """
    code = source.get("dossier_code")
    cursor.execute(
        f"SELECT count(*) = count(DISTINCT btrim({code}, %(ws)s)) "  # noqa: S608
        f"FROM dossier_file WHERE {_not_blank(columns)}",
        {"ws": PY_WHITESPACE},
    )
    if not cursor.fetchone()[0]:
        raise _Unhandled("a dossier code repeated in the file")
    units = _units()
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


def _not_blank(columns: list[str]) -> str:
    """Some cell is not empty (the Python path skips blank rows).

    COPY reads an unquoted empty cell as NULL. A row of spaces or of quoted
    empty cells passes here and then fails for its missing code, so the
    Python path takes the file (and skips that row).
    """
    return f"num_nonnulls({', '.join(columns)}) > 0"


def _mode(cursor, rows: int) -> str:
    """How to write: ``empty`` table, ``bulk`` (indexes rebuilt) or ``rows``.

    Building an index is about four times cheaper than maintaining it row by
    row, so from a third of the table's size on the secondary indexes are
    dropped and built again. Into an empty table nothing can conflict: the
    unique index is rebuilt too (a code repeated in the file fails there) and
    the rows are inserted without ``ON CONFLICT``.
    """
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_table()})")  # noqa: S608
    if not cursor.fetchone()[0]:
        return "empty"
    cursor.execute(
        "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
        [Dossier._meta.db_table],
    )
    reltuples = cursor.fetchone()[0]
    if reltuples < 0:  # never analysed
        cursor.execute(f"SELECT count(*) FROM {_table()}")  # noqa: S608
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
        cursor.execute(f"ALTER TABLE {_table()} DROP CONSTRAINT {quote(name)}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {quote(name)}")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {_table()} ADD CONSTRAINT {quote(name)} {definition}"
        for name, definition in reversed(constraints)  # unique ones first
    ]


#: The roll-up triggers of migration audits/0008 that follow row changes.
ROLLUP_TRIGGERS = [
    "audits_dossier_rollup_insert",
    "audits_dossier_rollup_update",
    "audits_dossier_rollup_delete",
]


def _pause_rollups(cursor) -> list[str]:
    """Switch the roll-up triggers off; the statements that rebuild and resume.

    A load into the empty table recounts the roll-ups from it in three GROUP
    BYs with plain inserts, cheaper than the triggers' upserts of every
    touched day (a million rows: 9.3 s instead of 10.6 s). Into a filled
    table the triggers stay: re-imports are mostly unchanged rows, which
    cost them nothing, where a recount would read the whole table.
    """
    rollups = importlib.import_module("audits.migrations.0008_dossier_rollups")
    for name in ROLLUP_TRIGGERS:
        cursor.execute(f"ALTER TABLE {_table()} DISABLE TRIGGER {name}")
    return [rollups.BACKFILL] + [
        f"ALTER TABLE {_table()} ENABLE TRIGGER {name}" for name in ROLLUP_TRIGGERS
    ]


def _table() -> str:
    return connection.ops.quote_name(Dossier._meta.db_table)


def _units() -> str:
    return connection.ops.quote_name(AdministrativeUnit._meta.db_table)


def _choice(cell: str, aliases: dict) -> str:
    """Alias → stored value, NULL (refused by NOT NULL) for anything else.

    ``COLLATE "C"`` lowers ASCII letters only, as Python does for the ASCII
    aliases (the default collation would turn "İ" into "i").
    """
    whens = " ".join(
        f"WHEN '{alias}' THEN '{value}'" for alias, value in aliases.items()
    )
    return f"CASE replace(lower({cell} COLLATE \"C\"), ' ', '_') {whens} END"


def _canonical(cell: str) -> str:
    """A moment's text as ``YYYY-MM-DD HH:MM:SS`` when it has a shape we take."""
    whens = " ".join(
        "WHEN "
        + " OR ".join(f"{cell} LIKE '{p}'" for p in patterns)
        + f" THEN {spelling.format(s=cell)}"
        for patterns, spelling in MOMENT_SHAPES
    )
    return f"CASE {whens} END"


def _local(canonical: str) -> str:
    """The canonical text as a local ``timestamp``, if its year is 1990–2100."""
    return (
        f"CASE WHEN {canonical} >= '{MIN_YEAR}' COLLATE \"C\" "
        f"AND {canonical} < '{MAX_YEAR + 1}' COLLATE \"C\" "
        f"THEN {canonical}::timestamp END"
    )


def _insert_sql(source: dict, columns: list[str], *, upsert: bool) -> str:
    """The one statement that converts, checks and upserts the staged rows.

    Each level is a subquery fenced with ``OFFSET 0`` so that its columns are
    computed once per row (inlined, every use of ``resolved_on`` would repeat
    the whole parse). A moment is read as local time: its canonical spelling
    is cast to ``timestamp`` and must print back identical, which refuses
    non-digits, 24:00, second 60 and the like; an impossible date (31/02)
    makes the cast itself fail, as in Python. ``AT TIME ZONE`` then gives the
    instant (Asia/Ho_Chi_Minh has been +07:00 without DST since 1975).
    """

    def cell(name: str, strip: str = "%(ws)s") -> str:
        if name not in source:
            return "''"
        return f"coalesce(btrim({source[name]}, {strip}), '')"

    moments = ("received_at", "due_at", "resolved_at")
    canonical = ", ".join(f"{_canonical(m)} AS {m}_c" for m in moments)
    local = ", ".join(f"{_local(m + '_c')} AS {m}_lt" for m in moments)

    def checked(m: str, otherwise: str) -> str:
        return (
            f"WHEN {m}_lt::text = {m}_c THEN {m}_lt AT TIME ZONE '{LOCAL_ZONE}' "
            f"ELSE {otherwise} END AS {m}"
        )

    closed = "('withdrawn', 'returned')"
    conflict = (
        f"{upsert_clause()} RETURNING (xmax = 0)" if upsert else "RETURNING true"
    ) + " AS created"
    return f"""
WITH written AS (
    INSERT INTO {_table()} (code, procedure_code, unit_id, channel, online_level,
        received_at, due_at, resolved_at, status, received_on, due_on, closed_on,
        outcome, updated_at)
    SELECT d.code, d.procedure_code, u.id, d.channel, d.online_level,
        d.received_at, d.due_at, d.resolved_at, d.status, d.received_on, d.due_on,
        CASE WHEN d.status IN {closed} THEN coalesce(d.resolved_on, d.received_on)
            ELSE d.resolved_on END,
        CASE WHEN d.status IN {closed} THEN 'withdrawn'
            WHEN d.resolved_on IS NULL THEN 'open'
            WHEN d.resolved_on < d.due_on THEN 'early'
            WHEN d.resolved_on = d.due_on THEN 'on_time'
            ELSE 'late' END,
        now()
    FROM (
        SELECT code, procedure_code, unit_code, channel, online_level, status,
            CASE {checked("received_at", "NULL")},
            CASE {checked("due_at", "NULL")},
            CASE WHEN resolved_at = '' THEN NULL
                {checked("resolved_at", _REFUSE.format(value="resolved_at"))},
            received_at_lt::date AS received_on, due_at_lt::date AS due_on,
            resolved_at_lt::date AS resolved_on
        FROM (
            SELECT *, {local} FROM (
                SELECT *, {canonical} FROM (
                    SELECT NULLIF({cell("dossier_code")}, '') AS code,
                        {cell("procedure_code")} AS procedure_code,
                        {cell("unit_code")} AS unit_code,
                        {_choice(cell("channel", "' '"), CHANNEL_ALIASES)} AS channel,
                        {_choice(cell("online_level", "' '"), ONLINE_LEVEL_ALIASES)}
                            AS online_level,
                        {_choice(cell("status", "' '"), STATUS_ALIASES)} AS status,
                        {cell("received_at", "' '")} AS received_at,
                        {cell("due_at", "' '")} AS due_at,
                        {cell("resolved_at", "' '")} AS resolved_at
                    FROM dossier_file WHERE {_not_blank(columns)} OFFSET 0
                ) t OFFSET 0
            ) p OFFSET 0
        ) q OFFSET 0
    ) d LEFT JOIN {_units()} u ON u.code = d.unit_code
        AND (u.valid_from IS NULL OR u.valid_from <= d.received_on)
        AND (u.valid_to IS NULL OR d.received_on <= u.valid_to)
    {conflict}
)
SELECT (SELECT count(*) FROM dossier_file WHERE {_not_blank(columns)}),
    count(*), count(*) FILTER (WHERE created)
FROM written
"""  # noqa: S608 - identifiers from the model, patterns and aliases are ours


__all__ = ["HEADERS", "copy_import"]
