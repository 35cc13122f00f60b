"""Reminder mail: each app contributes reminder sources, one mail per person.

``settings.REMINDER_SOURCES`` lists dotted paths of functions
``source(*, today: date) -> list[Reminder]`` (documents due for review here;
audits adds overdue corrective actions). ``reminders_send`` gathers them all,
groups them by recipient and records one digest each per day as a notice
(``qms.notices``: in the recipient's language, text and HTML, sent by the
worker in production, at once in the demo, never twice on the same day).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from qms.notices.services import Message, Recipient, notices_record, user_language


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


def _languages(emails: set[str]) -> dict[str, str]:
    """Each address's language: its person's choice, else ``LANGUAGE_CODE``."""
    chosen = {
        user.email.lower(): user_language(user)
        for user in get_user_model()
        .objects.filter(email__in=emails, is_active=True)
        .select_related("wagtail_userprofile")
    }
    return {
        email: chosen.get(email.lower(), settings.LANGUAGE_CODE) for email in emails
    }


def _in_languages(today: datetime.date) -> tuple[list[Reminder], dict[str, str]]:
    """Collect once per language that recipients read, each line in theirs."""
    found = [r for r in reminders_collect(today=today) if r.email]
    languages = _languages({r.email for r in found})
    kept = [r for r in found if languages[r.email] == settings.LANGUAGE_CODE]
    for language in set(languages.values()) - {settings.LANGUAGE_CODE}:
        with translation.override(language):
            kept += [
                r
                for r in reminders_collect(today=today)
                if r.email and languages.get(r.email) == language
            ]
    return kept, languages


def reminders_send(
    *, today: datetime.date, reminders: Iterable[Reminder] | None = None
) -> dict[str, int]:
    """Mail each recipient one digest per day; return the lines per address mailed.

    The digest is a notice keyed ``reminders:<day>`` (``qms.notices``): running
    the timer again the same day mails nobody twice, and addresses already
    mailed today are left out of the result.
    """
    if reminders is None:
        found, languages = _in_languages(today)
    else:
        found = [r for r in reminders if r.email]
        languages = _languages({r.email for r in found})
    by_email: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in found:
        by_email[reminder.email].append(reminder)
    sent: dict[str, int] = {}
    for email, items in by_email.items():
        recipient = Recipient(
            email=email, name=items[0].recipient_name, language=languages[email]
        )
        recorded = notices_record(
            key=f"reminders:{today.isoformat()}",
            recipients=[recipient],
            build=lambda _recipient, items=items: _digest(items, today),
        )
        if recorded:
            sent[email] = len(items)
    return sent


def _digest(items: list[Reminder], today: datetime.date) -> Message:
    overdue = sum(1 for item in items if item.overdue)
    return Message(
        subject=_("[Một Cửa QMS] %(n)s việc cần xử lý (%(late)s quá hạn)")
        % {"n": len(items), "late": overdue},
        intro=_("Các việc cần xử lý tính đến ngày %s:") % today.strftime("%d/%m/%Y"),
        lines=[("[QUÁ HẠN] " if item.overdue else "- ") + item.line for item in items],
    )
