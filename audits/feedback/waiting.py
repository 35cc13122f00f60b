"""Feedback in the "Việc chờ tôi" panel (``qms.notices.waiting``).

Whoever may answer feedback sees the unanswered feedback of their units,
soonest due first, the overdue ones flagged. Two queries.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from audits.feedback.choices import FeedbackStatus
from audits.feedback.selectors import feedback_for_staff
from qms.notices.waiting import WAITING_ROWS, WaitingItem, WaitingSection


def waiting_sections(user, today: datetime.date) -> list[WaitingSection]:
    """The ``qms_waiting_for_me`` hook of citizen feedback."""
    if not user.has_perm("audits.change_feedback"):
        return []
    rows = feedback_for_staff(user, status=FeedbackStatus.RECEIVED, today=today)
    items = [
        WaitingItem(
            title=f"{f.code}: {f.subject[:120]}",
            detail=_("%(unit)s · hạn trả lời %(due)s")
            % {"unit": f.unit.name, "due": f.due_on.strftime("%d/%m/%Y")},
            url=reverse("audits_feedback_admin:detail", args=[f.pk]),
            action=_("Trả lời"),
            overdue=f.due_on < today,
        )
        for f in rows[:WAITING_ROWS]
    ]
    return [
        WaitingSection(
            key="feedback",
            heading=_("Phản ánh, kiến nghị chờ trả lời"),
            items=items,
            total=rows.count(),
            more_url=reverse("audits_feedback_admin:index") + "?status=received",
            more_label=_("Xem tất cả phản ánh chờ trả lời"),
        )
    ]
