"""A document controller drafts from Word, edits a table, compares (issue 12).

At 1,366 px and at 375 px: the new-draft form takes a .docx (built with
python-docx, tests/qms/documents/word_files.py), the editor opens with the
rendered preview beside (or under) the text, a cell of the steps table is
changed in the table editor's grid, the draft is saved, and the word-level
comparison against the revision in force shows the change, inline.
Screenshots: build/screenshots/author-*.png.
"""

import pytest
from django.utils import timezone

from qms.documents.models import ControlledDocument
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login
from tests.qms.documents.word_files import birth_registration_docx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.demo_loaders("qms.organisation.demo.load", "qms.documents.demo.load")
@pytest.mark.parametrize(
    ("width", "code"), [(1366, "QT 05/HT"), (375, "QT 06/HT")], ids=["1366", "375"]
)
def test_controller_drafts_from_word_edits_a_table_and_compares(
    demo, live_server, browser, screenshot, width, code
):
    document = ControlledDocument.objects.get(code=code)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    admin_login(page, live_server, "kiemsoat", DEMO_PASSWORD)

    page.goto(f"{live_server.url}/admin/tai-lieu/{document.pk}/")
    page.click("text=Soạn lần sửa đổi mới")
    page.fill("input[name=effective_date]", timezone.localdate().isoformat())
    page.fill("textarea[name=change_what]", "Soạn lại quy trình từ tệp Word")
    page.fill("input[name=change_where]", "Toàn bộ")
    page.fill("textarea[name=change_why]", "Thống nhất mẫu quy trình của UBND")
    page.set_input_files(
        "input[name=word_file]",
        files=[
            {
                "name": "quy-trinh-khai-sinh.docx",
                "mimeType": DOCX,
                "buffer": birth_registration_docx(),
            }
        ],
    )
    page.click("button:has-text('Lưu dự thảo')")
    page.wait_for_url("**/sua/")
    messages = page.locator(".messages").inner_text()
    assert "Đã nhập nội dung từ tệp quy-trinh-khai-sinh.docx" in messages
    assert "Tệp có 1 ảnh" in messages
    preview = page.locator("[data-preview]")
    assert "Nội dung công việc" in preview.locator("th").all_inner_texts()
    assert preview.locator("h2", has_text="3. Trình tự thực hiện").count() == 1
    assert page.locator(".qms-editor__toolbar").is_visible()
    # Numbered lists show their numbers (Wagtail's form CSS hides markers).
    marker = preview.locator("ol > li").first.evaluate(
        "e => getComputedStyle(e).listStyleType"
    )
    assert marker == "decimal"
    screenshot(page, f"author-editor-{width}")
    page.locator(".qms-editor__toolbar").scroll_into_view_if_needed()
    screenshot(page, f"author-editor-preview-{width}")

    # Put the cursor in the steps table and open the table editor.
    page.eval_on_selector(
        "textarea[name=body]",
        "t => { const i = t.value.indexOf('15 phút'); t.focus();"
        " t.setSelectionRange(i, i); }",
    )
    page.click("button[data-md=table]")
    dialog = page.locator("dialog[data-table-dialog]")
    assert dialog.is_visible()
    assert dialog.locator("[data-title-edit]").is_visible()
    cell = dialog.locator("input[aria-label='Hàng 1, cột 4']")
    assert cell.input_value() == "15 phút"
    cell.fill("20 phút")
    screenshot(page, f"author-table-editor-{width}")
    dialog.locator("button[data-table=apply]").click()
    assert not dialog.is_visible()
    assert "| B1 |" in page.input_value("textarea[name=body]")
    assert "20 phút" in page.input_value("textarea[name=body]")
    page.locator("[data-preview] td", has_text="20 phút").wait_for()
    assert preview.locator("td", has_text="15 phút").count() == 0

    # A heading from the toolbar, then a new table from the grid.
    page.eval_on_selector(
        "textarea[name=body]",
        "t => { t.focus(); t.setSelectionRange(t.value.length, t.value.length); }",
    )
    page.keyboard.type("\nBiểu mẫu kèm theo")
    page.click("button[data-md=h2]")
    assert page.input_value("textarea[name=body]").endswith("## Biểu mẫu kèm theo")
    page.click("button[data-md=table]")
    assert dialog.locator("[data-title-new]").is_visible()
    dialog.locator("input[aria-label='Tiêu đề cột 1']").fill("Mã")
    dialog.locator("input[aria-label='Tiêu đề cột 2']").fill("Tên biểu mẫu")
    dialog.locator("button[data-table=del-col]").click()
    dialog.locator("input[aria-label='Hàng 1, cột 1']").fill("BM 01")
    dialog.locator("input[aria-label='Hàng 1, cột 2']").fill("Tờ khai | bản giấy")
    dialog.locator("button[data-table=del-row]").click()
    dialog.locator("button[data-table=apply]").click()
    page.locator("[data-preview] h2", has_text="Biểu mẫu kèm theo").wait_for()
    page.locator("[data-preview] th", has_text="Tên biểu mẫu").wait_for()
    assert preview.locator("td", has_text="Tờ khai | bản giấy").count() == 1
    page.click("button:has-text('Lưu dự thảo')")
    assert "Đã lưu dự thảo" in page.locator(".messages").inner_text()
    assert "/admin/tai-lieu/lan/" in page.url

    page.click("text=So sánh từng chữ với lần ban hành trước")
    page.wait_for_url("**/so-sanh/?b=*")
    diff = page.locator("[data-word-diff]")
    diff.wait_for()
    # The B1 row: "15 phút" became "20 phút", marked on the number alone.
    row = diff.locator(".qms-wdiff__row", has_text="B1").first
    changed = row.locator("ins", has_text="20")
    assert changed.is_visible()
    assert row.locator("del", has_text="15").is_visible()
    # Not colour alone: struck through and underlined, and said in words.
    assert "line-through" in diff.locator("del").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert "underline" in changed.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert "thêm:" in changed.inner_text()
    row.scroll_into_view_if_needed()
    screenshot(page, f"author-diff-row-{width}")
    # One column on a phone: nothing wider than the screen.
    too_wide = page.evaluate(
        "() => [...document.querySelectorAll('main select, [data-word-diff] *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert too_wide == [], f"wider than the {width}px screen: {too_wide[:5]}"
    page.locator("h2", has_text="Thông tin").scroll_into_view_if_needed()
    screenshot(page, f"author-diff-meta-{width}")
    page.locator("h2", has_text="Nội dung").scroll_into_view_if_needed()
    screenshot(page, f"author-diff-{width}")
    assert errors == []
    context.close()
