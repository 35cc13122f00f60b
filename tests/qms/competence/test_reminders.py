"""Certificate expiry reminders: 60 and 30 days before, each sent once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.users.models import UserProfile

from qms.competence.reminders import certificate_expiry_notices
from qms.notices.models import SentNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(commune_officer, commune, one_stop, record_for):
    return record_for(
        commune_officer,
        commune,
        one_stop,
        completed=datetime.date(2023, 6, 1),
        expires=datetime.date(2026, 6, 1),
    )


def test_sent_at_60_then_30_days_never_twice(expiring, commune_officer):
    mail.outbox.clear()
    with time_machine.travel("2026-03-01 06:30 +07:00", tick=False):  # 92 days
        assert certificate_expiry_notices(today=datetime.date(2026, 3, 1)) == {}
    with time_machine.travel("2026-04-02 06:30 +07:00", tick=False):  # 60 days
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert "hết hạn sau 60 ngày" in mail.outbox[0].subject
    assert mail.outbox[0].to == [commune_officer.email]
    with time_machine.travel("2026-04-03 06:30 +07:00", tick=False):
        call_command("send_reminders")
    assert len(mail.outbox) == 1
    with time_machine.travel("2026-05-02 06:30 +07:00", tick=False):  # 30 days
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mail.outbox) == 2
    assert SentNotice.objects.filter(key__startswith="competence:").count() == 2


def test_missed_step_sends_only_the_nearest(expiring):
    mail.outbox.clear()
    assert certificate_expiry_notices(today=datetime.date(2026, 5, 20)) == {
        "officer@example.gov.vn": 1
    }
    assert len(mail.outbox) == 1
    assert SentNotice.objects.get().key.endswith(":30")
    # expired certificates are no longer reminded
    assert certificate_expiry_notices(today=datetime.date(2026, 6, 2)) == {}


def test_in_the_recipients_language(expiring, commune_officer):
    profile = UserProfile.get_for_user(commune_officer)
    profile.preferred_language = "en"
    profile.save()
    mail.outbox.clear()
    certificate_expiry_notices(today=datetime.date(2026, 4, 2))
    notice = SentNotice.objects.get()
    assert notice.language == "en"


@override_settings(COMPETENCE_REMINDER_DAYS=[90])
def test_steps_are_configurable(expiring):
    assert certificate_expiry_notices(today=datetime.date(2026, 3, 5)) == {
        "officer@example.gov.vn": 1
    }
