"""Reminders of management-review actions that fall due (``send_reminders``)."""

import datetime

from django.utils.translation import gettext as _

from audits.inspections.reminders import DUE_SOON_DAYS
from audits.reviews.models import ReviewAction
from qms.organisation.models import UnitMembership
from qms.organisation.people import person_name
from qms.reminders import Reminder


def review_action_reminders(*, today: datetime.date) -> list[Reminder]:
    """Management-review actions not done, due within 7 days or overdue.

    They have an owner unit, not a person: the unit's heads and the unit's
    e-mail address are told. Two queries.
    """
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    actions = list(
        ReviewAction.objects.filter(done_on__isnull=True, due_date__lte=horizon)
        .select_related("owner_unit", "review")
        .order_by("due_date", "pk")
    )
    heads: dict[int, list] = {}
    for membership in UnitMembership.objects.filter(
        is_head=True, unit_id__in={a.owner_unit_id for a in actions}
    ).select_related("user"):
        heads.setdefault(membership.unit_id, []).append(membership.user)
    reminders = []
    for action in actions:
        late = (today - action.due_date).days
        line = _(
            "Việc sau xem xét của lãnh đạo (%(unit)s): %(decision)s – hạn %(due)s, "
            "%(state)s"
        ) % {
            "unit": action.owner_unit.name,
            "decision": action.decision[:120],
            "due": action.due_date.strftime("%d/%m/%Y"),
            "state": _("quá hạn %s ngày") % late
            if late > 0
            else _("còn %s ngày") % -late,
        }
        recipients = [
            (h.email, person_name(h)) for h in heads.get(action.owner_unit_id, [])
        ]
        if action.owner_unit.email:
            recipients.append((action.owner_unit.email, action.owner_unit.name))
        reminders += [
            Reminder(email=email, recipient_name=name, line=line, overdue=late > 0)
            for email, name in recipients
        ]
    return reminders
