"""Demo forms (mẫu đơn, tờ khai) that a citizen of the demo can download.

Made at demo load: small .docx files (written as plain Office Open XML, no
library needed for a few paragraphs) and .pdf files (through ``qms.pdf``, the
one place PDFs are made), stored as Wagtail documents in the public collection
"Mẫu đơn, tờ khai" and chosen on the required-document rows of the demo
procedures that name them. The wording follows the forms of Circular
04/2020/TT-BTP and Decree 43/2014/NĐ-CP, shortened; every file says it is a
demo form. Idempotent: a form that exists is not made again, and a procedure
that already offers it gets no new revision.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from procedures.models import ProcedurePage
from qms.pdf import render_pdf

COLLECTION_NAME = "Mẫu đơn, tờ khai"
NOTE = (
    "Mẫu minh họa của bản trình diễn Một Cửa QMS. Khi nộp hồ sơ thật, dùng mẫu "
    "do cơ quan có thẩm quyền ban hành."
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class DemoForm:
    """One form: its file, the procedures it belongs to, and its wording.

    ``match`` is the start of the required-document name it is attached to;
    ``sections`` are (heading, field labels) pairs; a heading may be "".
    """

    slug: str
    extension: str
    title: str
    legal_note: str
    codes: tuple[str, ...]
    match: str
    recipient: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    pledge: str
    signer: str = "Người yêu cầu"
    extra: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        return f"{self.slug}.{self.extension}"


_APPLICANT = (
    "Họ, chữ đệm, tên người yêu cầu",
    "Nơi cư trú",
    "Giấy tờ tùy thân (loại, số, ngày cấp, nơi cấp)",
    "Số điện thoại liên hệ",
)

FORMS = (
    DemoForm(
        slug="to-khai-dang-ky-khai-sinh",
        extension="docx",
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH",
        legal_note="Mẫu theo Thông tư 04/2020/TT-BTP",
        codes=("1.001193", "XT.HT.20"),
        match="Tờ khai đăng ký khai sinh",
        recipient="Ủy ban nhân dân xã/thị trấn",
        sections=(
            ("", (*_APPLICANT, "Quan hệ với người được khai sinh")),
            (
                "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh (ghi bằng số và bằng chữ)",
                    "Giới tính",
                    "Dân tộc",
                    "Quốc tịch",
                    "Nơi sinh",
                    "Quê quán",
                ),
            ),
            (
                "Cha, mẹ của người được khai sinh:",
                (
                    "Họ, chữ đệm, tên người cha; năm sinh; dân tộc; quốc tịch",
                    "Nơi cư trú của người cha",
                    "Họ, chữ đệm, tên người mẹ; năm sinh; dân tộc; quốc tịch",
                    "Nơi cư trú của người mẹ",
                ),
            ),
        ),
        pledge=(
            "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự "
            "thật, được sự thỏa thuận nhất trí của các bên liên quan theo quy định "
            "pháp luật và chịu trách nhiệm trước pháp luật về cam đoan của mình."
        ),
        extra=("Đề nghị cấp bản sao Giấy khai sinh: Có ☐  Không ☐  Số lượng: ....",),
    ),
    DemoForm(
        slug="to-khai-dang-ky-ket-hon",
        extension="pdf",
        title="TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        legal_note="Mẫu theo Thông tư 04/2020/TT-BTP",
        codes=("1.000894", "XT.HT.21"),
        match="Tờ khai đăng ký kết hôn",
        recipient="Ủy ban nhân dân xã/thị trấn",
        sections=(
            (
                "Thông tin bên nữ:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Giấy tờ tùy thân",
                    "Kết hôn lần thứ mấy",
                ),
            ),
            (
                "Thông tin bên nam:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Giấy tờ tùy thân",
                    "Kết hôn lần thứ mấy",
                ),
            ),
        ),
        pledge=(
            "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết "
            "hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn "
            "nhân và gia đình Việt Nam. Chúng tôi chịu trách nhiệm trước pháp luật "
            "về cam đoan của mình."
        ),
        signer="Bên nữ và bên nam",
    ),
    DemoForm(
        slug="to-khai-dang-ky-khai-tu",
        extension="docx",
        title="TỜ KHAI ĐĂNG KÝ KHAI TỬ",
        legal_note="Mẫu theo Thông tư 04/2020/TT-BTP",
        codes=("1.000656", "XT.HT.22"),
        match="Tờ khai đăng ký khai tử",
        recipient="Ủy ban nhân dân xã/thị trấn",
        sections=(
            ("", (*_APPLICANT, "Quan hệ với người đã chết")),
            (
                "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Giới tính; dân tộc; quốc tịch",
                    "Nơi cư trú cuối cùng",
                    "Số định danh cá nhân",
                    "Đã chết vào lúc: ... giờ ... phút, ngày ... tháng ... năm ...",
                    "Nơi chết",
                    "Nguyên nhân chết",
                    "Số Giấy báo tử hoặc giấy tờ thay thế; cơ quan cấp",
                ),
            ),
        ),
        pledge=(
            "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu "
            "trách nhiệm trước pháp luật về cam đoan của mình."
        ),
    ),
    DemoForm(
        slug="to-khai-xac-nhan-tinh-trang-hon-nhan",
        extension="docx",
        title="TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        legal_note="Mẫu theo Thông tư 04/2020/TT-BTP",
        codes=("XT.HT.09",),
        match="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
        recipient="Ủy ban nhân dân xã/thị trấn",
        sections=(
            ("", (*_APPLICANT, "Quan hệ với người được cấp Giấy xác nhận")),
            (
                "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên "
                "dưới đây:",
                (
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh; giới tính",
                    "Dân tộc; quốc tịch",
                    "Nơi cư trú",
                    "Thời gian cư trú tại nơi đề nghị xác nhận (từ ngày, đến ngày)",
                    "Tình trạng hôn nhân",
                    "Mục đích sử dụng Giấy xác nhận",
                ),
            ),
        ),
        pledge=(
            "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu "
            "trách nhiệm trước pháp luật về cam đoan của mình."
        ),
    ),
    DemoForm(
        slug="don-yeu-cau-hoa-giai-tranh-chap-dat-dai",
        extension="pdf",
        title="ĐƠN YÊU CẦU HÒA GIẢI TRANH CHẤP ĐẤT ĐAI",
        legal_note="Mẫu tham khảo theo Luật Đất đai 2024",
        codes=("XT.DD.01",),
        match="Đơn yêu cầu hòa giải tranh chấp đất đai",
        recipient="Ủy ban nhân dân xã/thị trấn",
        sections=(
            ("Người yêu cầu hòa giải:", _APPLICANT),
            (
                "Người có tranh chấp với người yêu cầu:",
                ("Họ, chữ đệm, tên", "Nơi cư trú"),
            ),
            (
                "Thửa đất đang tranh chấp:",
                (
                    "Thửa đất số; tờ bản đồ số",
                    "Địa chỉ thửa đất",
                    "Diện tích tranh chấp (m²)",
                    "Nội dung tranh chấp và yêu cầu hòa giải",
                ),
            ),
        ),
        pledge=(
            "Tôi cam đoan nội dung trình bày trên đây là đúng sự thật và đề nghị "
            "Ủy ban nhân dân xã tổ chức hòa giải theo quy định của pháp luật."
        ),
    ),
)


# --- .docx -----------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FONT = (
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
    'w:cs="Times New Roman"/>'
)
#: A dotted leader up to the right margin (A4 with 3 cm and 2 cm margins).
_LEADER = '<w:tabs><w:tab w:val="left" w:leader="dot" w:pos="9070"/></w:tabs>'


def _paragraph(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    size: int = 13,
    leader: bool = False,
    after: int = 60,
) -> str:
    ppr = f'<w:spacing w:after="{after}"/>'
    if center:
        ppr += '<w:jc w:val="center"/>'
    if leader:
        ppr = _LEADER + ppr
    rpr = _FONT + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr += f'<w:sz w:val="{size * 2}"/><w:lang w:val="vi-VN"/>'
    run = (
        f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    )
    if leader:
        run += f"<w:r><w:rPr>{rpr}</w:rPr><w:tab/></w:r>"
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def _docx_body(form: DemoForm) -> str:
    parts = [
        _paragraph(MOTTO[0], bold=True, center=True, after=0),
        _paragraph(MOTTO[1], bold=True, center=True, size=14),
        _paragraph(form.legal_note, italic=True, center=True, size=11, after=240),
        _paragraph(form.title, bold=True, center=True, size=15, after=240),
        _paragraph(f"Kính gửi: {form.recipient}", leader=True, after=200),
    ]
    for heading, labels in form.sections:
        if heading:
            parts.append(_paragraph(heading, bold=True, after=80))
        parts.extend(_paragraph(f"{label}: ", leader=True) for label in labels)
    parts.extend(_paragraph(line) for line in form.extra)
    parts.append(_paragraph(form.pledge, after=240))
    parts.append(
        _paragraph("Làm tại: ........, ngày .... tháng .... năm ....", center=True)
    )
    parts.append(_paragraph(form.signer, bold=True, center=True, after=0))
    parts.append(_paragraph("(Ký, ghi rõ họ, chữ đệm, tên)", italic=True, center=True))
    parts.append(_paragraph(NOTE, italic=True, size=10, after=0))
    section = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" '
        'w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(parts)}{section}'
        "</w:body></w:document>"
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)


def _core(form: DemoForm) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(form.title.capitalize())}</dc:title>"
        "<dc:language>vi-VN</dc:language><dc:creator>Một Cửa QMS</dc:creator>"
        "</cp:coreProperties>"
    )


def form_docx(form: DemoForm) -> bytes:
    """The form as a Word document (the same bytes every time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _core(form)),
            ("word/document.xml", _docx_body(form)),
        ):
            member = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, text)
    return out.getvalue()


