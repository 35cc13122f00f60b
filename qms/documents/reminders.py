"""Reminder source of document control (listed in ``settings.REMINDER_SOURCES``)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.documents.selectors import documents_due
from qms.reminders import Reminder

#: How many days ahead a review counts as "due soon".
REMINDER_HORIZON_DAYS = 30


def document_reminders(*, today: datetime.date) -> list[Reminder]:
    """Documents due or overdue for periodic review or legal update, to owners."""
    reminders = []
    for item in documents_due(today=today, within_days=REMINDER_HORIZON_DAYS):
        owner = item.document.owner
        reminders.append(
            Reminder(
                email=owner.email,
                recipient_name=owner.get_full_name() or owner.username,
                line=_("%(code)s %(title)s: %(reason)s, hạn %(due)s – %(url)s")
                % {
                    "code": item.document.code,
                    "title": item.document.title,
                    "reason": item.reason,
                    "due": item.due_on.strftime("%d/%m/%Y"),
                    "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                    + reverse("qms_documents:trace", args=[item.document.pk]),
                },
                overdue=item.overdue,
            )
        )
    return reminders
