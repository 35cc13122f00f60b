"""Saving a tracked record: validated, with who changed it and why.

Every service that writes a model carrying ``HistoricalRecords`` saves through
``save_with_history``, so the ISO trail always names the person and the
reason, and a refused change (constraint, validation) leaves the row as it was.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from qms.organisation.people import person_name


def save_with_history(
    instance: models.Model,
    *,
    user,
    reason: str,
    at: datetime.datetime | None = None,
) -> None:
    """Validate ``instance`` (constraints included) and save it with its reason.

    ``at`` replays an earlier moment into the history row (demo content and
    imports of past records); live changes leave it unset.
    """
    instance._change_reason = reason
    instance._history_user = user
    if at is not None:
        instance._history_date = at
    instance.full_clean()
    instance.save()


def reason_field() -> models.TextField:
    """``history_change_reason_field``: change reasons are sentences, not 100 chars."""
    return models.TextField(null=True)


@dataclass
class HistoryRow:
    """One line of an audit trail: what, who, when, why."""

    when: datetime.datetime
    what: str
    kind: str
    who: str
    why: str


_KINDS = {"+": gettext_lazy("Tạo"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xóa")}


def history_rows(records, label) -> list[HistoryRow]:
    """simple-history records as trail rows; ``label(record)`` says what changed."""
    rows = []
    for record in records:
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                what=label(record),
                kind=str(_KINDS.get(record.history_type, record.history_type)),
                who=person_name(user),
                why=record.history_change_reason or "",
            )
        )
    return rows
