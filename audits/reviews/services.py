"""Writes of the management review: the meeting and its decisions, actions done."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.reviews.models import ManagementReview, ReviewAction
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit
from qms.permissions import require_perm


@transaction.atomic
def management_review_record(
    *,
    unit: AdministrativeUnit,
    period_from: datetime.date,
    period_to: datetime.date,
    meeting_date: datetime.date,
    chair: str,
    minutes: str,
    decisions: Sequence[tuple[str, AdministrativeUnit, datetime.date]] = (),
    user,
) -> ManagementReview:
    """Record a management review meeting; each decision becomes a tracked action."""
    require_perm(user, "audits.add_managementreview")
    review = ManagementReview(
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        meeting_date=meeting_date,
        chair=chair,
        minutes=minutes,
    )
    save_with_history(
        review, user=user, reason=_("Ghi nhận cuộc họp xem xét của lãnh đạo")
    )
    for text, owner_unit, due_date in decisions:
        action = ReviewAction(
            review=review, decision=text, owner_unit=owner_unit, due_date=due_date
        )
        save_with_history(
            action, user=user, reason=_("Quyết định của cuộc họp xem xét")
        )
    return review


@transaction.atomic
def review_action_done(
    *, action: ReviewAction, done_on: datetime.date, result: str, user
) -> ReviewAction:
    """Mark a management-review action done with its result."""
    require_perm(user, "audits.change_reviewaction")
    if not result.strip():
        raise ValidationError(_("Nêu kết quả thực hiện."))
    action.done_on = done_on
    action.result = result.strip()
    save_with_history(
        action, user=user, reason=_("Hoàn thành việc sau xem xét của lãnh đạo")
    )
    return action
