"""Importing a Word file as a draft: conversion, refusals, the admin screen."""

import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qms.documents import services, word_import
from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision
from qms.documents.rendering import render_markdown
from qms.documents.word_import import WORD_IMPORT, docx_to_markdown
from qms.uploads import MB
from tests.hostile_files import HTML_PAGE, real_pdf_bytes
from tests.qms.documents.helpers import approved, draft
from tests.qms.documents.word_files import (
    STEPS,
    activex_docx,
    birth_registration_docx,
    macro_docx,
    spreadsheet_as_docx,
    with_parts,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def upload(data: bytes, name: str = "QT-khai-sinh.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX)


# --- conversion --------------------------------------------------------------


def test_headings_lists_and_tables_survive_the_conversion():
    conversion = docx_to_markdown(upload(birth_registration_docx()))
    markdown = conversion.markdown
    assert markdown.startswith("# Quy trình đăng ký khai sinh\n")
    assert "\n## 2. Thành phần hồ sơ\n" in markdown
    assert "**trình tự, trách nhiệm**" in markdown
    html = render_markdown(markdown)
    assert "<h2>3. Trình tự thực hiện</h2>" in html
    assert "<li>Tiếp nhận hồ sơ tại Bộ phận một cửa</li>" in html
    assert html.index("<ol>") < html.index("Giải quyết và trả kết quả")
    # The nested bullet stays nested under its item.
    assert "<li>Giấy chứng sinh<ul>\n<li>Trường hợp không có giấy chứng sinh" in html
    # The steps table: a header row and every cell, in order.
    for cell in STEPS[0]:
        assert f"<th>{cell}</th>" in html
    for row in STEPS[1:]:
        for cell in row:
            assert f"<td>{cell}</td>" in html
    # Typed "1." in a paragraph is not turned into a list.
    assert "<p>1. Hồ sơ nhận sau 15 giờ" in html
    assert conversion.notes == [
        "Tệp có 1 ảnh: ảnh không được đưa vào nội dung; nếu cần, đính kèm ảnh "
        "thành tệp riêng."
    ]
    assert "data:image" not in markdown


def test_markup_typed_in_word_stays_text():
    document = docx.Document()
    document.add_paragraph("Gõ <script>alert(1)</script> & *sao* | ống _gạch_")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Cột | một"
    table.cell(1, 0).text = "A"
    out = io.BytesIO()
    document.save(out)
    html = render_markdown(docx_to_markdown(upload(out.getvalue())).markdown)
    assert "Gõ &lt;script&gt;alert(1)&lt;/script&gt; &amp; *sao* | ống _gạch_" in html
    assert "<th>Cột | một</th>" in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (HTML_PAGE, "QT.docx", "mã trang web"),
        (real_pdf_bytes(), "QT.docx", "không phải là tệp DOCX thật"),
        (b"PK\x05\x06" + b"\x00" * 18, "QT.docx", "không phải là tệp DOCX thật"),
        (birth_registration_docx(), "QT.doc", "chỉ nhận DOCX"),
        (macro_docx(), "QT.docx", "có chứa macro"),
        (activex_docx(), "QT.docx", "đối tượng nhúng có thể chạy mã"),
        (spreadsheet_as_docx(), "QT.docx", "không phải là văn bản Word"),
        (b"", "QT.docx", "rỗng"),
    ],
    ids=["html", "pdf", "zip", "doc", "macro", "activex", "xlsx", "empty"],
)
def test_bad_files_are_refused_with_a_clear_message(data, name, expected):
    with pytest.raises(ValidationError) as caught:
        docx_to_markdown(upload(data, name))
    message = " ".join(caught.value.messages)
    assert expected in message
    assert name in message


