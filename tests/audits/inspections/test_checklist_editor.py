"""Checklist template editor: roles, create, edit, reorder, copy, used templates."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.inspections.checklist_services import (
    ItemEntry,
    checklist_template_copy,
    checklist_template_create,
    checklist_template_update,
)
from audits.inspections.checklist_templates import checklist_templates_ensure
from audits.inspections.choices import C26Item, ChecklistKind, ReformArea
from audits.inspections.forms import InspectionForm
from audits.inspections.models import ChecklistItem, ChecklistTemplate
from tests.audits.inspections.helpers import make_visit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
NS = "audits_inspections"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def make_template(user, code="THU-NGHIEM", n=3) -> ChecklistTemplate:
    return checklist_template_create(
        code=code,
        name="Mẫu thử nghiệm",
        kind=ChecklistKind.ISO_AUDIT,
        items=[ItemEntry(f"Câu {i}", iso_clause=f"7.{i}") for i in range(1, n + 1)],
        user=user,
    )


def items_post(items, **extra) -> dict:
    """The editor's POST: ``items`` are dicts (item_id, text, iso_clause, ...)."""
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(sum(1 for item in items if item.get("item_id"))),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "300",
    }
    for index, item in enumerate(items):
        for key in ("item_id", "text", "iso_clause", "c26_item", "reform_area"):
            data[f"items-{index}-{key}"] = item.get(key, "")
        data[f"items-{index}-ORDER"] = str(item.get("ORDER", index + 1))
        if item.get("DELETE"):
            data[f"items-{index}-DELETE"] = "on"
    data.update(extra)
    return data


def current_rows(template) -> list[dict]:
    return [
        {
            "item_id": item.pk,
            "text": item.text,
            "iso_clause": item.iso_clause,
            "c26_item": item.c26_item,
            "reform_area": item.reform_area,
        }
        for item in template.items.order_by("order")
    ]


def edit_post(template, rows, **extra) -> dict:
    fields = {
        "name": template.name,
        "kind": template.kind,
        "active": "on" if template.active else "",
        "reason": "Cập nhật theo góp ý",
    }
    fields.update(extra)
    return items_post(rows, **fields)


# Permissions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "can_view", "can_edit"),
    [
        ("inspector", True, True),
        ("superuser", True, True),
        ("iso_reviewer", True, False),
        ("approver", True, False),
        ("commune_officer", True, False),
        ("site_editor", False, False),
        ("document_controller", False, False),
    ],
)
def test_screens_by_role(request, login, inspector, persona, can_view, can_edit):
    template = make_template(inspector)
    client = login(request.getfixturevalue(persona))
    for name, args in [("checklists", ()), ("checklist", (template.pk,))]:
        response = client.get(url(name, *args))
        assert (response.status_code == 200) is can_view
        if not can_view:
            assert refused(response)
    for name, args in [("checklist_create", ()), ("checklist_copy", (template.pk,))]:
        response = client.get(url(name, *args))
        assert (response.status_code == 200) is can_edit
        if not can_edit:
            assert refused(response)
    response = client.post(
        url("checklist", template.pk),
        edit_post(template, current_rows(template), name="Đổi tên trái phép"),
    )
    template.refresh_from_db()
    assert (template.name == "Đổi tên trái phép") is can_edit
    if not can_edit:
        assert refused(response)
    if can_view and not can_edit:
        page = client.get(url("checklist", template.pk)).content.decode()
        assert 'id="checklist-form"' not in page
        assert "Câu 1" in page


def test_commune_officer_cannot_create_or_copy(login, commune_officer, inspector):
    template = make_template(inspector)
    client = login(commune_officer)
    response = client.post(
        url("checklist_create"),
        items_post(
            [{"text": "Câu", "iso_clause": "7.5"}],
            code="XA-1",
            name="Mẫu của xã",
            kind=ChecklistKind.C26,
        ),
    )
    assert refused(response)
    response = client.post(
        url("checklist_copy", template.pk), {"code": "XA-2", "name": "Bản sao"}
    )
    assert refused(response)
    assert not ChecklistTemplate.objects.filter(code__in=["XA-1", "XA-2"]).exists()
    with pytest.raises(PermissionDenied):
        make_template(commune_officer, code="XA-3")


