"""Reads of citizen feedback: the staff list, the public list, the figures.

Staff reads go through the commune scope (``scope_queryset``); public reads
never carry the submitter's name, phone or e-mail (``PUBLIC_FIELDS``).
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q, QuerySet

from audits.feedback.choices import FeedbackStatus, Verdict
from audits.feedback.models import Feedback
from qms.organisation.scoping import scope_queryset

#: What the public site may read of a feedback: nothing personal.
PUBLIC_FIELDS = (
    "code",
    "kind",
    "subject",
    "content",
    "received_on",
    "due_on",
    "status",
    "answer",
    "answered_on",
    "consent_publish",
    "unit__name",
    "procedure__title",
)


def overdue_q(today: datetime.date) -> Q:
    """Unanswered past the due date."""
    return Q(status=FeedbackStatus.RECEIVED, due_on__lt=today)


def feedback_for_staff(
    user,
    *,
    status: str = "",
    unit_id: int | None = None,
    overdue: bool = False,
    today: datetime.date,
) -> QuerySet[Feedback]:
    """The feedback ``user`` may handle, filtered as the staff list asks."""
    rows = scope_queryset(
        Feedback.objects.select_related("unit", "procedure"), user
    ).order_by("due_on", "pk")
    if status:
        rows = rows.filter(status=status)
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if overdue:
        rows = rows.filter(overdue_q(today))
    return rows


def feedback_public(code: str) -> dict | None:
    """The status page of one code: public fields only, or ``None``."""
    return (
        Feedback.objects.filter(code=code).values(*PUBLIC_FIELDS).first()
        if code
        else None
    )


def feedback_published() -> QuerySet:
    """Answered feedback whose submitter agreed to publication, newest first."""
    return (
        Feedback.objects.filter(status=FeedbackStatus.ANSWERED, consent_publish=True)
        .order_by("-answered_on", "-pk")
        .values(*PUBLIC_FIELDS)
    )


def feedback_nonconformity_candidates(
    *,
    unit_ids: Iterable[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> QuerySet[Feedback]:
    """Feedback that may raise a nonconformity: justified, or past its time limit.

    The seam for raising a nonconformity from a complaint (issue 13): received
    in the period by ``unit_ids``; justified ones, those answered late, and
    those still unanswered past their due date on ``today``.
    """
    return (
        Feedback.objects.filter(
            unit_id__in=list(unit_ids),
            received_on__range=(period_from, period_to),
        )
        .filter(
            Q(verdict=Verdict.JUSTIFIED)
            | Q(status=FeedbackStatus.ANSWERED, answered_on__gt=F("due_on"))
            | overdue_q(today)
        )
        .select_related("unit", "procedure")
        .order_by("received_on", "pk")
    )


def _counts() -> dict:
    answered = Q(status=FeedbackStatus.ANSWERED)
    return {
        "received": Count("pk"),
        "answered": Count("pk", filter=answered),
        "answered_in_time": Count(
            "pk", filter=answered & Q(answered_on__lte=F("due_on"))
        ),
        "answered_late": Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
        "published": Count("pk", filter=answered & Q(consent_publish=True)),
        "justified": Count("pk", filter=Q(verdict=Verdict.JUSTIFIED)),
    }


def feedback_figures(
    *,
    unit_ids: Iterable[int] | None,
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
    per_unit: bool = True,
) -> dict:
    """Feedback received in the period: totals and one row per unit.

    ``received``, ``answered`` (``answered_in_time`` / ``answered_late``),
    ``published``, ``justified`` and ``overdue`` (unanswered past its due date
    on the earlier of ``today`` and the day after the period). ``unit_ids``
    ``None`` counts every unit. Two queries.
    """
    rows = Feedback.objects.filter(received_on__range=(period_from, period_to))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    cutoff = min(today, period_to + datetime.timedelta(days=1))
    counts = {**_counts(), "overdue": Count("pk", filter=overdue_q(cutoff))}
    total = rows.aggregate(**counts)
    if not per_unit:  # the public page shows the totals alone: one query
        return {"total": total, "units": []}
    by_unit = list(
        rows.values("unit_id", "unit__name").annotate(**counts).order_by("unit__name")
    )
    return {"total": total, "units": by_unit}
