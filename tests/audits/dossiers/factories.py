"""Small builders for dossier tests (plain functions: the services do the work)."""

import datetime

from hypothesis import strategies as st

from audits.dossiers.services import LOCAL_TZ, DossierRecord, dossiers_upsert

_counter = iter(range(1, 10**9))


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """``day`` at ``hour`` local time."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def make_dossier(
    unit,
    *,
    received: datetime.date,
    due: datetime.date,
    resolved: datetime.date | None = None,
    channel: str = "direct",
    online_level: str = "",
    status: str = "",
    code: str | None = None,
) -> str:
    """Write one dossier through the upsert service; returns its code."""
    code = code or f"T-{next(_counter):07d}"
    dossiers_upsert(
        [
            DossierRecord(
                code=code,
                procedure_code="1.001193",
                unit_id=unit.pk,
                channel=channel,
                online_level=online_level,
                received_at=moment(received),
                due_at=moment(due, 16),
                resolved_at=moment(resolved, 15) if resolved else None,
                status=status,
            )
        ]
    )
    return code


#: A random dossier relative to a start date, for property tests: unit code,
#: day offsets, channel (online level only when online), status.
dossier_spec = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["14089", "14092", "364"]),
        "received": st.integers(0, 60),
        "due_after": st.integers(0, 10),
        "resolved_after": st.none() | st.integers(0, 20),
        "channel": st.sampled_from(["direct", "online", "postal"]),
        "online_level": st.sampled_from(["", "partial", "full"]),
        "status": st.sampled_from(["", "", "", "withdrawn", "returned"]),
    }
).map(
    lambda d: {
        **d,
        "online_level": d["online_level"] if d["channel"] == "online" else "",
    }
)
