"""Citizen feedback in the management review pack (ISO 9001:2015 9.3.2 c) 1)."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from audits.feedback.selectors import feedback_figures
from qms.review_inputs import ReviewInput


def feedback_review_input(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewInput:
    """Feedback received in the period: in time, overdue, justified, by unit."""
    figures = feedback_figures(
        unit_ids=unit_ids, period_from=period_from, period_to=period_to, today=today
    )
    total = figures["total"]
    return ReviewInput(
        key="feedback",
        title=_("Phản ánh, kiến nghị của người dân"),
        clause="c) 1",
        order=20,
        template_name="audits/feedback/review_input.html",
        context={
            **figures,
            "working_days": settings.QMS_FEEDBACK_WORKING_DAYS,
            "legal_basis": settings.QMS_FEEDBACK_LEGAL_BASIS,
        },
        summary=[
            (_("Phản ánh, kiến nghị tiếp nhận"), str(total["received"])),
            (_("Trả lời đúng hạn"), str(total["answered_in_time"])),
            (_("Quá hạn chưa trả lời"), str(total["overdue"])),
            (_("Có cơ sở"), str(total["justified"])),
        ],
    )
