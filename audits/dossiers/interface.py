"""The named seam: what the inspection package may read of the dossier KPIs.

``audits.inspections`` and ``audits.dossiers`` are independent packages
(import-linter contract in pyproject.toml) except through this module, so the
dossier internals can change without touching inspections. The annual plan's
risk suggestions read the on-time rate of each candidate unit here; the quality
objectives (``audits.planning``) read the counts behind it.
"""

import datetime
from decimal import Decimal

from audits.dossiers.kpi import form06_counts, rates


def on_time_rates(
    *, date_from: datetime.date, date_to: datetime.date, unit_ids: set[int]
) -> dict[int, Decimal | None]:
    """Form 06 on-time rate per unit id over the period (DOMAIN.md).

    Units without any dossier in the period are absent; a unit that resolved
    nothing has ``None``.
    """
    counts = form06_counts(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    return {pk: rates(row)["on_time_rate"] for pk, row in counts.items()}


def on_time_counts(
    *, date_from: datetime.date, date_to: datetime.date, unit_ids: set[int]
) -> dict[int, tuple[int, int]]:
    """(resolved early or on time, resolved) per unit id over the period, from
    the dossier records (Form 06 counts, DOMAIN.md): the figures behind the
    on-time rate, so that a caller summing several units (a district and its
    communes) divides totals, not averages rates. Units without any dossier in
    the period are absent. Read by the quality objectives (audits.planning).
    """
    counts = form06_counts(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    return {
        pk: (row["resolved_early"] + row["resolved_on_time"], row["resolved"])
        for pk, row in counts.items()
    }
