"""Document control in Chromium: draft, review, approve by three people; the
controlled copy, the diff and the trace (issue 3's "done when")."""

import pytest
from django.utils import timezone

from qms.documents.models import ControlledDocument
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    admin_login(page, live_server, username, DEMO_PASSWORD)
    return page


def test_three_people_bring_a_revision_into_force(
    demo, live_server, browser, screenshot
):
    document = ControlledDocument.objects.get(code="QT 07/HT")
    trace_url = f"{live_server.url}/admin/tai-lieu/{document.pk}/"

    drafter = _as(browser, live_server, "kiemsoat")
    drafter.goto(f"{live_server.url}/admin/controlled_documents/")
    drafter.click("text=QT 07/HT")
    assert drafter.url == trace_url
    drafter.click("text=Soạn lần sửa đổi mới")
    drafter.fill("input[name=issue_number]", "2")
    drafter.fill("input[name=revision_number]", "0")
    drafter.fill("input[name=effective_date]", timezone.localdate().isoformat())
    drafter.fill("textarea[name=change_what]", "Trả kết quả trực tuyến")
    drafter.fill("input[name=change_where]", "Mục 5.2")
    drafter.fill("textarea[name=change_why]", "Nghị định 107/2021/NĐ-CP")
    body = drafter.input_value("textarea[name=body]")
    drafter.fill("textarea[name=body]", body + "\nTrả kết quả trực tuyến toàn trình.\n")
    drafter.click("button:has-text('Lưu dự thảo')")
    revision_url = drafter.url
    assert "/admin/tai-lieu/lan/" in revision_url
    drafter.click("button:has-text('Trình xem xét')")
    assert "Đã trình xem xét" in drafter.locator(".messages").inner_text()
    # The drafter has no review button.
    assert drafter.locator("button:has-text('Xác nhận đã xem xét')").count() == 0

    reviewer = _as(browser, live_server, "xemxet")
    reviewer.goto(revision_url)
    reviewer.click("button:has-text('Xác nhận đã xem xét')")
    assert reviewer.locator("button:has-text('Phê duyệt ban hành')").count() == 0

    approver = _as(browser, live_server, "pheduyet")
    approver.goto(revision_url)
    approver.click("button:has-text('Phê duyệt ban hành')")
    assert approver.locator(".qms-status").first.inner_text() == "Đang hiệu lực"
    screenshot(approver, "documents-approved")

    reader = _as(browser, live_server, "danhgiaiso")
    pdf = reader.request.get(revision_url + "pdf/")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    reader.goto(trace_url)
    timeline = reader.locator("table.qms-table").last.inner_text()
    for step in ("Tạo dự thảo", "Trình xem xét", "Xem xét: đạt", "Phê duyệt ban hành"):
        assert step in timeline
    reader.select_option("select[name=a]", index=2)
    reader.select_option("select[name=b]", index=3)
    reader.click("button:has-text('So sánh')")
    diff = reader.locator("[data-word-diff]").inner_text().replace("\xa0", " ")
    assert "Trả kết quả trực tuyến toàn trình." in diff
    screenshot(reader, "documents-diff")
