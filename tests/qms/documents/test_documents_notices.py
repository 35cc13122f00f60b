"""Mails of the document workflow: who gets them, what they say, never twice."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from wagtail.users.models import UserProfile

from qms.documents import services
from qms.notices.models import SentNotice
from qms.organisation.roles import COMMUNE_OFFICER, INSPECTOR
from qms.tasks import send_notice_task
from tests.conftest import make_user
from tests.qms.documents.helpers import draft

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)
BASE = "https://qms.example.gov.vn"


@pytest.fixture(autouse=True)
def frozen_time(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    with time_machine.travel(NOW, tick=False):
        yield


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def _html(message):
    [(html, mime)] = message.alternatives
    assert mime == "text/html"
    return html


def test_submit_mails_every_eligible_reviewer_not_the_drafter(
    document, document_controller, approver, second_approver, iso_reviewer
):
    revision = draft(
        document, document_controller, change_why="Sửa <b>mẫu</b> & bổ sung"
    )
    mail.outbox.clear()
    services.revision_submit(revision=revision, user=document_controller)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [approver.email, second_approver.email]
    )
    message = _to(approver.email)[0]
    assert (
        message.subject
        == "[Một Cửa QMS] Tài liệu chờ xem xét: QT 02/HT-TP BH 01 / SĐ 00"
    )
    link = f"{BASE}/admin/tai-lieu/lan/{revision.pk}/"
    assert link in message.body
    assert "Sửa <b>mẫu</b> & bổ sung" in message.body  # plain text as typed
    html = _html(message)
    assert f'href="{link}"' in html
    assert "Sửa &lt;b&gt;mẫu&lt;/b&gt; &amp; bổ sung" in html
    assert "<b>mẫu</b>" not in html


def test_review_mails_approvers_except_the_reviewer(
    document, document_controller, approver, second_approver
):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    mail.outbox.clear()
    services.revision_review(revision=revision, user=approver)
    assert [m.to for m in mail.outbox] == [[second_approver.email]]
    assert "chờ phê duyệt" in mail.outbox[0].subject


def test_approve_mails_the_drafter_and_in_force_mails_the_readers(
    district, document, document_controller, approver, second_approver
):
    reader = make_user("canbo", INSPECTOR, district)
    passer_by = make_user("khac", INSPECTOR)  # not of the owning unit
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_review(revision=revision, user=approver)
    mail.outbox.clear()
    services.revision_approve(revision=revision, user=second_approver)
    [approved] = _to(document_controller.email)
    assert "đã được phê duyệt" in approved.subject
    [read] = _to(reader.email)
    assert "đề nghị đọc" in read.subject
    assert f"{BASE}/admin/tai-lieu/lan/{revision.pk}/" in read.body
    assert _to(passer_by.email) == []


def test_coming_into_force_on_the_timer_mails_readers_once(
    district, document, document_controller, approver, second_approver
):
    reader = make_user("canbo", COMMUNE_OFFICER, district)
    revision = draft(
        document, document_controller, effective=datetime.date(2026, 3, 10)
    )
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_review(revision=revision, user=approver)
    services.revision_approve(revision=revision, user=second_approver)
    assert _to(reader.email) == []  # approved, not yet in force
    with time_machine.travel(datetime.datetime(2026, 3, 10, 1, tzinfo=datetime.UTC)):
        call_command("activate_revisions", stdout=io.StringIO())
        call_command("activate_revisions", stdout=io.StringIO())
    assert len(_to(reader.email)) == 1
    assert (
        SentNotice.objects.filter(key=f"revision:{revision.pk}:in_force").count() == 1
    )


def test_a_retried_task_does_not_send_again(
    document, document_controller, approver, second_approver
):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    notice = SentNotice.objects.get(
        key=f"revision:{revision.pk}:submitted:{revision.version + 1}",
        email=approver.email,
    )
    assert notice.sent_at is not None
    before = len(mail.outbox)
    send_notice_task.enqueue(notice.pk)  # the worker retries the same task
    assert len(mail.outbox) == before


def test_resubmission_after_rejection_is_a_new_event(
    document, document_controller, approver
):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_reject(revision=revision, user=approver, comment="Bổ sung")
    mail.outbox.clear()
    services.revision_submit(revision=revision, user=document_controller)
    assert [m.to for m in mail.outbox] == [[approver.email]]


def test_mail_is_in_the_recipients_language(
    document, document_controller, approver, second_approver
):
    profile = UserProfile.get_for_user(second_approver)
    profile.preferred_language = "en"
    profile.save()
    revision = draft(document, document_controller)
    mail.outbox.clear()
    services.revision_submit(revision=revision, user=document_controller)
    english = _to(second_approver.email)[0]
    assert english.body.startswith(f"Dear {second_approver.first_name},")
    assert '<html lang="en">' in _html(english)
    vietnamese = _to(approver.email)[0]
    assert vietnamese.body.startswith("Kính gửi")
    assert SentNotice.objects.get(email=second_approver.email).language == "en"


def test_a_scoped_approver_outside_the_commune_is_not_mailed(
    commune, other_commune_document, document_controller, approver
):
    outsider = make_user("lanhdaoxa", COMMUNE_OFFICER, commune)
    outsider.user_permissions.add(
        *Permission.objects.filter(codename="review_documentrevision")
    )
    revision = draft(other_commune_document, document_controller)
    mail.outbox.clear()
    services.revision_submit(revision=revision, user=document_controller)
    assert [m.to for m in mail.outbox] == [[approver.email]]


def test_replayed_history_mails_nobody(document, document_controller, approver):
    revision = draft(document, document_controller)
    mail.outbox.clear()
    services.revision_submit(
        revision=revision, user=document_controller, at=NOW - datetime.timedelta(1)
    )
    assert mail.outbox == []


def test_rejection_mails_the_drafter_with_the_reason(
    document, document_controller, approver
):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    mail.outbox.clear()
    services.revision_reject(revision=revision, user=approver, comment="Thiếu <mẫu>")
    [message] = mail.outbox
    assert message.to == [document_controller.email]
    assert "Dự thảo bị trả lại" in message.subject
    assert "Thiếu <mẫu>" in message.body
    assert "Thiếu &lt;mẫu&gt;" in _html(message)
