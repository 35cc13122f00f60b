"""Word files for the import tests, built with python-docx (no binaries in git).

``birth_registration_docx()`` is what a one-stop clerk writes in Word: the
process for birth registration with headings, a numbered list, bullets with a
nested level, bold text, a picture and the steps table. The hostile variants
(macros, ActiveX, an HTML page renamed .docx, a spreadsheet renamed .docx)
are that same file with parts added or swapped.
"""

import base64
import copy
import io
import zipfile

import docx
from docx.oxml.ns import qn
from docx.shared import Cm

#: A 1×1 PNG, to check that pictures are left out and said so.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)

STEPS = [
    ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian"],
    [
        "B1",
        "Tiếp nhận, kiểm tra hồ sơ; lập Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)",
        "Công chức Bộ phận một cửa",
        "15 phút",
    ],
    [
        "B2",
        "Kiểm tra thông tin, ghi Sổ đăng ký khai sinh, in Giấy khai sinh",
        "Công chức Tư pháp – Hộ tịch",
        "02 giờ làm việc",
    ],
    ["B3", "Ký Giấy khai sinh", "Chủ tịch hoặc Phó Chủ tịch UBND", "01 giờ"],
]


def _nest(paragraph, level: int) -> None:
    """Put a list paragraph on ``level`` of its style's numbering.

    python-docx's template defines one level per list style; Word's own
    templates define nine, so the level is added the way Word writes it.
    """
    num_id = paragraph.style.element.pPr.numPr.numId.val
    numbering = paragraph.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.numId == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    levels = abstract.findall(qn("w:lvl"))
    if not any(lvl.get(qn("w:ilvl")) == str(level) for lvl in levels):
        nested = copy.deepcopy(levels[0])
        nested.set(qn("w:ilvl"), str(level))
        for style in nested.findall(qn("w:pStyle")):
            nested.remove(style)  # the style names level 0 only
        abstract.append(nested)
        abstract.find(qn("w:multiLevelType")).set(qn("w:val"), "multilevel")
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_numId().val = num_id
    properties.get_or_add_ilvl().val = level


def birth_registration_docx(*, picture: bool = True) -> bytes:
    """The process "Đăng ký khai sinh" as a clerk types it in Word."""
    document = docx.Document()
    document.add_heading("Quy trình đăng ký khai sinh", level=1)
    document.add_heading("1. Mục đích", level=2)
    purpose = document.add_paragraph("Quy định ")
    purpose.add_run("trình tự, trách nhiệm").bold = True
    purpose.add_run(" đăng ký khai sinh cho trẻ em theo Luật Hộ tịch 60/2014/QH13.")
    document.add_heading("2. Thành phần hồ sơ", level=2)
    document.add_paragraph("Tờ khai đăng ký khai sinh theo mẫu", style="List Bullet")
    document.add_paragraph("Giấy chứng sinh", style="List Bullet")
    nested = document.add_paragraph(
        "Trường hợp không có giấy chứng sinh: văn bản của người làm chứng",
        style="List Bullet",
    )
    _nest(nested, 1)
    document.add_heading("3. Trình tự thực hiện", level=2)
    document.add_paragraph("Tiếp nhận hồ sơ tại Bộ phận một cửa", style="List Number")
    document.add_paragraph("Giải quyết và trả kết quả trong ngày", style="List Number")
    table = document.add_table(rows=len(STEPS), cols=len(STEPS[0]))
    for r, row in enumerate(STEPS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph(
        "1. Hồ sơ nhận sau 15 giờ trả trong ngày làm việc tiếp theo."
    )
    if picture:
        document.add_picture(io.BytesIO(PIXEL_PNG), width=Cm(1))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes], *, content_types=None) -> bytes:
    """``data`` (a .docx) with parts added; optionally new [Content_Types].xml."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                content = content_types(content)
            target.writestr(item, content)
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def macro_docx() -> bytes:
    """A .docm saved as .docx: vbaProject.bin and a macro-enabled content type."""
    return with_parts(
        birth_registration_docx(picture=False),
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake VBA project"},
        content_types=lambda xml: xml.replace(
            b"wordprocessingml.document.main+xml",
            b"ms-word.document.macroEnabled.main+xml",
        ),
    )


def activex_docx() -> bytes:
    """A .docx carrying an ActiveX control and a script file."""
    return with_parts(
        birth_registration_docx(picture=False),
        {
            "word/activeX/activeX1.xml": b"<ax:ocx/>",
            "word/embeddings/run.js": b"WScript.Shell.Run('calc')",
        },
    )


def spreadsheet_as_docx() -> bytes:
    """An Office Open XML file that is not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    return out.getvalue()
