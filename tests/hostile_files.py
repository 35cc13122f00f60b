"""Real hostile files, and a real small PDF, for the upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><body><script>fetch('/admin/')</script></body></html>"
)


def svg_with_script(name: str = "logo.svg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, SVG_WITH_SCRIPT, content_type="image/svg+xml")


def html_named_pdf(name: str = "x.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, HTML_PAGE, content_type="application/pdf")


def html_file(name: str = "trang.html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, HTML_PAGE, content_type="text/html")


def executable(name: str = "mau.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")


def real_pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def real_pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, real_pdf_bytes(), content_type="application/pdf")


def big_pdf(megabytes: int = 21, name: str = "lon.pdf") -> SimpleUploadedFile:
    """A PDF-looking file of ``megabytes`` MB, made on the fly."""
    body = real_pdf_bytes()
    padding = megabytes * 1024 * 1024 + 1 - len(body)
    return SimpleUploadedFile(name, body + b"%" * padding, "application/pdf")