def form_pdf(form: DemoForm) -> bytes:
    """The form as an A4 PDF for printing."""
    return render_pdf(
        "procedures/demo_form_pdf.html", {"form": form, "motto": MOTTO, "note": NOTE}
    )


def form_bytes(form: DemoForm) -> bytes:
    """The file of ``form`` in its format."""
    return form_docx(form) if form.extension == "docx" else form_pdf(form)


# --- loading ----------------------------------------------------------------


def _collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _document(form: DemoForm, collection: Collection):
    """The form's Wagtail document, made (with size and hash) when missing."""
    Document = get_document_model()  # noqa: N806 - a model class
    title = form.title.capitalize()
    existing = Document.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    data = form_bytes(form)
    document = Document(title=title, collection=collection)
    document.file.save(form.filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    document.save()
    return document


@transaction.atomic
def demo_forms_load(*, stdout) -> None:
    """Make the demo forms and choose them on the procedures that name them.

    A procedure whose row already has a template is left alone (no revision).
    """
    collection = _collection()
    pages = {
        page.code: page
        for page in ProcedurePage.objects.filter(
            code__in={code for form in FORMS for code in form.codes}
        )
    }
    attached = 0
    for form in FORMS:
        document = _document(form, collection)
        for code in form.codes:
            if code in pages and _attach(pages[code], form, document):
                attached += 1
    if attached:
        stdout.write(f"Mẫu đơn, tờ khai: {attached} thủ tục có mẫu để tải về")


def _attach(page: ProcedurePage, form: DemoForm, document) -> bool:
    """Choose ``document`` on the page's matching row; publish; False if done."""
    page = page.get_latest_revision_as_object()
    rows = [{**row, "value": dict(row["value"])} for row in page.documents.raw_data]
    changed = False
    for row in rows:
        value = row["value"]
        if value.get("name", "").startswith(form.match) and not value.get("template"):
            value["template"] = document.pk
            changed = True
    if not changed:
        return False
    page.documents = rows
    page.change_note = "Bổ sung mẫu tờ khai để tải về"
    page.save_revision(log_action=True, changed=True).publish()
    return True
