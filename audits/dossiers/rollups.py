"""Form 06 counts from PostgreSQL's daily roll-ups (migration audits/0008).

``audits.dossiers.kpi.form06_counts`` uses this on PostgreSQL; SQLite counts rows.
The statements that rebuild and check the roll-ups live here too: runtime code
never imports a migration. Migration 0008 keeps its own frozen copy of them;
``tests/audits/dossiers/test_dossier_rollups.py`` fails when the two differ, so
a change here comes with a migration that applies it.
"""

import datetime

from django.db import connection

#: The closing date of a dossier still open in ``audits_dossier_by_due``.
OPEN = "9999-12-31"
#: Only these can be pending and overdue on some date (due < date < closed).
LATE_OR_OPEN = "(closed_on IS NULL OR closed_on > due_on)"

#: The triggers on ``audits_dossier`` that keep the roll-ups.
ROLLUP_TRIGGERS = [
    "audits_dossier_rollup_insert",
    "audits_dossier_rollup_update",
    "audits_dossier_rollup_delete",
]

#: Count every roll-up again from the dossiers (``rebuild_dossier_rollups``,
#: and the COPY import into an empty table).
BACKFILL = f"""
TRUNCATE audits_dossier_by_received, audits_dossier_by_closed, audits_dossier_by_due;
INSERT INTO audits_dossier_by_received
    SELECT unit_id, received_on, channel, online_level, count(*)
    FROM audits_dossier GROUP BY 1, 2, 3, 4;
INSERT INTO audits_dossier_by_closed
    SELECT unit_id, closed_on, outcome, count(*)
    FROM audits_dossier WHERE closed_on IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO audits_dossier_by_due
    SELECT unit_id, due_on, coalesce(closed_on, '{OPEN}'), count(*)
    FROM audits_dossier WHERE {LATE_OR_OPEN} GROUP BY 1, 2, 3;
"""  # noqa: S608 - constants

#: (roll-up table, the query its rows must equal): ``rebuild_dossier_rollups --check``.
EXPECTED = {
    "audits_dossier_by_received": (
        "SELECT unit_id, received_on, channel, online_level, count(*) "
        "FROM audits_dossier GROUP BY 1, 2, 3, 4"
    ),
    "audits_dossier_by_closed": (
        "SELECT unit_id, closed_on, outcome, count(*) FROM audits_dossier "
        "WHERE closed_on IS NOT NULL GROUP BY 1, 2, 3"
    ),
    "audits_dossier_by_due": (
        f"SELECT unit_id, due_on, coalesce(closed_on, '{OPEN}'), count(*) "  # noqa: S608 - a constant
        f"FROM audits_dossier WHERE {LATE_OR_OPEN} GROUP BY 1, 2, 3"
    ),
}

_ROLLUP_SQL = """
WITH received AS (
    SELECT unit_id,
        sum(n) FILTER (WHERE day < %(f)s) AS before,
        sum(n) FILTER (WHERE day >= %(f)s) AS received,
        sum(n) FILTER (WHERE day >= %(f)s AND channel = 'direct') AS direct,
        sum(n) FILTER (WHERE day >= %(f)s AND channel = 'online') AS online,
        sum(n) FILTER (WHERE day >= %(f)s AND channel = 'postal') AS postal,
        sum(n) FILTER (WHERE day >= %(f)s AND online_level = 'partial') AS partial,
        sum(n) FILTER (WHERE day >= %(f)s AND online_level = 'full') AS full
    FROM audits_dossier_by_received
    WHERE day <= %(t)s {units}
    GROUP BY unit_id
), closed AS (
    SELECT unit_id,
        sum(n) FILTER (WHERE day < %(f)s) AS before,
        sum(n) AS by_to,
        sum(n) FILTER (WHERE day >= %(f)s AND outcome = 'early') AS early,
        sum(n) FILTER (WHERE day >= %(f)s AND outcome = 'on_time') AS on_time,
        sum(n) FILTER (WHERE day >= %(f)s AND outcome = 'late') AS late,
        sum(n) FILTER (WHERE day >= %(f)s AND outcome = 'withdrawn') AS withdrawn
    FROM audits_dossier_by_closed
    WHERE day <= %(t)s {units}
    GROUP BY unit_id
), overdue AS (
    SELECT unit_id, sum(n) AS open_overdue
    FROM audits_dossier_by_due
    WHERE due_on < %(t)s AND closed_on > %(t)s {units}
    GROUP BY unit_id
)
SELECT r.unit_id, r.before, r.received, r.direct, r.online, r.postal, r.partial,
    r.full, c.before, c.by_to, c.early, c.on_time, c.late, c.withdrawn,
    o.open_overdue
FROM received r
LEFT JOIN closed c ON c.unit_id = r.unit_id
LEFT JOIN overdue o ON o.unit_id = r.unit_id
"""


def form06_counts_rollup(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_ids: set[int] | None,
) -> dict[int, dict[str, int]]:
    """``form06_counts`` from PostgreSQL's daily roll-ups, in one query.

    Every column is a difference or a sum of daily counts, because a dossier
    closes on or after the day it was received and falls due on or after it
    (CHECK constraints):

    - carried over = received before ``from`` − closed before ``from``;
    - pending = received by ``to`` − closed by ``to``;
    - pending overdue = due before ``to`` and not closed by ``to`` (such a
      dossier was received by ``to``); pending in time = the rest.
    """
    params = {"f": date_from, "t": date_to}
    units = ""
    if unit_ids is not None:
        units = "AND unit_id = ANY(%(units)s)"
        params["units"] = sorted(unit_ids)
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(_ROLLUP_SQL.format(units=units), params)
        for row in cursor.fetchall():
            unit_id, *numbers = row
            (received_before, received, direct, online, postal, partial, full,
             closed_before, closed_by_to, early, on_time, late, withdrawn,
             overdue) = (int(v or 0) for v in numbers)  # fmt: skip
            carried_over = received_before - closed_before
            if carried_over + received == 0:
                continue  # nobody in the period's population
            pending = received_before + received - closed_by_to
            result[unit_id] = {
                "carried_over": carried_over,
                "received": received,
                "received_direct": direct,
                "received_online": online,
                "received_postal": postal,
                "online_partial": partial,
                "online_full": full,
                "resolved_early": early,
                "resolved_on_time": on_time,
                "resolved_late": late,
                "withdrawn": withdrawn,
                "pending_in_time": pending - overdue,
                "pending_overdue": overdue,
                "resolved": early + on_time + late,
                "pending": pending,
            }
    return result
