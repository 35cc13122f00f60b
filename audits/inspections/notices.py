"""Mail to whoever must carry out a corrective action once it is assigned.

``action_create`` calls ``notify_assigned`` after saving: to the owner person,
else to the owner unit's address. Reminders before and after the due date come
from the daily digest (``audits.inspections.reminders``, ``send_reminders``),
which is recorded per day and address in the same ``SentNotice`` table.
"""

from django.utils.translation import gettext as _

from audits.inspections.models import CorrectiveAction
from qms.notices.services import (
    Message,
    Recipient,
    absolute_url,
    address_recipient,
    format_day,
    notices_record,
    recipient_for,
)
from qms.organisation.people import person_name


def _recipients(action: CorrectiveAction) -> list[Recipient]:
    if action.owner is not None:
        return [recipient_for(action.owner)]
    if action.owner_unit.email:
        return [address_recipient(action.owner_unit.email, action.owner_unit.name)]
    return []


def notify_assigned(action: CorrectiveAction, *, by) -> None:
    """The owner hears what to do, by when, and where to report it."""
    nonconformity = action.nonconformity

    def build(recipient: Recipient) -> Message:
        return Message(
            subject=_("Hành động khắc phục được giao: %s") % nonconformity.code,
            intro=_("%(who)s đã giao hành động khắc phục dưới đây cho %(unit)s.")
            % {"who": person_name(by), "unit": action.owner_unit.name},
            rows=[
                (_("Điểm không phù hợp"), nonconformity.description),
                (_("Hành động khắc phục"), action.action),
                (_("Hạn hoàn thành"), format_day(action.due_date)),
            ],
            link_url=absolute_url("audits_inspections:action", action.pk),
            link_label=_("Mở để báo cáo kết quả"),
        )

    notices_record(
        key=f"action:{action.pk}:assigned",
        recipients=_recipients(action),
        build=build,
    )
