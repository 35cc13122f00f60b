"""One check for every uploaded file: its kind's extensions, size, and content.

The extension alone proves nothing (an HTML page renamed ``x.pdf`` is still a
page a browser runs), so the first bytes must match the format the extension
names, and markup (HTML, SVG, XML) and executables are refused whatever they
are called. Each kind of upload has its own list and size limit; the message
says which file, why, and the limit. Callers: document revision attachments
(qms.documents.services.attachments, also the importer), inspection evidence
(audits.inspections.services.visits), Wagtail documents and images
(qms.upload_forms, through ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and
``WAGTAILIMAGES_IMAGE_FORM_BASE``), signers' PKCS#12 files
(qms.signing.services).
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
#: Bytes read to recognise a format (PDF allows its header in the first 1 KB).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class UploadKind:
    """What one kind of upload may be: extensions (lower case) and a size limit."""

    key: str
    label: Promise
    extensions: frozenset[str]
    max_bytes: int


ATTACHMENT = UploadKind(
    "attachment",
    _("tệp đính kèm tài liệu"),
    frozenset({"pdf", "docx", "xlsx", "odt", "ods", "doc", "xls", "rtf", "txt", "csv"}),
    20 * MB,
)
EVIDENCE = UploadKind(
    "evidence",
    _("bằng chứng kiểm tra"),
    frozenset({"jpg", "jpeg", "png", "webp", "heic", "pdf"}),
    10 * MB,
)
#: A signer's certificate and key (qms.signing): a few KB in practice.
PKCS12 = UploadKind(
    "pkcs12",
    _("tệp chứng thư số"),
    frozenset({"p12", "pfx"}),
    MB // 4,
)
#: Wagtail documents: the settings' list and limit (WAGTAILDOCS_*).
PUBLIC_DOCUMENT_KEY = "document"
#: Wagtail images: the formats Wagtail renders, never SVG.
IMAGE = UploadKind(
    "image",
    _("ảnh"),
    frozenset({"jpg", "jpeg", "png", "webp", "gif", "avif"}),
    10 * MB,
)


def public_document_kind() -> UploadKind:
    """Wagtail documents, as ``WAGTAILDOCS_EXTENSIONS`` and its size limit say."""
    return UploadKind(
        PUBLIC_DOCUMENT_KEY,
        _("tài liệu công khai"),
        frozenset(ext.lower() for ext in settings.WAGTAILDOCS_EXTENSIONS),
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE or 20 * MB,
    )


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
_MARKUP = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<?xml",
    b"<meta",
    b"<a ",
    b"<img",
    b"<div",
    b"<style",
    b"<form",
)
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}


def _format_of(head: bytes, upload: File) -> str:
    """The format the first bytes show, as a family name; ``""`` if unknown."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        if head[8:12] in _AVIF_BRANDS:
            return "avif"
        if head[8:12] in _HEIF_BRANDS:
            return "heic"
    if head.startswith(_OLE2):
        return "ole2"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_format(upload)
    if head.startswith(_EXECUTABLES):
        return "executable"
    if head[:1] == b"\x30" and head[1:2] in (b"\x80", b"\x81", b"\x82", b"\x83"):
        return "der"  # an ASN.1 SEQUENCE: PKCS#12 (signing certificates)
    if _is_text(head):
        return "text"
    return ""


def _zip_format(upload: File) -> str:
    """Office Open XML, OpenDocument, or a plain ZIP, by the archive's members."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return "ooxml"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "opendocument"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return ""
    return "zip"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    controls = set(range(32)) - {9, 10, 12, 13}
    return not any(byte in controls for byte in head)


def _looks_like_markup(head: bytes) -> bool:
    """HTML, SVG or XML anywhere in the first bytes: a browser would run it."""
    lowered = head.lower()
    return any(tag in lowered for tag in _MARKUP)


#: The formats each extension may hold.
_FORMATS = {
    "pdf": {"pdf"},
    "jpg": {"jpeg"},
    "jpeg": {"jpeg"},
    "png": {"png"},
    "gif": {"gif"},
    "webp": {"webp"},
    "heic": {"heic"},
    "avif": {"avif"},
    "docx": {"ooxml"},
    "xlsx": {"ooxml"},
    "pptx": {"ooxml"},
    "odt": {"opendocument"},
    "ods": {"opendocument"},
    "doc": {"ole2"},
    "xls": {"ole2"},
    "rtf": {"rtf"},
    "txt": {"text"},
    "csv": {"text"},
    "json": {"text"},
    "zip": {"zip", "ooxml", "opendocument"},
    "p12": {"der"},
    "pfx": {"der"},
}


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")


def check_upload(upload: File, kind: UploadKind) -> None:
    """Refuse ``upload`` unless its extension, size and content fit ``kind``.

    Raises ``ValidationError`` with one message naming the file; leaves the
    file positioned at its start for whoever saves it.
    """
    name = (upload.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted(ext.upper() for ext in kind.extensions))
    if extension not in kind.extensions:
        raise ValidationError(
            gettext("Tệp %(name)s không được nhận: %(kind)s chỉ nhận %(allowed)s.")
            % {"name": name, "kind": kind.label, "allowed": allowed},
            code="upload_extension",
        )
    size = upload.size or 0
    if size > kind.max_bytes:
        raise ValidationError(
            gettext("Tệp %(name)s quá lớn (%(size)s MB): %(kind)s tối đa %(limit)d MB.")
            % {
                "name": name,
                "size": _megabytes(size),
                "kind": kind.label,
                "limit": kind.max_bytes // MB,
            },
            code="upload_too_large",
        )
    if size == 0:
        raise ValidationError(
            gettext("Tệp %(name)s rỗng.") % {"name": name}, code="upload_empty"
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    found = _format_of(head, upload)
    upload.seek(0)
    if found == "executable":
        raise ValidationError(
            gettext("Tệp %(name)s là chương trình chạy được: không được nhận.")
            % {"name": name},
            code="upload_executable",
        )
    # Text (and whatever is unrecognised) is what a browser could run as a page;
    # binary formats recognised by their signature are not looked into.
    if found in {"text", "rtf", ""} and _looks_like_markup(head):
        raise ValidationError(
            gettext(
                "Tệp %(name)s chứa mã trang web (HTML, SVG hoặc XML): không được nhận."
            )
            % {"name": name},
            code="upload_markup",
        )
    if found not in _FORMATS.get(extension, set()):
        raise ValidationError(
            gettext(
                "Nội dung tệp %(name)s không phải là tệp %(extension)s thật: "
                "không được nhận."
            )
            % {"name": name, "extension": extension.upper()},
            code="upload_content_mismatch",
        )
