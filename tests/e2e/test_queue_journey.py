"""Issue 12 point 3 in Chromium: a draft goes from the controller to the
reviewer's queue and then the approver's, by mail and by the dashboard panel
"Việc chờ tôi", at 1,366 px and on a 375 px phone."""

import pytest
from django.core import mail
from django.utils import timezone

from qms.documents import services
from qms.documents.models import ControlledDocument
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders("qms.organisation.demo.load", "qms.documents.demo.load"),
]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}


def _as(browser, live_server, username, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    admin_login(page, live_server, username, DEMO_PASSWORD)
    return page


def _mails_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.gov.vn"]]


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_draft_travels_through_the_queues_with_mails(
    demo, live_server, browser, screenshot, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    document = ControlledDocument.objects.get(code="QT 07/HT")
    controller = document.owner.__class__.objects.get(username="kiemsoat")
    revision = services.revision_create_draft(
        document=document,
        user=controller,
        issue_number=2,
        revision_number=0,
        effective_date=timezone.localdate(),
        body="# Mục đích\n\nTrả kết quả trực tuyến toàn trình.",
        change_what="Trả kết quả trực tuyến <toàn trình>",
        change_where="Mục 5.2",
        change_why="Nghị định 107/2021/NĐ-CP",
    )
    revision_path = f"/admin/tai-lieu/lan/{revision.pk}/"
    revision_url = live_server.url + revision_path
    mail.outbox.clear()

    # The controller submits; every reviewer but the controller hears of it.
    drafter = _as(browser, live_server, "kiemsoat", DESKTOP)
    drafter.goto(revision_url)
    drafter.click("button:has-text('Trình xem xét')")
    assert "Đã trình xem xét" in drafter.locator(".messages").inner_text()
    assert "Bạn chưa có vai trò người xem xét" in drafter.inner_text("main")
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == [
        "pheduyet",
        "xemxet",
    ]
    [to_reviewer] = _mails_to("xemxet")
    assert "Tài liệu chờ xem xét: QT 07/HT BH 02 / SĐ 00" in to_reviewer.subject
    assert revision_url in to_reviewer.body
    html = to_reviewer.alternatives[0][0]
    assert f'href="{revision_url}"' in html
    assert "&lt;toàn trình&gt;" in html

    # The reviewer finds it in their queue on the dashboard and reviews it.
    reviewer = _as(browser, live_server, "xemxet", DESKTOP)
    queue = reviewer.locator('[data-queue="documents-review"]')
    row = queue.locator(f'a.qms-waiting__link[href="{revision_path}"]')
    assert "QT 07/HT" in row.inner_text()
    screenshot(reviewer, "queue-reviewer-1366")
    _fits(reviewer, DESKTOP["width"])
    reviewer.set_viewport_size(PHONE)
    _fits(reviewer, PHONE["width"])
    # On a phone the queue comes first, above the deployment summary.
    assert (
        row.bounding_box()["y"]
        < reviewer.locator("[id*=qms-deployment]").first.bounding_box()["y"]
    )
    row.scroll_into_view_if_needed()
    screenshot(reviewer, "queue-reviewer-375")
    reviewer.set_viewport_size(DESKTOP)
    row.click()
    reviewer.wait_for_url(revision_url)
    mail.outbox.clear()
    reviewer.click("button:has-text('Xác nhận đã xem xét')")
    assert "Đã xem xét" in reviewer.locator(".messages").inner_text()
    # The reviewer may not approve, and is told why.
    assert "Bạn đã xem xét bản này nên không thể phê duyệt." in reviewer.inner_text(
        "main"
    )
    assert reviewer.locator("button:has-text('Phê duyệt ban hành')").count() == 0
    reviewer.set_viewport_size(PHONE)
    reviewer.locator(".qms-action-reason").scroll_into_view_if_needed()
    screenshot(reviewer, "queue-reason-375")
    assert [m.to for m in mail.outbox] == [["pheduyet@example.gov.vn"]]
    assert "chờ phê duyệt" in mail.outbox[0].subject
    # Reviewed: no longer in the reviewer's queue.
    reviewer.goto(f"{live_server.url}/admin/")
    assert reviewer.locator(f'.qms-waiting a[href="{revision_path}"]').count() == 0

    # The approver, on a phone, finds it in their queue and approves it.
    approver = _as(browser, live_server, "pheduyet", PHONE)
    queue = approver.locator('[data-queue="documents-approve"]')
    row = queue.locator(f'a.qms-waiting__link[href="{revision_path}"]')
    assert "QT 07/HT" in row.inner_text()
    _fits(approver, PHONE["width"])
    row.scroll_into_view_if_needed()
    screenshot(approver, "queue-approver-375")
    approver.set_viewport_size(DESKTOP)
    screenshot(approver, "queue-approver-1366")
    approver.set_viewport_size(PHONE)
    row.click()
    approver.wait_for_url(revision_url)
    mail.outbox.clear()
    approver.click("button:has-text('Phê duyệt ban hành')")
    assert approver.locator(".qms-status").first.inner_text() == "Đang hiệu lực"
    # The drafter hears of the approval; the office's staff must read it.
    approved = [m for m in _mails_to("kiemsoat") if "đã được phê duyệt" in m.subject]
    assert len(approved) == 1
    readers = {m.to[0].split("@")[0] for m in mail.outbox if "đề nghị đọc" in m.subject}
    assert readers == {"canboxa"}  # the staff of the commune that owns it
    screenshot(approver, "queue-approved-375")

    # The mails were recorded: a second approval attempt or a re-run sends nothing.
    before = len(mail.outbox)
    services.revisions_activate_due(today=timezone.localdate())
    assert len(mail.outbox) == before
