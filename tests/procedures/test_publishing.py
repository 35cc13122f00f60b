"""Moderation, scheduled publishing and the public trail of versions."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowState

from procedures.models import ProcedurePage
from procedures.services import procedures_import
from qms.organisation.page_permissions import WORKFLOW_NAME, page_permissions_sync
from tests.procedures.conftest import item


@pytest.fixture
def draft(catalogue):
    """A new procedure imported as a draft, submitted for approval."""
    procedures_import([item()], index=catalogue)
    return ProcedurePage.objects.get(code="1.001193")


def test_role_sync_gives_the_public_workflow_an_approval_task(db):
    page_permissions_sync()
    assert Workflow.objects.get(name=WORKFLOW_NAME).workflow_tasks.count() == 1


def test_site_editor_drafts_but_cannot_publish(site_editor, approver, catalogue):
    assert catalogue.permissions_for_user(site_editor).can_add_subpage()
    assert not catalogue.permissions_for_user(site_editor).can_publish_subpage()
    assert catalogue.permissions_for_user(approver).can_publish_subpage()


def test_editor_submits_approver_publishes(
    client, site_editor, approver, approval_workflow, draft
):
    draft.current_workflow_state.cancel(user=site_editor)  # the import's
    revision = draft.save_revision(user=site_editor, log_action=True)
    approval_workflow.start(draft, site_editor)
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.revision == revision
    assert client.get("/thu-tuc/dang-ky-khai-sinh/").status_code == 404
    task = state.current_task_state.task.specific
    assert task.user_can_access_editor(draft, approver)
    assert not task.get_actions(draft, site_editor)
    task.on_action(state.current_task_state, approver, "approve")
    draft.refresh_from_db()
    assert draft.live
    response = client.get("/thu-tuc/dang-ky-khai-sinh/")
    assert response.status_code == 200
    log = PageLogEntry.objects.filter(page=draft, action="wagtail.publish").get()
    assert log.user == approver


def test_editor_can_open_the_admin_form(login, site_editor, catalogue):
    client = login(site_editor)
    url = f"/admin/pages/add/procedures/procedurepage/{catalogue.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "code" in response.content.decode()


def test_admin_refuses_a_duplicate_code(login, approver, publish, catalogue):
    publish(item())
    page = ProcedurePage(
        title="Bản sao", slug="ban-sao", code="1.001193", level="commune"
    )
    page.sector = ProcedurePage.objects.get().sector
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "code" in raised.value.message_dict


def test_scheduled_go_live_and_expiry(client, draft):
    now = timezone.now()
    draft.go_live_at = now + datetime.timedelta(days=2)
    draft.expire_at = now + datetime.timedelta(days=5)
    draft.save_revision(log_action=True).publish()
    draft.refresh_from_db()
    assert not draft.live
    assert client.get("/thu-tuc/", {"q": "khai sinh"}).context["result_count"] == 0
    with time_machine.travel(now + datetime.timedelta(days=3)):
        call_command("publish_scheduled")
        assert client.get("/thu-tuc/", {"q": "khai sinh"}).context["result_count"] == 1
        assert client.get("/thu-tuc/dang-ky-khai-sinh/").status_code == 200
    with time_machine.travel(now + datetime.timedelta(days=6)):
        call_command("publish_scheduled")
        assert client.get("/thu-tuc/", {"q": "khai sinh"}).context["result_count"] == 0
        assert client.get("/thu-tuc/dang-ky-khai-sinh/").status_code == 404


def test_last_changed_date_in_vietnamese_format(client, draft):
    with time_machine.travel(datetime.datetime(2026, 3, 9, 8, 0, tzinfo=datetime.UTC)):
        draft.save_revision(log_action=True).publish()
    html = client.get("/thu-tuc/dang-ky-khai-sinh/").content.decode()
    assert "Cập nhật lần cuối" in html
    assert "09/03/2026" in html


def test_search_column_follows_the_live_version(client, publish, approval_workflow):
    """A draft of a live page changes nothing in the catalogue until published."""
    publish(item())
    page = ProcedurePage.objects.get().get_latest_revision_as_object()
    page.title = "Đăng ký khai sinh lưu động"
    page.save_revision(log_action=True)
    assert client.get("/thu-tuc/", {"q": "luu dong"}).context["result_count"] == 0
    page.get_latest_revision().publish()
    assert client.get("/thu-tuc/", {"q": "luu dong"}).context["result_count"] == 1


def test_editor_opens_edit_and_compare_views(login, site_editor, publish):
    publish(item())
    publish(item(result="Giấy khai sinh bản chính."))
    page = ProcedurePage.objects.get()
    client = login(site_editor)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    revisions = list(page.revisions.order_by("created_at"))
    first, last = revisions[0].pk, revisions[-1].pk
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first}...{last}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "kết quả thực hiện" in html.lower()
    assert '<span class="addition"> bản chính.</span>' in html
    # Re-imported steps keep their block ids: shown as unchanged, not replaced.
    assert "comparison__child-object addition" not in html


def test_editor_manages_fields_snippet(login, site_editor, publish):
    publish(item())
    client = login(site_editor)
    response = client.get("/admin/snippets/procedures/sector/")
    assert response.status_code == 200
    assert "Hộ tịch" in response.content.decode()


def test_admin_search_ignores_diacritics(login, site_editor, publish):
    marriage = item(
        code="1.000894",
        name="Đăng ký kết hôn",
        result="Giấy chứng nhận kết hôn.",
        documents=[],
    )
    publish(item(), marriage)
    client = login(site_editor)
    # Both words carry tone marks: only the folded index field can match them.
    response = client.get("/admin/pages/search/", {"q": "ket hon"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng ký kết hôn" in html
    assert "Đăng ký khai sinh" not in html