def test_embedded_programs_are_refused_printer_settings_are_not():
    plain = birth_registration_docx(picture=False)
    ole = with_parts(plain, {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"})
    with pytest.raises(ValidationError, match="đối tượng nhúng"):
        docx_to_markdown(upload(ole))
    printer = with_parts(plain, {"word/printerSettings/printerSettings1.bin": b"\0"})
    assert docx_to_markdown(upload(printer)).markdown.startswith("# Quy trình")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    # The real limit is 100 MB; a smaller one keeps the test light.
    monkeypatch.setattr(word_import, "MAX_UNPACKED_BYTES", 2 * MB)
    plain = birth_registration_docx(picture=False)
    bomb = with_parts(plain, {"word/media/huge.xml": b"0" * (3 * MB)})
    assert len(bomb) < 100_000  # small on the wire
    with pytest.raises(ValidationError, match="giải nén quá lớn"):
        docx_to_markdown(upload(bomb))


def test_too_large_is_refused_before_reading():
    big = upload(birth_registration_docx())
    big.size = WORD_IMPORT.max_bytes + 1
    with pytest.raises(ValidationError, match="quá lớn"):
        docx_to_markdown(big)
    assert WORD_IMPORT.max_bytes == 10 * MB


# --- service -----------------------------------------------------------------


def test_import_creates_a_draft_and_says_where_the_text_came_from(
    document, document_controller
):
    revision, notes = services.revision_import_word(
        document=document,
        user=document_controller,
        uploaded_file=upload(birth_registration_docx()),
        change_what="Soạn lại theo Luật Hộ tịch",
        change_where="Toàn bộ",
        change_why="Cập nhật",
        effective_date=datetime.date(2026, 4, 1),
    )
    assert revision.status == RevisionStatus.DRAFT
    assert "| B2 | Kiểm tra thông tin" in revision.body
    assert len(notes) == 1
    reason = revision.history.first().history_change_reason
    assert "nhập từ tệp Word QT-khai-sinh.docx, SHA-256 " in reason


def test_a_refused_file_writes_nothing(document, document_controller):
    with pytest.raises(ValidationError) as caught:
        services.revision_import_word(
            document=document,
            user=document_controller,
            uploaded_file=upload(macro_docx()),
            change_what="x",
            change_where="x",
            change_why="x",
        )
    assert "word_file" in caught.value.message_dict
    assert not DocumentRevision.objects.filter(document=document).exists()


def test_import_needs_the_permission(document, inspector):
    with pytest.raises(PermissionDenied):
        services.revision_import_word(
            document=document,
            user=inspector,
            uploaded_file=upload(birth_registration_docx()),
            change_what="x",
            change_where="x",
            change_why="x",
        )


# --- admin screen ------------------------------------------------------------


def _form(**extra) -> dict:
    return {
        "issue_number": 2,
        "revision_number": 0,
        "effective_date": "2026-04-01",
        "change_what": "Soạn lại từ tệp Word",
        "change_where": "Toàn bộ",
        "change_why": "Luật Hộ tịch",
        "body": "",
        **extra,
    }


def test_new_draft_from_word_opens_the_editor_with_its_preview(
    client, document, document_controller, approver, second_approver
):
    approved(document, document_controller, approver, second_approver)
    client.force_login(document_controller)
    create = reverse("qms_documents:revision_create", args=[document.pk])
    response = client.post(
        create, _form(word_file=upload(birth_registration_docx())), follow=True
    )
    revision = DocumentRevision.objects.get(document=document, issue_number=2)
    assert response.redirect_chain[-1][0] == reverse(
        "qms_documents:revision_edit", args=[revision.pk]
    )
    page = response.content.decode()
    assert "Đã nhập nội dung từ tệp QT-khai-sinh.docx" in page
    assert "Tệp có 1 ảnh" in page
    # The preview beside the editor is the rendered body, already on load.
    preview = page[page.index("data-preview ") :]
    assert "<th>Nội dung công việc</th>" in preview
    assert "body-editor.js" in page
    # A link to compare with the revision before.
    assert reverse("qms_documents:diff", args=[document.pk]) in page


def test_a_bad_word_file_is_refused_on_the_form(client, document, document_controller):
    client.force_login(document_controller)
    create = reverse("qms_documents:revision_create", args=[document.pk])
    response = client.post(create, _form(word_file=upload(HTML_PAGE, "trang.docx")))
    assert response.status_code == 200
    assert "Tệp trang.docx" in response.content.decode()
    assert "mã trang web" in response.context["form"].errors["word_file"][0]
    assert not DocumentRevision.objects.filter(document=document).exists()


def test_word_file_replaces_the_body_of_an_open_draft(
    client, document, document_controller
):
    revision = draft(document, document_controller, body="Bản cũ")
    client.force_login(document_controller)
    edit = reverse("qms_documents:revision_edit", args=[revision.pk])
    response = client.post(
        edit,
        _form(
            issue_number=1,
            version=revision.version,
            word_file=upload(birth_registration_docx()),
        ),
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.body.startswith("# Quy trình đăng ký khai sinh")
    # A stale version is refused as for any save.
    stale = client.post(
        edit,
        _form(issue_number=1, version=1, word_file=upload(birth_registration_docx())),
    )
    assert stale.status_code == 200
    assert "Dự thảo đã được" in stale.content.decode()


def test_merged_cells_are_split_and_said_so():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Thành phần hồ sơ"
    table.cell(0, 2).text = "Số lượng"
    for c, text in enumerate(["Tờ khai", "Bản chính", "01"]):
        table.cell(1, c).text = text
    out = io.BytesIO()
    document.save(out)
    conversion = docx_to_markdown(upload(out.getvalue()))
    html = render_markdown(conversion.markdown)
    assert "<th>Thành phần hồ sơ</th>" in html
    assert "<td>Bản chính</td>" in html and "<td>01</td>" in html
    assert any("ô gộp" in note for note in conversion.notes)
