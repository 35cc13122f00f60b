"""The word-level comparison of two revisions, and the editor's live preview."""

import re

import pytest
from django.urls import reverse

from qms.documents.word_diff import body_blocks, compare_bodies, counts, diff_html
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db

OLD = """## 5.3. Thời hạn giải quyết

Ngay trong ngày làm việc.

- Tờ khai đăng ký khai sinh
- Giấy chứng sinh

| Bước | Nội dung | Thời gian |
|---|---|---|
| B1 | Tiếp nhận hồ sơ | 15 phút |
| B2 | Ghi sổ, in Giấy khai sinh | 02 giờ |
"""

NEW = """## 5.3. Thời hạn giải quyết

Ngay trong ngày làm việc; hồ sơ nhận sau 15 giờ trả trong ngày tiếp theo.

- Tờ khai đăng ký khai sinh
- Giấy chứng sinh
- Giấy tờ tùy thân

| Bước | Nội dung | Thời gian |
|---|---|---|
| B1 | Tiếp nhận hồ sơ | 30 phút |
| B2 | Ghi sổ, in Giấy khai sinh | 02 giờ |
"""


def test_blocks_are_the_rendered_text_not_the_markup():
    blocks = body_blocks(OLD)
    assert [b.kind for b in blocks] == ["h2", "p", "li", "li", "head", "row", "row"]
    assert blocks[0].cells == ("5.3. Thời hạn giải quyết",)
    assert blocks[5].cells == ("B1", "Tiếp nhận hồ sơ", "15 phút")
    assert all(
        "|" not in cell and "#" not in cell
        for b in blocks
        for c in [b.cells]
        for cell in c
    )


def test_changes_are_marked_per_word():
    blocks = compare_bodies(OLD, NEW)
    statuses = [(b.kind, b.status) for b in blocks]
    assert ("li", "inserted") in statuses
    paragraph = next(b for b in blocks if b.kind == "p")
    assert paragraph.status == "changed"
    assert paragraph.cells[0] == [
        ("=", "Ngay trong ngày làm"),
        ("-", "việc."),
        ("+", "việc; hồ sơ nhận sau 15 giờ trả trong ngày tiếp theo."),
    ]
    row = next(b for b in blocks if b.kind == "row" and b.status == "changed")
    assert row.cells == [
        [("=", "B1")],
        [("=", "Tiếp nhận hồ sơ")],
        [
            ("-", "15"),
            ("+", "30"),
            ("=", "phút"),
        ],
    ]
    assert counts(blocks) == (17, 2)


def test_the_html_says_thêm_and_bỏ_without_colour():
    html = diff_html(compare_bodies(OLD, NEW))
    assert '<ins><span class="qms-sr">thêm: </span>30</ins>' in html
    assert '<del><span class="qms-sr">bỏ: </span>15</del>' in html
    assert "Đoạn thêm mới" in html  # the new list item, in words
    assert "<table" not in html  # one column: no side-by-side table


def test_unchanged_runs_fold_and_text_is_escaped():
    same = "\n\n".join(f"Đoạn {i} không đổi." for i in range(6))
    html = diff_html(
        compare_bodies(same + "\n\nCũ <b>x</b>", same + "\n\nMới &lt;y&gt;")
    )
    assert "<details" in html and "5 đoạn không thay đổi" in html
    assert "&lt;y&gt;" in html and "<b>" not in html


def test_diff_page_reads_on_one_column(
    client,
    document,
    document_controller,
    approver,
    second_approver,
    django_assert_max_num_queries,
):
    first = approved(document, document_controller, approver, second_approver, body=OLD)
    second = draft(document, document_controller, body=NEW)
    client.force_login(document_controller)
    url = reverse("qms_documents:diff", args=[document.pk])
    with django_assert_max_num_queries(25):
        response = client.get(url, {"a": first.pk, "b": second.pk})
    page = response.content.decode()
    assert "17 từ được thêm, 2 từ bị bỏ" in page
    assert "data-word-diff" in page


# --- live preview ------------------------------------------------------------


def test_preview_renders_through_the_sanitiser(client, document_controller):
    client.force_login(document_controller)
    url = reverse("qms_documents:body_preview")
    response = client.post(
        url, {"body": "## Mục\n\n<script>x()</script>[a](javascript:y)"}
    )
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<h2>Mục</h2>" in html
    assert "<script" not in html and "javascript:" not in html


def test_preview_refuses_get_strangers_and_huge_bodies(
    client, document_controller, inspector
):
    url = reverse("qms_documents:body_preview")
    client.force_login(document_controller)
    assert client.get(url).status_code == 405
    huge = client.post(url, {"body": "x" * 500_001})
    assert huge.status_code == 400
    assert "quá dài" in huge.json()["error"]
    client.force_login(inspector)
    refused = client.post(url, {"body": "x"})
    assert refused.status_code in (302, 403)  # Wagtail sends it to the dashboard
    assert refused["Content-Type"] != "application/json"


def test_b_alone_compares_with_the_revision_before(
    client, document, document_controller, approver, second_approver
):
    first = approved(document, document_controller, approver, second_approver, body=OLD)
    second = draft(document, document_controller, body=NEW)
    client.force_login(document_controller)
    url = reverse("qms_documents:diff", args=[document.pk])
    response = client.get(url, {"b": second.pk})
    assert (response.context["old"], response.context["new"]) == (first, second)
    # The first revision has nothing before it: the form says to choose.
    alone = client.get(url, {"b": first.pk})
    assert alone.status_code == 200
    assert "diff" not in alone.context
    assert client.get(url, {"b": "x"}).status_code == 200


def test_editor_page_query_count(
    client, document, document_controller, django_assert_max_num_queries
):
    revision = draft(document, document_controller, body=OLD)
    client.force_login(document_controller)
    edit = reverse("qms_documents:revision_edit", args=[revision.pk])
    with django_assert_max_num_queries(20):
        response = client.get(edit)
    page = response.content.decode()
    assert 'data-preview-url="/admin/tai-lieu/xem-truoc/"' in page
    assert "<th>Thời gian</th>" in page  # the preview, rendered on load
    editor = page.split("data-qms-editor")[1].split("</form>")[0]
    assert "<script" not in editor  # the script is a static file (CSP)
    assert not re.findall(r"<[a-z]+\s[^>]*\son[a-z]+=", editor)