def test_anonymous_is_sent_to_login(client, inspector):
    template = make_template(inspector)
    response = client.get(url("checklist", template.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_missing_template_is_404(login, inspector):
    client = login(inspector)
    assert client.get(url("checklist", 999999)).status_code == 404
    assert client.get(url("checklist_copy", 999999)).status_code == 404


# List -------------------------------------------------------------------------


def test_list_shows_templates_and_query_count_is_flat(
    login, inspector, commune, django_assert_max_num_queries
):
    checklist_templates_ensure()
    make_visit(commune, inspector)
    client = login(inspector)
    with django_assert_max_num_queries(14) as captured:
        page = client.get(url("checklists")).content.decode()
    baseline = len(captured.captured_queries)
    for code in ("MOT", "HAI", "BA", "BON"):
        make_template(inspector, code=code, n=6)
    with django_assert_max_num_queries(baseline):
        client.get(url("checklists"))
    assert "Đánh giá nội bộ HTQLCL theo TCVN ISO 9001:2015" in page
    assert "ISO 10.2" in page
    assert "Đã dùng cho 1 cuộc kiểm tra" in page
    assert url("checklist_create") in page


# Create -----------------------------------------------------------------------


def test_create_with_items_in_order(login, inspector):
    client = login(inspector)
    response = client.post(
        url("checklist_create"),
        items_post(
            [
                {"text": "Thứ hai", "c26_item": C26Item.PROCESSES, "ORDER": "2"},
                {"text": "Thứ nhất", "iso_clause": "7.5.3", "ORDER": "1"},
                {"text": "", "ORDER": "3"},  # a card added and left blank
                {"text": "Cải cách", "reform_area": ReformArea.PROCEDURES},
            ],
            code="iso-2025",
            name="  Mẫu mới 2025 ",
            kind=ChecklistKind.ISO_AUDIT,
            active="on",
        ),
    )
    template = ChecklistTemplate.objects.get(code="ISO-2025")
    assert response.status_code == 302
    assert response["Location"] == url("checklist", template.pk)
    assert template.name == "Mẫu mới 2025"
    assert template.active
    assert [(i.order, i.text) for i in template.items.all()] == [
        (1, "Thứ nhất"),
        (2, "Thứ hai"),
        (3, "Cải cách"),
    ]
    record = template.history.get()
    assert record.history_user == inspector
    assert record.history_change_reason == "Lập mẫu danh mục kiểm tra"


@pytest.mark.parametrize(
    ("fields", "rows", "message"),
    [
        ({"name": ""}, [{"text": "Câu", "iso_clause": "7.5"}], "bắt buộc"),
        ({"code": "ISO-NB"}, [{"text": "Câu", "iso_clause": "7.5"}], "đã được dùng"),
        ({"code": "Mã có dấu"}, [{"text": "Câu", "iso_clause": "7.5"}], "không dấu"),
        ({}, [{"text": "Câu không căn cứ"}], "phải gắn với một điều khoản"),
        ({}, [{"text": "Câu", "iso_clause": "3.1"}], "từ điều 4 đến điều 10"),
        ({}, [{"text": "Câu", "iso_clause": "7.5; 8.1"}], "từ điều 4 đến điều 10"),
        ({}, [{"text": "Câu", "c26_item": "bogus"}], "bogus"),
        ({}, [], "ít nhất một câu hỏi"),
        ({}, [{"text": "Câu", "iso_clause": "7.5", "DELETE": True}], "ít nhất"),
    ],
)
def test_create_refuses_bad_input(login, inspector, fields, rows, message):
    checklist_templates_ensure()
    before = ChecklistTemplate.objects.count()
    data = {"code": "MOI", "name": "Mẫu mới", "kind": ChecklistKind.C26}
    data.update(fields)
    response = login(inspector).post(url("checklist_create"), items_post(rows, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ChecklistTemplate.objects.count() == before


def test_create_survives_a_tampered_management_form(login, inspector):
    data = items_post([{"text": "Câu", "iso_clause": "7.5"}])
    data.update({"code": "MOI", "name": "Mẫu", "kind": "c26", "items-TOTAL_FORMS": "x"})
    response = login(inspector).post(url("checklist_create"), data)
    assert response.status_code == 200
    assert not ChecklistTemplate.objects.filter(code="MOI").exists()


# Edit -------------------------------------------------------------------------


def test_edit_items_add_reorder_change_remove(login, inspector):
    template = make_template(inspector)
    first, second, third = template.items.order_by("order")
    rows = [
        {"item_id": third.pk, "text": "Câu 3 sửa", "iso_clause": "8.5.1"},
        {"item_id": first.pk, "text": "Câu 1", "iso_clause": "7.1"},
        {"item_id": second.pk, "text": "Câu 2", "iso_clause": "7.2", "DELETE": True},
        {"text": "Câu mới", "c26_item": C26Item.COMPLAINTS},
    ]
    response = login(inspector).post(
        url("checklist", template.pk),
        edit_post(template, rows, name="Tên mới", active=""),
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.active) == ("Tên mới", False)
    assert [(i.order, i.text, i.pk) for i in template.items.all()] == [
        (1, "Câu 3 sửa", third.pk),
        (2, "Câu 1", first.pk),
        (3, "Câu mới", template.items.get(order=3).pk),
    ]
    assert not ChecklistItem.objects.filter(pk=second.pk).exists()
    # Who, when and why: on the template and on every question that changed.
    assert template.history.first().history_change_reason == "Cập nhật theo góp ý"
    assert template.history.first().history_user == inspector
    removed = ChecklistItem.history.filter(id=second.pk).first()
    assert removed.history_type == "-"
    assert removed.history_change_reason == "Cập nhật theo góp ý"
    assert removed.history_user == inspector
    moved = ChecklistItem.history.filter(id=first.pk).first()
    assert (moved.order, moved.history_user) == (2, inspector)
    page = login(inspector).get(url("checklist", template.pk)).content.decode()
    assert "Cập nhật theo góp ý" in page
    assert "Câu hỏi 2: Câu 2" in page


def test_unchanged_items_write_no_item_history(inspector):
    template = make_template(inspector)
    entries = [
        ItemEntry(i.text, i.iso_clause, i.c26_item, i.reform_area, i.pk)
        for i in template.items.order_by("order")
    ]
    before = ChecklistItem.history.count()
    checklist_template_update(
        template=template,
        name="Đổi tên",
        kind=template.kind,
        active=True,
        items=entries,
        reason="Chỉ đổi tên",
        user=inspector,
    )
    assert ChecklistItem.history.count() == before
    assert template.history.first().history_change_reason == "Chỉ đổi tên"


def test_edit_needs_a_reason(login, inspector):
    template = make_template(inspector)
    response = login(inspector).post(
        url("checklist", template.pk),
        edit_post(template, current_rows(template), name="Khác", reason=""),
    )
    assert response.status_code == 200
    template.refresh_from_db()
    assert template.name == "Mẫu thử nghiệm"
    with pytest.raises(ValidationError, match="lý do"):
        checklist_template_update(
            template=template,
            name="Khác",
            kind=template.kind,
            active=True,
            items=None,
            reason=" ",
            user=inspector,
        )


def test_edit_refuses_items_of_another_template(login, inspector):
    template = make_template(inspector)
    other = make_template(inspector, code="KHAC")
    stranger = other.items.first()
    rows = [*current_rows(template), {"item_id": stranger.pk, "text": "X"}]
    rows[-1]["iso_clause"] = "7.5"
    response = login(inspector).post(
        url("checklist", template.pk), edit_post(template, rows), follow=True
    )
    assert "Hãy tải lại trang" in response.content.decode()
    assert other.items.count() == 3
    assert template.items.count() == 3


# Used templates ----------------------------------------------------------------


def test_used_template_keeps_its_questions(login, inspector, commune):
    checklist_templates_ensure()
    inspection = make_visit(commune, inspector)
    template = inspection.template
    before = list(template.items.values_list("pk", "order", "text"))
    client = login(inspector)
    page = client.get(url("checklist", template.pk)).content.decode()
    assert "đã được dùng cho 1 cuộc kiểm tra" in page
    assert 'name="items-TOTAL_FORMS"' not in page
    rows = current_rows(template)
    attempts = [
        [{**rows[0], "text": "Sửa nội dung"}, *rows[1:]],
        rows[1:],  # remove the first question
        [rows[1], rows[0], *rows[2:]],  # reorder
        [*rows, {"text": "Thêm", "iso_clause": "9.1"}],
    ]
    for attempt in attempts:
        response = client.post(
            url("checklist", template.pk), edit_post(template, attempt), follow=True
        )
        assert "câu hỏi của mẫu được giữ nguyên" in response.content.decode()
    assert list(template.items.values_list("pk", "order", "text")) == before
    # Name, kind and the active flag may still change.
    response = client.post(
        url("checklist", template.pk),
        {"name": "Tên mới", "kind": template.kind, "reason": "Ngừng dùng"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.active) == ("Tên mới", False)
    assert inspection.answers.count() == len(before)


def test_deactivated_template_is_not_offered_for_new_inspections(inspector, commune):
    template = make_template(inspector)
    assert template in InspectionForm().fields["template"].queryset
    checklist_template_update(
        template=template,
        name=template.name,
        kind=template.kind,
        active=False,
        items=None,
        reason="Ngừng dùng",
        user=inspector,
    )
    assert template not in InspectionForm().fields["template"].queryset
    with pytest.raises(ValidationError, match="đã ngừng dùng"):
        make_visit(commune, inspector, template_code=template.code)


# Copy -------------------------------------------------------------------------


def test_copy_a_used_template_and_retire_it(login, inspector, commune):
    checklist_templates_ensure()
    source = make_visit(commune, inspector).template
    client = login(inspector)
    page = client.get(url("checklist_copy", source.pk)).content.decode()
    assert f'value="{source.code}-2"' in page
    response = client.post(
        url("checklist_copy", source.pk),
        {"code": "tt26-2025", "name": "Thông tư 26 (2025)", "retire_source": "on"},
    )
    copy = ChecklistTemplate.objects.get(code="TT26-2025")
    assert response["Location"] == url("checklist", copy.pk)
    source.refresh_from_db()
    assert not source.active
    assert copy.active and copy.kind == source.kind
    assert list(copy.items.values_list("order", "text", "iso_clause", "c26_item")) == (
        list(source.items.values_list("order", "text", "iso_clause", "c26_item"))
    )
    assert copy.history.get().history_change_reason == "Sao chép từ mẫu TT26"
    assert source.history.first().history_change_reason == (
        "Ngừng dùng, thay bằng mẫu TT26-2025"
    )
    # The copy is not used: its questions can change.
    rows = current_rows(copy)[1:]
    response = client.post(url("checklist", copy.pk), edit_post(copy, rows))
    assert response.status_code == 302
    assert copy.items.count() == source.items.count() - 1


def test_copy_refuses_a_taken_code(login, inspector):
    template = make_template(inspector)
    response = login(inspector).post(
        url("checklist_copy", template.pk), {"code": template.code, "name": "X"}
    )
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()
    with pytest.raises(PermissionDenied):
        checklist_template_copy(
            source=template, code="Y", name="Y", user=make_user("nobody", None)
        )


def test_edit_page_query_count_does_not_grow_with_questions(
    login, inspector, django_assert_max_num_queries
):
    small = make_template(inspector, code="NHO", n=2)
    large = make_template(inspector, code="LON", n=40)
    client = login(inspector)
    with django_assert_max_num_queries(20) as captured:
        assert client.get(url("checklist", small.pk)).status_code == 200
    with django_assert_max_num_queries(len(captured.captured_queries)):
        page = client.get(url("checklist", large.pk)).content.decode()
    assert 'name="items-39-text"' in page


def test_read_only_roles_see_no_editing_links(login, iso_reviewer, inspector):
    template = make_template(inspector)
    page = login(iso_reviewer).get(url("checklists")).content.decode()
    assert url("checklist", template.pk) in page
    assert url("checklist_create") not in page
    assert url("checklist_copy", template.pk) not in page
    page = login(iso_reviewer).get(url("checklist", template.pk)).content.decode()
    assert "Lịch sử thay đổi" in page
    assert url("checklist_copy", template.pk) not in page
