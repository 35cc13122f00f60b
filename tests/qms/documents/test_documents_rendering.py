"""render_markdown sanitises its output; render_pdf makes an A4 controlled copy."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from qms.documents import services
from qms.documents.rendering import render_markdown
from qms.pdf import font_face_css, render_pdf
from tests.pdf_helpers import pdf_fonts, pdf_is_a4, pdf_text
from tests.qms.documents.helpers import approved


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("[x](javascript:alert(1))", "javascript:"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("<a href='#' onclick='steal()'>a</a>", "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_render_markdown_removes_active_content(source, forbidden):
    assert forbidden not in render_markdown(source).lower()


def test_render_markdown_keeps_tables_and_vietnamese():
    html = render_markdown("| Bước | Trách nhiệm |\n|---|---|\n| B1 | Công chức |")
    assert "<table>" in html
    assert "<td>Công chức</td>" in html
    assert render_markdown("") == ""


def test_font_faces_point_at_shipped_files():
    css = font_face_css()
    # Be Vietnam Pro 3 weights + Tinos 4 faces, each in 2 subsets
    assert css.count("@font-face") == 14
    assert "file://" in css
    assert "be-vietnam-pro-vietnamese-700-normal.woff" in css
    assert "tinos-vietnamese-400-italic.woff" in css
    for path in re.findall(r"url\('file://([^']+)'\)", css):
        assert Path(path).is_file(), path


@pytest.mark.django_db
def test_controlled_copy_pdf_has_vietnamese_text_and_stamp(
    client, document, document_controller, approver, second_approver
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)):
        revision = approved(
            document,
            document_controller,
            approver,
            second_approver,
            body="## Mục đích\n\nĐăng ký khai sinh đúng hạn.",
        )
    client.force_login(document_controller)
    response = client.get(reverse("qms_documents:revision_pdf", args=[revision.pk]))
    assert response.status_code == 200
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Đăng ký khai sinh đúng hạn." in text
    assert "BẢN KIỂM SOÁT – ĐANG HIỆU LỰC" in text
    assert "Trang 1/1" in text
    assert "QT 02/HT-TP" in text
    assert pdf_is_a4(pdf)
    assert any("Be-Vietnam-Pro" in font for font in pdf_fonts(pdf))


def test_render_pdf_generic_template():
    pdf = render_pdf("qms/pdf/base.html", {})
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_superseded_copy_is_stamped_with_its_end_date(
    client, document, document_controller, approver, second_approver
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)):
        first = approved(document, document_controller, approver, second_approver)
        approved(
            document,
            document_controller,
            approver,
            second_approver,
            effective=datetime.date(2026, 3, 10),
            change_what="Sửa",
        )
    with time_machine.travel(datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)):
        services.revisions_activate_due(today=datetime.date(2026, 3, 10))
    client.force_login(document_controller)
    response = client.get(reverse("qms_documents:revision_pdf", args=[first.pk]))
    text = pdf_text(response.content)
    assert "HẾT HIỆU LỰC – ĐÃ ĐƯỢC THAY THẾ TỪ 10/03/2026" in text
