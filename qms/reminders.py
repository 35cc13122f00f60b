"""Reminder mail: each app contributes reminder sources, one mail per person.

``settings.REMINDER_SOURCES`` lists dotted paths of functions
``source(*, today: date) -> list[Reminder]`` (documents due for review here;
audits adds overdue corrective actions). ``reminders_send`` gathers them all,
groups them by recipient and queues one mail each (``qms.tasks``: sent by the
worker in production, at once in the demo) through Django's e-mail backend.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qms.tasks import send_mail_task


@dataclass(frozen=True)
class Reminder:
    """One line of a reminder mail, for one recipient."""

    email: str
    recipient_name: str
    line: str
    overdue: bool = False


def reminders_collect(*, today: datetime.date) -> list[Reminder]:
    """Reminders of every source in ``settings.REMINDER_SOURCES``."""
    found: list[Reminder] = []
    for path in getattr(settings, "REMINDER_SOURCES", []):
        found.extend(import_string(path)(today=today))
    return found


def reminders_send(
    *, today: datetime.date, reminders: Iterable[Reminder] | None = None
) -> dict[str, int]:
    """Send one mail per recipient; return the number of lines per address."""
    by_email: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in reminders_collect(today=today) if reminders is None else reminders:
        if reminder.email:
            by_email[reminder.email].append(reminder)
    for email, items in by_email.items():
        overdue = [item for item in items if item.overdue]
        lines = [
            _("Kính gửi %s,") % items[0].recipient_name,
            "",
            _("Các việc cần xử lý tính đến ngày %s:") % today.strftime("%d/%m/%Y"),
            "",
        ]
        lines += [
            ("[QUÁ HẠN] " if item.overdue else "- ") + item.line for item in items
        ]
        subject = _("[Một Cửa QMS] %(n)s việc cần xử lý (%(late)s quá hạn)") % {
            "n": len(items),
            "late": len(overdue),
        }
        send_mail_task.enqueue(str(subject), "\n".join(lines), [email])
    return {email: len(items) for email, items in by_email.items()}
