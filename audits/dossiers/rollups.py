"""Form 06 counts from PostgreSQL's daily roll-ups (migration audits/0008).

``audits.dossiers.kpi.form06_counts`` uses this on PostgreSQL; SQLite counts rows.
"""

import datetime

from django.db import connection

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
