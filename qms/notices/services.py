"""Record a notice once per event and recipient; send what was recorded once.

``notices_record`` renders one mail per recipient in that person's language
and stores it as a ``SentNotice``; a (key, address) pair already recorded is
skipped, so calling it again for the same event (the timer re-runs, the
service is retried) mails nobody twice. The mail leaves through
``qms.tasks.send_notice_task``, which ``notice_deliver`` makes idempotent: a
notice already sent is not sent again.

The task is queued inside the caller's transaction on purpose: with the
database queue (production) the task row, the notice and the state change
commit or roll back together, and the worker only sees committed tasks; the
demo and the tests (``ImmediateBackend``) send at once.
"""

import contextlib
import datetime
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms.notices.models import SentNotice
from qms.organisation.people import person_name

#: Subjects start with the system's name, so mail filters can sort them.
SUBJECT_PREFIX = "[Một Cửa QMS] "

_suppressed: ContextVar[bool] = ContextVar("qms_notices_suppressed", default=False)


@contextlib.contextmanager
def notices_suppressed() -> Iterator[None]:
    """Record and send no notice inside the block: ``load_demo`` builds a
    past that nobody should be mailed about (its people are fictitious)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


@dataclass(frozen=True)
class Recipient:
    """Where a notice goes: an address, a name to greet, a language."""

    email: str
    name: str
    language: str
    user: object | None = None


@dataclass
class Message:
    """What a notice says, before it is rendered as text and HTML.

    Every string is plain text (user input included): the HTML template
    escapes it.
    """

    subject: str
    intro: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    #: Bullet lines (a digest); links in them become clickable in the HTML.
    lines: list[str] = field(default_factory=list)
    link_url: str = ""
    link_label: str = ""
    note: str = ""


def user_language(user) -> str:
    """The person's chosen language (Wagtail account setting), else the default.

    Only languages the system offers count; Vietnamese (``LANGUAGE_CODE``)
    is the default, never the language of whoever triggered the event.
    """
    try:
        chosen = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:
        chosen = ""
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def recipient_for(user) -> Recipient:
    """A user as a recipient (``select_related("wagtail_userprofile")`` first)."""
    return Recipient(
        email=user.email,
        name=person_name(user),
        language=user_language(user),
        user=user,
    )


def address_recipient(email: str, name: str) -> Recipient:
    """A unit's shared address: no person, so the system's default language."""
    return Recipient(email=email, name=name, language=settings.LANGUAGE_CODE)


def absolute_url(name: str, *args) -> str:
    """An admin URL as a mail must give it: absolute, on ``WAGTAILADMIN_BASE_URL``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def format_day(day: datetime.date | None) -> str:
    """dd/mm/yyyy, as every record writes a date."""
    return day.strftime("%d/%m/%Y") if day else "—"


def _render(recipient: Recipient, message: Message) -> tuple[str, str, str]:
    """Subject, text and HTML in the active language (the recipient's)."""
    context = {
        "recipient": recipient,
        "message": message,
        "greeting": _("Kính gửi %s,") % recipient.name,
    }
    text = render_to_string("qms/notices/mail.txt", context)
    html = render_to_string("qms/notices/mail.html", context)
    subject = message.subject
    if not subject.startswith(SUBJECT_PREFIX):
        subject = SUBJECT_PREFIX + subject
    return subject, text, html


def notices_record(
    *,
    key: str,
    recipients: Iterable[Recipient],
    build: Callable[[Recipient], Message],
) -> list[SentNotice]:
    """Record and queue one mail per recipient not yet told of ``key``.

    ``build`` is called in the recipient's language. Returns the notices
    recorded now (none for addresses already told). Two queries plus one
    insert per new recipient.
    """
    if _suppressed.get():
        return []
    wanted: dict[str, Recipient] = {}
    for recipient in recipients:
        if recipient.email and recipient.email.lower() not in wanted:
            wanted[recipient.email.lower()] = recipient
    if not wanted:
        return []
    told = {
        email.lower()
        for email in SentNotice.objects.filter(key=key).values_list("email", flat=True)
    }
    recorded = []
    for address, recipient in wanted.items():
        if address in told:
            continue
        with translation.override(recipient.language):
            subject, text, html = _render(recipient, build(recipient))
        notice = SentNotice(
            key=key,
            email=recipient.email,
            user=recipient.user,
            language=recipient.language,
            subject=subject[:255],
            body_text=text,
            body_html=html,
        )
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # recorded meanwhile by a concurrent run: that one sends it
        recorded.append(notice)
    from qms.tasks import send_notice_task  # noqa: PLC0415 (imports this module)

    for notice in recorded:
        send_notice_task.enqueue(notice.pk)
    return recorded


@transaction.atomic
def notice_deliver(*, notice_id: int) -> int:
    """Send a recorded notice unless it was already sent; 1 when sent now.

    The row is locked while sending, so two workers running the same task
    send it once; a failed send leaves ``sent_at`` empty for the retry.
    """
    notice = SentNotice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or notice.sent_at is not None:
        return 0
    mail = EmailMultiAlternatives(
        notice.subject, notice.body_text, settings.DEFAULT_FROM_EMAIL, [notice.email]
    )
    if notice.body_html:
        mail.attach_alternative(notice.body_html, "text/html")
    mail.send()
    notice.sent_at = timezone.now()
    notice.save(update_fields=["sent_at"])
    return 1
