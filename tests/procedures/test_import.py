"""``manage.py import_procedures``: validate all, write all or nothing."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision, WorkflowState

from procedures.models import ProcedurePage, Sector
from qms.documents.models import LegalText
from tests.procedures.conftest import item
from tests.procedures.test_demo import load_demo


@pytest.fixture
def write(tmp_path):
    def _write(data) -> str:
        path = tmp_path / "procedures.json"
        path.write_text(
            data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
            encoding="utf-8",
        )
        return str(path)

    return _write


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_procedures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def ten_items() -> list[dict]:
    return [item(code=f"1.00{n:04d}", name=f"Thủ tục số {n}") for n in range(10)]


def test_import_creates_drafts_submitted_for_approval(
    catalogue, write, approver, approval_workflow
):
    out, _err = run(write(ten_items()))
    assert "10 thủ tục mới" in out
    assert "Đã trình lãnh đạo phê duyệt." in out
    pages = ProcedurePage.objects.all()
    assert pages.count() == 10
    assert not pages.filter(live=True).exists()
    states = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert states.count() == 10
    # The approver approves each: the pages go live.
    for state in states:
        state.current_task_state.task.specific.on_action(
            state.current_task_state, approver, "approve"
        )
    assert ProcedurePage.objects.live().count() == 10


def test_dry_run_writes_nothing(catalogue, write):
    out, _err = run(write(ten_items()), "--dry-run")
    assert "Kiểm tra (không ghi): 10 thủ tục mới" in out
    assert ProcedurePage.objects.count() == 0
    assert Sector.objects.count() == 0


def test_same_code_gets_a_new_revision_not_a_duplicate(catalogue, write):
    run(write([item()]), "--publish")
    page = ProcedurePage.objects.get(code="1.001193")
    before = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    out, _err = run(write([item(name="Đăng ký khai sinh (sửa)")]), "--publish")
    assert "0 thủ tục mới, 1 thủ tục cập nhật" in out
    assert ProcedurePage.objects.filter(code="1.001193").count() == 1
    page.refresh_from_db()
    assert page.title == "Đăng ký khai sinh (sửa)"
    after = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    assert after == before + 1


def test_update_of_live_page_waits_for_approval(
    catalogue, write, client, approval_workflow
):
    run(write([item()]), "--publish")
    run(write([item(name="Đăng ký khai sinh mới")]))
    page = ProcedurePage.objects.get(code="1.001193")
    assert page.live and page.title == "Đăng ký khai sinh"
    assert page.has_unpublished_changes
    assert "Đăng ký khai sinh mới" not in client.get("/thu-tuc/").content.decode()


def test_errors_are_reported_per_item_and_nothing_is_written(catalogue, write):
    bad = [
        item(code="A.1"),
        item(code="A.2", level="ward"),
        item(code="A.3", channels=[{"channel": "fax", "processing_time": ""}]),
        item(code="A.1"),
        {"name": "Không mã", "field": "Hộ tịch", "level": "commune"},
        item(code="A.6", agency="999.XX", interconnected="yes"),
        item(code="A.7", documents=[{"name": "Tờ khai", "copies": -1}], extra=1),
        "not an object",
    ]
    with pytest.raises(CommandError, match="không ghi gì"):
        _out, err = run(write(bad))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_procedures", write(bad), stderr=err, stdout=StringIO())
    lines = err.getvalue().splitlines()
    expected = [
        "item 2 (A.2): level: phải là một trong province, district, commune",
        "item 3 (A.3): channels[1].channel: phải là một trong direct, online, postal",
        "item 3 (A.3): channels[1].processing_time: bắt buộc, là chuỗi",
        "item 4 (A.1): code: trùng với item 1",
        "item 5 (?): code: bắt buộc",
        "item 6 (A.6): interconnected: phải là true hoặc false",
        "item 6 (A.6): agency: không có đơn vị mã 999.XX",
        "item 7 (A.7): item: khóa lạ: extra",
        "item 7 (A.7): documents[1].copies: phải là số nguyên không âm",
        "item 8 (?): item: phải là đối tượng JSON",
    ]
    for line in expected:
        assert line in lines, line
    assert ProcedurePage.objects.count() == 0
    assert Sector.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "JSON không hợp lệ"),
        ('{"code": "x"}', "phải là một danh sách"),
    ],
)
def test_bad_files(catalogue, write, content, message):
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_procedures", write(content), stderr=err, stdout=StringIO())
    assert message in str(raised.value) + err.getvalue()


def test_missing_file(catalogue):
    with pytest.raises(CommandError, match="không đọc được"):
        run("/nonexistent/file.json")


def test_legal_basis_links_the_legal_register(catalogue, write):
    law = LegalText.objects.create(
        number="Luật Hộ tịch 60/2014/QH13",
        title="Luật Hộ tịch",
        issuing_body="Quốc hội",
        issued_on=datetime.date(2014, 11, 20),
        effective_on=datetime.date(2016, 1, 1),
    )
    run(write([item()]), "--publish")
    page = ProcedurePage.objects.get(code="1.001193")
    assert list(page.legal_texts.all()) == [law]
    assert [str(b.value) for b in page.legal_basis] == ["Nghị định 123/2015/NĐ-CP"]


def test_agency_by_unit_code(catalogue, write, agency):
    run(write([item(agency="364.TP", level="district")]), "--publish")
    assert ProcedurePage.objects.get().implementing_agency == agency


def test_publish_by_a_site_editor_after_the_demo_is_refused_without_traceback(db):
    """Issue 12: ``import_procedures --publish --user bientap`` ended in
    Wagtail's PublishPagePermissionError. A site editor drafts; only a person
    who may publish publishes, and the refusal comes before any write."""
    load_demo()
    fixture = "fixtures/procedures.json"
    revisions = Revision.objects.count()
    with pytest.raises(CommandError, match="Có 1 lỗi") as refused:
        run(fixture, "--publish", "--user", "bientap")
    assert refused.value.__cause__.errors == [
        "publish: bientap không có quyền công bố trang thủ tục; bỏ --publish để "
        "trình lãnh đạo phê duyệt, hoặc nhập bằng người có quyền công bố"
    ]
    assert Revision.objects.count() == revisions
    # the same file without --publish goes to the approval workflow
    out, _err = run(fixture, "--user", "bientap")
    assert "thủ tục cập nhật" in out
    # an approver publishes at once
    out, _err = run(fixture, "--publish", "--user", "pheduyet")
    assert "Đã công bố." in out
