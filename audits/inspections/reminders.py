"""Reminder source of corrective actions (listed in ``settings.REMINDER_SOURCES``).

Owners hear of an open action from 7 days before its due date and every run
after it is overdue; the heads of the owner unit (``UnitMembership.is_head``)
hear of it once it is 14 days overdue. An action without an owner person goes
to the owner unit's e-mail address. Reported actions wait for the inspector,
not the owner, so they are not reminded.
"""

import datetime

from django.utils.translation import gettext as _

from audits.inspections.choices import ActionStatus
from audits.inspections.models import CorrectiveAction
from qms.notices.services import absolute_url
from qms.organisation.models import UnitMembership
from qms.organisation.people import person_name
from qms.reminders import Reminder

#: Days before the due date from which the owner is reminded.
DUE_SOON_DAYS = 7
#: Days overdue after which the head of the owner unit is told as well.
ESCALATE_AFTER_DAYS = 14


def _line(action: CorrectiveAction, today: datetime.date) -> str:
    late = (today - action.due_date).days
    state = _("quá hạn %s ngày") % late if late > 0 else _("còn %s ngày") % (-late)
    return _(
        "Hành động khắc phục %(code)s (%(unit)s): %(action)s – hạn %(due)s, "
        "%(state)s – %(url)s"
    ) % {
        "code": action.nonconformity.code,
        "unit": action.owner_unit.name,
        "action": action.action[:120],
        "due": action.due_date.strftime("%d/%m/%Y"),
        "state": state,
        "url": absolute_url("audits_inspections:action", action.pk),
    }


def corrective_action_reminders(*, today: datetime.date) -> list[Reminder]:
    """Reminders for open actions due within 7 days or overdue. Three queries."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    actions = list(
        CorrectiveAction.objects.filter(status=ActionStatus.OPEN, due_date__lte=horizon)
        .select_related(
            "owner", "owner_unit", "nonconformity__inspection", "nonconformity__unit"
        )
        .order_by("due_date", "pk")
    )
    escalate = [a for a in actions if (today - a.due_date).days >= ESCALATE_AFTER_DAYS]
    heads: dict[int, list] = {}
    for membership in UnitMembership.objects.filter(
        is_head=True, unit_id__in={a.owner_unit_id for a in escalate}
    ).select_related("user"):
        heads.setdefault(membership.unit_id, []).append(membership.user)
    reminders = []
    for action in actions:
        overdue = action.due_date < today
        line = _line(action, today)
        if action.owner is not None:
            reminders.append(
                Reminder(
                    email=action.owner.email,
                    recipient_name=person_name(action.owner),
                    line=line,
                    overdue=overdue,
                )
            )
        elif action.owner_unit.email:
            reminders.append(
                Reminder(
                    email=action.owner_unit.email,
                    recipient_name=action.owner_unit.name,
                    line=line,
                    overdue=overdue,
                )
            )
    for action in escalate:
        for head in heads.get(action.owner_unit_id, []):
            reminders.append(
                Reminder(
                    email=head.email,
                    recipient_name=person_name(head),
                    line=_("[Thủ trưởng đơn vị] %s") % _line(action, today),
                    overdue=True,
                )
            )
    return reminders
