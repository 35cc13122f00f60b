"""Writes of dossier records: derived columns and the batch upsert.

Every path that writes dossiers (file import, REST push, demo) goes through
``dossier_derive`` and ``dossiers_upsert`` so that the stored derived columns
always agree with the timestamps.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction

from audits.choices import DossierStatus, Outcome
from audits.models import Dossier

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

#: Fields written on insert and overwritten when the dossier code exists.
UPSERT_FIELDS = [
    "procedure_code",
    "unit",
    "channel",
    "online_level",
    "received_at",
    "due_at",
    "resolved_at",
    "status",
    "received_on",
    "due_on",
    "closed_on",
    "outcome",
    "updated_at",
]


@dataclass(frozen=True, slots=True)
class DossierRecord:
    """A validated dossier as it arrives from a file or the API."""

    code: str
    procedure_code: str
    unit_id: int
    channel: str
    online_level: str
    received_at: datetime.datetime
    due_at: datetime.datetime
    resolved_at: datetime.datetime | None
    status: str


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar date of ``moment`` in Asia/Ho_Chi_Minh."""
    return moment.astimezone(LOCAL_TZ).date()


def dossier_derive(
    *,
    received_at: datetime.datetime,
    due_at: datetime.datetime,
    resolved_at: datetime.datetime | None,
    status: str,
) -> tuple[datetime.date, datetime.date, datetime.date | None, str]:
    """(received_on, due_on, closed_on, outcome) for the Form 06 report.

    Timeliness compares local dates (DOMAIN.md: resolution date against the
    appointment date): same day is on time. A withdrawn or returned dossier
    closes on its ``resolved_at`` date, or on its received date when the
    software gave none; it is never counted as resolved.
    """
    received_on = local_date(received_at)
    due_on = local_date(due_at)
    if status in (DossierStatus.WITHDRAWN, DossierStatus.RETURNED):
        closed_on = local_date(resolved_at) if resolved_at else received_on
        return received_on, due_on, closed_on, Outcome.WITHDRAWN
    if resolved_at is None:
        return received_on, due_on, None, Outcome.OPEN
    closed_on = local_date(resolved_at)
    if closed_on < due_on:
        outcome = Outcome.EARLY
    elif closed_on == due_on:
        outcome = Outcome.ON_TIME
    else:
        outcome = Outcome.LATE
    return received_on, due_on, closed_on, outcome


def dossier_build(record: DossierRecord) -> Dossier:
    """An unsaved ``Dossier`` with its derived columns filled in."""
    received_on, due_on, closed_on, outcome = dossier_derive(
        received_at=record.received_at,
        due_at=record.due_at,
        resolved_at=record.resolved_at,
        status=record.status,
    )
    return Dossier(
        code=record.code,
        procedure_code=record.procedure_code,
        unit_id=record.unit_id,
        channel=record.channel,
        online_level=record.online_level,
        received_at=record.received_at,
        due_at=record.due_at,
        resolved_at=record.resolved_at,
        status=record.status,
        received_on=received_on,
        due_on=due_on,
        closed_on=closed_on,
        outcome=outcome,
    )


@dataclass
class UpsertCounts:
    """How many dossiers a batch created and updated."""

    created: int = 0
    updated: int = 0


@transaction.atomic
def dossiers_upsert(records: Iterable[DossierRecord]) -> UpsertCounts:
    """Insert or update ``records`` by dossier code (last one wins in a batch).

    One query to tell new codes from known ones, one bulk upsert: callers
    batch a few thousand records and wrap a whole file in one transaction.
    """
    by_code = {record.code: record for record in records}
    if not by_code:
        return UpsertCounts()
    existing = set(
        Dossier.objects.filter(code__in=list(by_code)).values_list("code", flat=True)
    )
    Dossier.objects.bulk_create(
        [dossier_build(record) for record in by_code.values()],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=UPSERT_FIELDS,
    )
    return UpsertCounts(created=len(by_code) - len(existing), updated=len(existing))
