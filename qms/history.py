"""Saving a tracked record: validated, with who changed it and why.

Every service that writes a model carrying ``HistoricalRecords`` saves through
``save_with_history``, so the ISO trail always names the person and the
reason, and a refused change (constraint, validation) leaves the row as it was.
"""

import datetime

from django.db import models


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
