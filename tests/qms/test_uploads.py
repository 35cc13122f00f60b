"""The shared upload check: extension, size and content, for every kind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from qms.uploads import ATTACHMENT, EVIDENCE, IMAGE, check_upload, public_document_kind
from tests import hostile_files as hostile


def _refused(upload, kind) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload, kind)
    return caught.value.messages[0]


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (hostile.real_pdf(), ATTACHMENT),
        (hostile.real_pdf(), EVIDENCE),
        (SimpleUploadedFile("bm01.txt", "Mẫu tờ khai".encode()), ATTACHMENT),
        (SimpleUploadedFile("ds.csv", b"ma,ten\n1,A\n"), ATTACHMENT),
        (SimpleUploadedFile("mau.docx", _docx()), ATTACHMENT),
        (SimpleUploadedFile("mau.odt", _odt()), ATTACHMENT),
        (SimpleUploadedFile("anh.JPG", b"\xff\xd8\xff\xe0 jpeg"), EVIDENCE),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n...."), IMAGE),
        (ContentFile("Tờ khai".encode(), name="mau/to-khai.txt"), ATTACHMENT),
    ],
)
def test_real_files_are_accepted_and_left_at_their_start(upload, kind):
    check_upload(upload, kind)
    assert upload.tell() == 0


def test_svg_with_script_is_refused_for_every_kind():
    for kind in (ATTACHMENT, EVIDENCE, IMAGE, public_document_kind()):
        assert "không được nhận" in _refused(hostile.svg_with_script(), kind)
    # renamed as a picture, its content gives it away
    assert "mã trang web" in _refused(hostile.svg_with_script("logo.png"), IMAGE)


def test_svg_renamed_txt_is_markup():
    message = _refused(hostile.svg_with_script("logo.txt"), ATTACHMENT)
    assert "mã trang web" in message


def test_html_and_html_renamed_pdf_are_refused():
    assert "chỉ nhận" in _refused(hostile.html_file(), ATTACHMENT)
    message = _refused(hostile.html_named_pdf(), ATTACHMENT)
    assert "x.pdf" in message
    assert "mã trang web" in message
    assert "mã trang web" in _refused(hostile.html_named_pdf(), EVIDENCE)
    assert "mã trang web" in _refused(hostile.html_named_pdf("x.csv"), ATTACHMENT)


def test_executables_are_refused_whatever_their_name():
    assert "chạy được" in _refused(hostile.executable("mau.docx"), ATTACHMENT)
    assert "chạy được" in _refused(hostile.executable("anh.pdf"), EVIDENCE)
    script = SimpleUploadedFile("ghi-chu.txt", b"#!/bin/sh\nrm -rf /\n")
    assert "chạy được" in _refused(script, ATTACHMENT)


def test_wrong_content_for_the_extension_is_refused():
    text_as_docx = SimpleUploadedFile("mau.docx", b"plain words")
    assert "không phải là tệp DOCX thật" in _refused(text_as_docx, ATTACHMENT)
    zip_as_docx = io.BytesIO()
    with zipfile.ZipFile(zip_as_docx, "w") as archive:
        archive.writestr("a.txt", "a")
    upload = SimpleUploadedFile("mau.docx", zip_as_docx.getvalue())
    assert "DOCX" in _refused(upload, ATTACHMENT)
    broken_zip = SimpleUploadedFile("mau.xlsx", b"PK\x03\x04 not really")
    assert "XLSX" in _refused(broken_zip, ATTACHMENT)
    pdf_as_jpg = SimpleUploadedFile("anh.jpg", hostile.real_pdf_bytes())
    assert "JPG" in _refused(pdf_as_jpg, EVIDENCE)


def test_size_limit_per_kind_is_in_the_message():
    message = _refused(hostile.big_pdf(21), ATTACHMENT)
    assert "lon.pdf" in message
    assert "21,0 MB" in message
    assert "tối đa 20 MB" in message
    assert "tối đa 10 MB" in _refused(hostile.big_pdf(11), EVIDENCE)
    check_upload(hostile.big_pdf(9), EVIDENCE)


def test_empty_and_nameless_files_are_refused():
    assert "rỗng" in _refused(SimpleUploadedFile("a.pdf", b""), ATTACHMENT)
    assert "chỉ nhận" in _refused(SimpleUploadedFile("khongduoi", b"x"), ATTACHMENT)


def test_messages_in_english_when_chosen():
    with translation.override("en"):
        message = _refused(hostile.html_named_pdf(), ATTACHMENT)
    assert message == ("File x.pdf contains web page code (HTML, SVG or XML): refused.")
