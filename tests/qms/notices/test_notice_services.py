"""Notices are recorded once per event and address and sent at most once."""

import datetime

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from qms.notices.models import SentNotice
from qms.notices.services import (
    Message,
    notice_deliver,
    notices_record,
    notices_suppressed,
    recipient_for,
    user_language,
)
from qms.reminders import Reminder, reminders_send
from qms.tasks import send_notice_task

pytestmark = pytest.mark.django_db


def _build(_recipient):
    return Message(subject="Thử", intro="Nội dung <i>thử</i>")


def test_same_event_twice_mails_once(approver):
    first = notices_record(
        key="test:1", recipients=[recipient_for(approver)], build=_build
    )
    again = notices_record(
        key="test:1", recipients=[recipient_for(approver)], build=_build
    )
    assert len(first) == 1
    assert again == []
    assert len(mail.outbox) == 1
    assert SentNotice.objects.filter(key="test:1").count() == 1
    notices_record(key="test:2", recipients=[recipient_for(approver)], build=_build)
    assert len(mail.outbox) == 2


def test_a_notice_is_delivered_once_however_often_the_task_runs(approver):
    [notice] = notices_record(
        key="test:1", recipients=[recipient_for(approver)], build=_build
    )
    assert notice_deliver(notice_id=notice.pk) == 0
    send_notice_task.enqueue(notice.pk)
    assert len(mail.outbox) == 1
    # a notice recorded but not yet sent (the worker failed) goes on retry
    SentNotice.objects.filter(pk=notice.pk).update(sent_at=None)
    assert notice_deliver(notice_id=notice.pk) == 1
    assert len(mail.outbox) == 2


def test_text_and_html_escape_user_text(approver):
    notices_record(key="test:1", recipients=[recipient_for(approver)], build=_build)
    [message] = mail.outbox
    assert "Nội dung <i>thử</i>" in message.body
    assert "Nội dung &lt;i&gt;thử&lt;/i&gt;" in message.alternatives[0][0]
    assert message.subject == "[Một Cửa QMS] Thử"


def test_language_is_the_persons_choice_else_vietnamese(approver, settings):
    assert user_language(approver) == "vi"
    profile = UserProfile.get_for_user(approver)
    profile.preferred_language = "en"
    profile.save()
    approver.refresh_from_db()
    assert user_language(approver) == "en"
    profile.preferred_language = "fr"  # not offered here
    profile.save()
    approver.refresh_from_db()
    assert user_language(approver) == settings.LANGUAGE_CODE


def test_reminder_digest_once_a_day_in_the_readers_language(approver, second_approver):
    profile = UserProfile.get_for_user(second_approver)
    profile.preferred_language = "en"
    profile.save()
    today = datetime.date(2026, 3, 2)
    reminders = [
        Reminder(approver.email, "Lãnh đạo", "Việc một – https://qms/x", True),
        Reminder(second_approver.email, "Leader", "Item one", False),
    ]
    assert reminders_send(today=today, reminders=reminders) == {
        approver.email: 1,
        second_approver.email: 1,
    }
    assert reminders_send(today=today, reminders=reminders) == {}
    assert len(mail.outbox) == 2
    english = next(m for m in mail.outbox if m.to == [second_approver.email])
    assert english.body.startswith("Dear Leader,")
    assert "Items requiring action as of 02/03/2026:" in english.body
    assert "items requiring action" in english.subject
    vietnamese = next(m for m in mail.outbox if m.to == [approver.email])
    assert "[QUÁ HẠN] Việc một" in vietnamese.body
    assert '<a href="https://qms/x"' in vietnamese.alternatives[0][0]


def test_nothing_is_recorded_while_notices_are_suppressed(approver):
    with notices_suppressed():
        assert (
            notices_record(
                key="test:1", recipients=[recipient_for(approver)], build=_build
            )
            == []
        )
    assert mail.outbox == []
    assert not SentNotice.objects.exists()
    # the demo is built once: the same event later is mailed normally
    notices_record(key="test:1", recipients=[recipient_for(approver)], build=_build)
    assert len(mail.outbox) == 1
