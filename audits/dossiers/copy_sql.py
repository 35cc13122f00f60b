"""The SQL of the COPY import: cells to values, checked the Python path's way.

``insert_sql`` builds the one statement of ``audits.dossiers.copy_import``;
the helpers spell each conversion so that tests can run it value by value.
"""

from django.db import connection

from audits.dossiers.file_format import (
    CHANNEL_ALIASES,
    ONLINE_LEVEL_ALIASES,
    STATUS_ALIASES,
)
from audits.dossiers.models import Dossier
from audits.dossiers.services import upsert_clause
from qms.organisation.models import AdministrativeUnit
from qms.validators import MAX_YEAR, MIN_YEAR

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
REFUSE = "('refuse ' || {value})::integer::text::timestamptz"


def not_blank(columns: list[str]) -> str:
    """Some cell is not empty (the Python path skips blank rows).

    COPY reads an unquoted empty cell as NULL. A row of spaces or of quoted
    empty cells passes here and then fails for its missing code, so the
    Python path takes the file (and skips that row).
    """
    return f"num_nonnulls({', '.join(columns)}) > 0"


def table_sql() -> str:
    return connection.ops.quote_name(Dossier._meta.db_table)


def units_sql() -> str:
    return connection.ops.quote_name(AdministrativeUnit._meta.db_table)


def choice_sql(cell: str, aliases: dict) -> str:
    """Alias → stored value, NULL (refused by NOT NULL) for anything else.

    ``COLLATE "C"`` lowers ASCII letters only, as Python does for the ASCII
    aliases (the default collation would turn "İ" into "i").
    """
    whens = " ".join(
        f"WHEN '{alias}' THEN '{value}'" for alias, value in aliases.items()
    )
    return f"CASE replace(lower({cell} COLLATE \"C\"), ' ', '_') {whens} END"


def canonical_sql(cell: str) -> str:
    """A moment's text as ``YYYY-MM-DD HH:MM:SS`` when it has a shape we take."""
    whens = " ".join(
        "WHEN "
        + " OR ".join(f"{cell} LIKE '{p}'" for p in patterns)
        + f" THEN {spelling.format(s=cell)}"
        for patterns, spelling in MOMENT_SHAPES
    )
    return f"CASE {whens} END"


def local_sql(canonical: str) -> str:
    """The canonical text as a local ``timestamp``, if its year is 1990–2100."""
    return (
        f"CASE WHEN {canonical} >= '{MIN_YEAR}' COLLATE \"C\" "
        f"AND {canonical} < '{MAX_YEAR + 1}' COLLATE \"C\" "
        f"THEN {canonical}::timestamp END"
    )


def insert_sql(source: dict, columns: list[str], *, upsert: bool) -> str:
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
    canonical = ", ".join(f"{canonical_sql(m)} AS {m}_c" for m in moments)
    local = ", ".join(f"{local_sql(m + '_c')} AS {m}_lt" for m in moments)

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
    INSERT INTO {table_sql()} (code, procedure_code, unit_id, channel, online_level,
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
                {checked("resolved_at", REFUSE.format(value="resolved_at"))},
            received_at_lt::date AS received_on, due_at_lt::date AS due_on,
            resolved_at_lt::date AS resolved_on
        FROM (
            SELECT *, {local} FROM (
                SELECT *, {canonical} FROM (
                    SELECT NULLIF({cell("dossier_code")}, '') AS code,
                        {cell("procedure_code")} AS procedure_code,
                        {cell("unit_code")} AS unit_code,
                        {choice_sql(cell("channel", "' '"), CHANNEL_ALIASES)}
                            AS channel,
                        {choice_sql(cell("online_level", "' '"), ONLINE_LEVEL_ALIASES)}
                            AS online_level,
                        {choice_sql(cell("status", "' '"), STATUS_ALIASES)} AS status,
                        {cell("received_at", "' '")} AS received_at,
                        {cell("due_at", "' '")} AS due_at,
                        {cell("resolved_at", "' '")} AS resolved_at
                    FROM dossier_file WHERE {not_blank(columns)} OFFSET 0
                ) t OFFSET 0
            ) p OFFSET 0
        ) q OFFSET 0
    ) d LEFT JOIN {units_sql()} u ON u.code = d.unit_code
        AND (u.valid_from IS NULL OR u.valid_from <= d.received_on)
        AND (u.valid_to IS NULL OR d.received_on <= u.valid_to)
    {conflict}
)
SELECT (SELECT count(*) FROM dossier_file WHERE {not_blank(columns)}),
    count(*), count(*) FILTER (WHERE created)
FROM written
"""  # noqa: S608 - identifiers from the model, patterns and aliases are ours
