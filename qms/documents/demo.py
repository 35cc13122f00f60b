"""Demo document set of the one-stop office of UBND huyện Xuân Trường (2019–2022).

A legal register, the QMS's own procedures (quality policy and objectives,
document control, internal audit, corrective action, management review) and
process documents for five real procedures, each with several revisions that
went through the real workflow (drafted by ``kiemsoat``, reviewed by
``xemxet``, approved by ``pheduyet``) on their historical dates, so the trace,
the diff and "in force on date" show something. One amendment (Nghị định
107/2021/NĐ-CP) is left un-absorbed by one process, and one draft waits for
review, so the dashboard and the workflow buttons have work to show.

Idempotent: a document whose code exists is left alone.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qms.documents import services
from qms.documents.choices import DocumentType, RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.organisation.choices import UnitLevel
from qms.organisation.demo import DEMO_PASSWORD
from qms.organisation.models import LEGACY_END, AdministrativeUnit, UnitMembership
from qms.organisation.roles import APPROVER

#: (number, title, issuing body, issued, effective)
LEGAL_TEXTS = [
    (
        "Nghị định 63/2010/NĐ-CP",
        "Về kiểm soát thủ tục hành chính",
        "Chính phủ",
        "2010-06-08",
        "2010-10-14",
    ),
    (
        "Nghị định 92/2017/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát "
        "thủ tục hành chính",
        "Chính phủ",
        "2017-08-07",
        "2017-09-25",
    ),
    (
        "Quyết định 19/2014/QĐ-TTg",
        "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
        "TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ "
        "thống hành chính nhà nước",
        "Thủ tướng Chính phủ",
        "2014-03-05",
        "2014-04-20",
    ),
    (
        "Quyết định 101/QĐ-BKHCN",
        "Về việc công bố Mô hình khung hệ thống quản lý chất lượng theo Tiêu "
        "chuẩn quốc gia TCVN ISO 9001:2015 cho các cơ quan, tổ chức thuộc hệ "
        "thống hành chính nhà nước tại địa phương",
        "Bộ Khoa học và Công nghệ",
        "2019-01-21",
        "2019-01-21",
    ),
    (
        "Nghị định 61/2018/NĐ-CP",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ "
        "tục hành chính",
        "Chính phủ",
        "2018-04-23",
        "2018-06-21",
    ),
    (
        "Thông tư 01/2018/TT-VPCP",
        "Hướng dẫn thi hành một số quy định của Nghị định 61/2018/NĐ-CP về thực "
        "hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành "
        "chính",
        "Văn phòng Chính phủ",
        "2018-11-23",
        "2019-01-08",
    ),
    (
        "Nghị định 45/2020/NĐ-CP",
        "Về thực hiện thủ tục hành chính trên môi trường điện tử",
        "Chính phủ",
        "2020-04-08",
        "2020-05-22",
    ),
    (
        "Nghị định 107/2021/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của Nghị định 61/2018/NĐ-CP về thực hiện "
        "cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "Chính phủ",
        "2021-12-06",
        "2022-01-20",
    ),
    (
        "Luật Hộ tịch 60/2014/QH13",
        "Luật Hộ tịch",
        "Quốc hội",
        "2014-11-20",
        "2016-01-01",
    ),
    (
        "Nghị định 123/2015/NĐ-CP",
        "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "Chính phủ",
        "2015-11-15",
        "2016-01-01",
    ),
    (
        "Thông tư 04/2020/TT-BTP",
        "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định "
        "123/2015/NĐ-CP",
        "Bộ Tư pháp",
        "2020-05-28",
        "2020-07-16",
    ),
    (
        "Nghị định 23/2015/NĐ-CP",
        "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực "
        "chữ ký và chứng thực hợp đồng, giao dịch",
        "Chính phủ",
        "2015-02-16",
        "2015-04-10",
    ),
    (
        "Thông tư 226/2016/TT-BTC",
        "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
        "Bộ Tài chính",
        "2016-11-11",
        "2017-01-01",
    ),
]

#: (amended text, amending text)
AMENDMENTS = [("Nghị định 63/2010/NĐ-CP", "Nghị định 92/2017/NĐ-CP")]


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _at(day: str, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_d(day), datetime.time(hour)))


# --- content ---------------------------------------------------------------


@dataclass
class Step:
    """One row of a process's steps table."""

    what: str
    who: str
    time: str


@dataclass
class ProcessText:
    """Parts of a process document (Decision 101/QĐ-BKHCN framework model)."""

    purpose: str
    scope: str
    references: list[str]
    definitions: list[str]
    dossier: list[str]
    fee: str
    deadline: str
    steps: list[Step]
    forms: list[str]
    records: list[str] = field(
        default_factory=lambda: [
            "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05, Thông tư "
            "01/2018/TT-VPCP)",
            "Sổ theo dõi hồ sơ (Mẫu 06, Thông tư 01/2018/TT-VPCP)",
        ]
    )
    channels: str = "Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả; qua bưu chính."


def process_body(text: ProcessText) -> str:
    """The Markdown of a process document, in the usual section order."""
    lines = ["## 1. Mục đích", "", text.purpose, "", "## 2. Phạm vi áp dụng", ""]
    lines += [text.scope, "", "## 3. Tài liệu viện dẫn", ""]
    lines += [f"- {ref}" for ref in text.references]
    lines += ["", "## 4. Định nghĩa, chữ viết tắt", ""]
    lines += [f"- {item}" for item in text.definitions]
    lines += ["", "## 5. Nội dung quy trình", "", "### 5.1. Thành phần hồ sơ", ""]
    lines += [f"- {item}" for item in text.dossier]
    lines += ["", "### 5.2. Cách thức thực hiện", "", text.channels, ""]
    lines += ["### 5.3. Thời hạn giải quyết", "", text.deadline, ""]
    lines += ["### 5.4. Phí, lệ phí", "", text.fee, ""]
    lines += ["### 5.5. Trình tự thực hiện", ""]
    lines += ["| Bước | Nội dung công việc | Trách nhiệm | Thời gian |"]
    lines += ["|---|---|---|---|"]
    lines += [
        f"| B{n} | {s.what} | {s.who} | {s.time} |" for n, s in enumerate(text.steps, 1)
    ]
    lines += ["", "## 6. Biểu mẫu", ""]
    lines += [f"- {form}" for form in text.forms]
    lines += ["", "## 7. Hồ sơ cần lưu", ""]
    lines += ["| Hồ sơ | Nơi lưu | Thời gian lưu |", "|---|---|---|"]
    lines += [f"| {r} | Bộ phận một cửa | 05 năm |" for r in text.records]
    lines += ["| Sổ đăng ký hộ tịch, sổ chứng thực | Công chức Tư pháp | Vĩnh viễn |"]
    return "\n".join(lines) + "\n"


COMMON_REFS = [
    "TCVN ISO 9001:2015 Hệ thống quản lý chất lượng – Các yêu cầu",
    "Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông",
    "Thông tư 01/2018/TT-VPCP hướng dẫn thi hành Nghị định 61/2018/NĐ-CP",
]
DEFS = [
    "UBND: Ủy ban nhân dân",
    "TTHC: thủ tục hành chính",
    "Bộ phận một cửa: Bộ phận Tiếp nhận và Trả kết quả",
    "CCTP-HT: công chức Tư pháp – Hộ tịch",
]
RECEIVE = Step(
    "Tiếp nhận, kiểm tra hồ sơ; hồ sơ đủ thì lập Giấy tiếp nhận và hẹn trả "
    "kết quả (Mẫu 01); chưa đủ thì hướng dẫn bổ sung (Mẫu 02)",
    "Công chức Bộ phận một cửa",
    "15 phút",
)
RECEIVE_ONLINE = Step(
    "Tiếp nhận hồ sơ trực tiếp hoặc trên Cổng Dịch vụ công; kiểm tra, lập "
    "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) hoặc yêu cầu bổ sung (Mẫu 02)",
    "Công chức Bộ phận một cửa",
    "15 phút",
)
RETURN = Step(
    "Trả kết quả, thu phí, lệ phí (nếu có); ghi sổ theo dõi hồ sơ (Mẫu 06)",
    "Công chức Bộ phận một cửa",
    "Theo giấy hẹn",
)
RETURN_DIGITAL = Step(
    "Trả kết quả trực tiếp, qua bưu chính hoặc trực tuyến; số hóa kết quả, "
    "cập nhật trạng thái trên Hệ thống thông tin một cửa điện tử",
    "Công chức Bộ phận một cửa",
    "Theo giấy hẹn",
)
ONLINE_CHANNELS = (
    "Trực tiếp tại Bộ phận một cửa; qua bưu chính công ích; trực tuyến trên "
    "Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công tỉnh Nam Định."
)
ONLINE_CHANNELS_2022 = (
    "Trực tiếp tại Bộ phận một cửa; qua bưu chính công ích; trực tuyến toàn "
    "trình trên Cổng Dịch vụ công quốc gia (dịch vụ công trực tuyến toàn trình)."
)


def birth(version: int) -> ProcessText:
    """1.001193 Đăng ký khai sinh, in its three issues."""
    refs = [*COMMON_REFS, "Luật Hộ tịch 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"]
    steps = [
        RECEIVE,
        Step(
            "Kiểm tra thông tin, đối chiếu giấy chứng sinh; ghi Sổ đăng ký khai "
            "sinh, in Giấy khai sinh",
            "CCTP-HT",
            "02 giờ làm việc",
        ),
        Step("Ký Giấy khai sinh", "Chủ tịch hoặc Phó Chủ tịch UBND", "01 giờ"),
        RETURN,
    ]
    text = ProcessText(
        purpose="Quy định trình tự, trách nhiệm đăng ký khai sinh cho trẻ em "
        "đúng Luật Hộ tịch, bảo đảm kết quả được trả ngay trong ngày.",
        scope="Áp dụng tại UBND thị trấn Xuân Trường đối với việc đăng ký khai "
        "sinh cho công dân Việt Nam cư trú trên địa bàn (mã TTHC 1.001193).",
        references=refs,
        definitions=DEFS,
        dossier=[
            "Tờ khai đăng ký khai sinh theo mẫu",
            "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh",
            "Giấy tờ tùy thân của người đi đăng ký (xuất trình)",
        ],
        fee="Miễn lệ phí đối với đăng ký khai sinh đúng hạn.",
        deadline="Ngay trong ngày làm việc; hồ sơ nhận sau 15 giờ trả trong "
        "ngày làm việc tiếp theo.",
        steps=steps,
        forms=[
            "BM 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "Tờ khai đăng ký khai sinh (Thông tư 15/2015/TT-BTP)",
        ],
    )
    if version >= 2:
        text.references = [*refs, "Thông tư 04/2020/TT-BTP", "Nghị định 45/2020/NĐ-CP"]
        text.channels = ONLINE_CHANNELS
        text.steps[0] = RECEIVE_ONLINE
        text.forms[1] = "Tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP)"
        text.dossier.append(
            "Trường hợp nộp trực tuyến: bản chụp giấy tờ, bản điện tử tờ khai"
        )
    if version >= 3:
        text.references.append("Nghị định 107/2021/NĐ-CP")
        text.channels = ONLINE_CHANNELS_2022
        text.steps[1] = Step(
            "Kiểm tra thông tin trên Cơ sở dữ liệu hộ tịch điện tử; ghi Sổ đăng "
            "ký khai sinh, in Giấy khai sinh; cấp số định danh cá nhân",
            "CCTP-HT",
            "02 giờ làm việc",
        )
        text.steps[3] = RETURN_DIGITAL
    return text


def marriage(version: int) -> ProcessText:
    """1.000894 Đăng ký kết hôn."""
    steps = [
        RECEIVE,
        Step(
            "Kiểm tra điều kiện kết hôn; trường hợp cần xác minh thì báo cáo "
            "lãnh đạo, thời hạn kéo dài không quá 05 ngày làm việc",
            "CCTP-HT",
            "0,5 ngày làm việc",
        ),
        Step(
            "Ghi Sổ đăng ký kết hôn; hai bên nam, nữ ký Giấy chứng nhận kết hôn",
            "CCTP-HT",
            "0,5 ngày làm việc",
        ),
        Step("Ký Giấy chứng nhận kết hôn, tổ chức trao", "Chủ tịch UBND", "01 giờ"),
        RETURN,
    ]
    text = ProcessText(
        purpose="Quy định trình tự đăng ký kết hôn giữa công dân Việt Nam cư "
        "trú trong nước, bảo đảm đúng điều kiện kết hôn và đúng thời hạn.",
        scope="Áp dụng tại UBND thị trấn Xuân Trường (mã TTHC 1.000894).",
        references=[
            *COMMON_REFS,
            "Luật Hộ tịch 60/2014/QH13",
            "Luật Hôn nhân và gia đình 52/2014/QH13",
            "Nghị định 123/2015/NĐ-CP",
        ],
        definitions=DEFS,
        dossier=[
            "Tờ khai đăng ký kết hôn theo mẫu",
            "Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không thường trú)",
            "Giấy tờ tùy thân của hai bên (xuất trình)",
        ],
        fee="Miễn lệ phí.",
        deadline="Ngay trong ngày làm việc; trường hợp cần xác minh điều kiện "
        "kết hôn không quá 05 ngày làm việc.",
        steps=steps,
        forms=[
            "BM 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "Tờ khai đăng ký kết hôn",
        ],
    )
    if version >= 2:
        text.channels = ONLINE_CHANNELS
        text.steps[0] = RECEIVE_ONLINE
        text.references += ["Thông tư 04/2020/TT-BTP", "Nghị định 45/2020/NĐ-CP"]
    if version >= 3:
        text.references.append("Nghị định 107/2021/NĐ-CP")
        text.steps[4] = RETURN_DIGITAL
        text.dossier[1] = (
            "Giấy xác nhận tình trạng hôn nhân: không yêu cầu nếu thông tin đã "
            "có trong Cơ sở dữ liệu hộ tịch điện tử"
        )
    return text


def death(version: int) -> ProcessText:
    """1.000656 Đăng ký khai tử."""
    text = ProcessText(
        purpose="Quy định trình tự đăng ký khai tử, cập nhật kịp thời thông tin "
        "hộ tịch của người đã chết.",
        scope="Áp dụng tại UBND thị trấn Xuân Trường (mã TTHC 1.000656).",
        references=[
            *COMMON_REFS,
            "Luật Hộ tịch 60/2014/QH13",
            "Nghị định 123/2015/NĐ-CP",
        ],
        definitions=DEFS,
        dossier=[
            "Tờ khai đăng ký khai tử theo mẫu",
            "Giấy báo tử hoặc giấy tờ thay thế giấy báo tử",
        ],
        fee="Miễn lệ phí đối với đăng ký khai tử đúng hạn.",
        deadline="Ngay trong ngày; trường hợp cần xác minh không quá 03 ngày làm việc.",
        steps=[
            RECEIVE,
            Step(
                "Kiểm tra giấy báo tử; ghi Sổ đăng ký khai tử, in Trích lục khai tử",
                "CCTP-HT",
                "02 giờ làm việc",
            ),
            Step("Ký Trích lục khai tử", "Chủ tịch hoặc Phó Chủ tịch UBND", "01 giờ"),
            RETURN,
        ],
        forms=[
            "BM 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "Tờ khai đăng ký khai tử",
        ],
    )
    if version >= 2:
        text.channels = ONLINE_CHANNELS
        text.steps[0] = RECEIVE_ONLINE
        text.references += ["Thông tư 04/2020/TT-BTP"]
        text.steps[1] = Step(
            "Kiểm tra giấy báo tử; ghi Sổ đăng ký khai tử, in Trích lục khai tử; "
            "thông báo cho cơ quan đăng ký cư trú để xóa đăng ký thường trú",
            "CCTP-HT",
            "02 giờ làm việc",
        )
    return text


def certified_copy(version: int) -> ProcessText:
    """2.000815 Chứng thực bản sao từ bản chính."""
    fee_old = (
        "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối "
        "đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC)."
    )
    text = ProcessText(
        purpose="Quy định trình tự chứng thực bản sao từ bản chính giấy tờ, văn "
        "bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận.",
        scope="Áp dụng tại Phòng Tư pháp huyện Xuân Trường (mã TTHC 2.000815).",
        references=[
            *COMMON_REFS,
            "Nghị định 23/2015/NĐ-CP",
            "Thông tư 226/2016/TT-BTC",
        ],
        definitions=[
            *DEFS[:3],
            "Người thực hiện chứng thực: Trưởng phòng hoặc Phó Trưởng phòng Tư pháp",
        ],
        dossier=["Bản chính giấy tờ, văn bản", "Bản sao cần chứng thực"],
        fee=fee_old,
        deadline="Trong ngày; hồ sơ nhận sau 15 giờ trả trong ngày làm việc tiếp "
        "theo; trường hợp số lượng lớn có thể hẹn lại.",
        steps=[
            RECEIVE,
            Step(
                "Đối chiếu bản sao với bản chính; ghi lời chứng, ký, đóng dấu; "
                "ghi sổ chứng thực",
                "Người thực hiện chứng thực",
                "Trong ngày",
            ),
            RETURN,
        ],
        forms=["BM 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả"],
        channels="Trực tiếp tại Bộ phận một cửa.",
    )
    if version >= 2:
        text.steps[1] = Step(
            "Đối chiếu bản sao với bản chính; ghi lời chứng, ký, đóng dấu; ghi "
            "sổ chứng thực; từ chối chứng thực nếu bản chính bị tẩy xóa, sửa "
            "chữa hoặc không còn rõ nội dung",
            "Người thực hiện chứng thực",
            "Trong ngày",
        )
        text.channels = (
            "Trực tiếp tại Bộ phận một cửa; chứng thực bản sao điện tử từ bản "
            "chính trên Cổng Dịch vụ công (Nghị định 45/2020/NĐ-CP)."
        )
        text.references.append("Nghị định 45/2020/NĐ-CP")
    return text


def signature(version: int) -> ProcessText:
    """2.000884 Chứng thực chữ ký."""
    text = ProcessText(
        purpose="Quy định trình tự chứng thực chữ ký trong giấy tờ, văn bản.",
        scope="Áp dụng tại Phòng Tư pháp huyện Xuân Trường (mã TTHC 2.000884).",
        references=[
            *COMMON_REFS,
            "Nghị định 23/2015/NĐ-CP",
            "Thông tư 226/2016/TT-BTC",
        ],
        definitions=DEFS[:3],
        dossier=[
            "Giấy tờ tùy thân còn giá trị sử dụng (xuất trình)",
            "Giấy tờ, văn bản cần chứng thực chữ ký",
        ],
        fee="10.000 đồng/trường hợp (Thông tư 226/2016/TT-BTC).",
        deadline="Trong ngày; hồ sơ nhận sau 15 giờ trả trong ngày làm việc tiếp theo.",
        steps=[
            RECEIVE,
            Step(
                "Kiểm tra giấy tờ; người yêu cầu ký trước mặt người thực hiện "
                "chứng thực; ghi lời chứng, ký, đóng dấu, ghi sổ",
                "Người thực hiện chứng thực",
                "Trong ngày",
            ),
            RETURN,
        ],
        forms=["BM 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả"],
        channels="Trực tiếp tại Bộ phận một cửa.",
    )
    if version >= 2:
        text.references.append("Nghị định 107/2021/NĐ-CP")
        text.steps[2] = RETURN_DIGITAL
    return text


POLICY_2019 = """## Chính sách chất lượng

UBND huyện Xuân Trường cam kết giải quyết thủ tục hành chính **công khai, minh
bạch, đúng pháp luật, đúng hẹn**, lấy sự hài lòng của người dân và doanh
nghiệp làm thước đo chất lượng phục vụ; duy trì và cải tiến thường xuyên hệ
thống quản lý chất lượng theo TCVN ISO 9001:2015.

## Mục tiêu chất lượng năm {year}

| Mục tiêu | Chỉ tiêu | Đơn vị chủ trì | Tần suất theo dõi |
|---|---|---|---|
| Hồ sơ giải quyết trước hạn, đúng hạn | ≥ {ontime}% | Bộ phận một cửa | Hằng tháng |
| Hồ sơ trễ hạn có văn bản xin lỗi (Mẫu 04) | 100% | Bộ phận một cửa | Hằng tháng |
| Mức độ hài lòng của người dân | ≥ {satisfied}% | Văn phòng HĐND và UBND | Hằng quý |
| TTHC niêm yết công khai đúng quy định | 100% | Văn phòng HĐND và UBND | Hằng quý |
{extra}
## Trách nhiệm

Lãnh đạo UBND huyện phổ biến chính sách đến toàn thể cán bộ, công chức; các
phòng chuyên môn lập kế hoạch thực hiện mục tiêu và báo cáo kết quả tại cuộc
họp xem xét của lãnh đạo.
"""

DOC_CONTROL = """## 1. Mục đích

Thống nhất cách soạn thảo, xem xét, phê duyệt, ban hành, sửa đổi và kiểm soát
tài liệu, hồ sơ của hệ thống quản lý chất lượng (TCVN ISO 9001:2015, điều 7.5).

## 2. Phạm vi áp dụng

Mọi tài liệu nội bộ và tài liệu bên ngoài của hệ thống quản lý chất lượng UBND
huyện Xuân Trường.

## 3. Tài liệu viện dẫn

- TCVN ISO 9001:2015, điều 7.5
- Quyết định 19/2014/QĐ-TTg
- Quyết định 101/QĐ-BKHCN

## 4. Nội dung

### 4.1. Soạn thảo, xem xét, phê duyệt

| Bước | Nội dung | Trách nhiệm |
|---|---|---|
| 1 | Đề nghị soạn thảo mới hoặc sửa đổi tài liệu | Đơn vị có nhu cầu |
| 2 | Soạn thảo, ghi nhật ký sửa đổi (nội dung, vị trí, lý do) | Thư ký ISO |
| 3 | Xem xét sự phù hợp, đầy đủ | Chánh Văn phòng HĐND và UBND |
| 4 | Phê duyệt ban hành | Phó Chủ tịch UBND phụ trách ISO |
| 5 | Phân phối, thu hồi bản lỗi thời, lưu hồ sơ | Thư ký ISO |

Người soạn thảo, người xem xét và người phê duyệt là ba người khác nhau.

### 4.2. Kiểm soát tài liệu bên ngoài

Văn bản quy phạm pháp luật làm căn cứ được cập nhật vào Danh mục văn bản pháp
lý. Khi văn bản được sửa đổi, thay thế, các quy trình liên quan phải được cập
nhật trong **03 tháng** kể từ ngày văn bản mới có hiệu lực.
{extra}"""

DOC_CONTROL_2021 = """
### 4.3. Tài liệu điện tử

Tài liệu được quản lý trên phần mềm Một Cửa QMS; bản có hiệu lực là bản trên
phần mềm. Bản in có dấu "Bản kiểm soát" và mã băm SHA-256; bản in không có dấu
chỉ dùng để tham khảo. Hằng năm thư ký ISO chạy kiểm tra toàn vẹn (verify_documents).
"""

AUDIT = """## 1. Mục đích

Đánh giá nội bộ định kỳ để xác định hệ thống quản lý chất lượng phù hợp với
TCVN ISO 9001:2015 và được áp dụng có hiệu lực (điều 9.2).

## 2. Nội dung

| Bước | Nội dung | Trách nhiệm | Thời gian |
|---|---|---|---|
| 1 | Lập chương trình đánh giá nội bộ năm | Thư ký ISO | Tháng {month} |
| 2 | Quyết định thành lập đoàn đánh giá | Chủ tịch UBND | Trước 15 ngày |
| 3 | Đánh giá tại các phòng, Bộ phận một cửa | Đoàn đánh giá | Theo kế hoạch |
| 4 | Lập báo cáo, phiếu yêu cầu hành động khắc phục | Trưởng đoàn | 05 ngày |
| 5 | Theo dõi khắc phục, xác nhận hiệu lực | Thư ký ISO | Theo thời hạn |

Chuyên gia đánh giá không đánh giá công việc của chính mình. Đánh giá nội bộ
thực hiện **ít nhất 01 lần/năm** (Quyết định 19/2014/QĐ-TTg).
"""

CORRECTIVE = """## 1. Mục đích

Kiểm soát sự không phù hợp, xác định nguyên nhân và thực hiện hành động khắc
phục để sự không phù hợp không tái diễn (điều 10.2).

## 2. Nội dung

| Bước | Nội dung | Trách nhiệm | Thời gian |
|---|---|---|---|
| 1 | Ghi nhận sự không phù hợp (trễ hạn, phản ánh, đánh giá) | Mọi công chức | Ngay |
| 2 | Xử lý tức thời (xin lỗi, hẹn lại theo Mẫu 04) | Người phụ trách | 01 ngày |
| 3 | Phân tích nguyên nhân gốc | Đơn vị liên quan | 05 ngày |
| 4 | Thực hiện hành động khắc phục | Đơn vị liên quan | Theo phiếu |
| 5 | Xác nhận hiệu lực (người khác người thực hiện) | Thư ký ISO | {verify} |
"""

REVIEW = """## 1. Mục đích

Lãnh đạo xem xét hệ thống quản lý chất lượng để bảo đảm luôn phù hợp, thỏa
đáng, có hiệu lực (điều 9.3).

## 2. Nội dung

Họp xem xét của lãnh đạo **ít nhất 01 lần/năm**, chủ trì là Chủ tịch UBND.
Đầu vào: kết quả đánh giá nội bộ; mức độ thực hiện mục tiêu chất lượng; tỷ lệ
hồ sơ đúng hạn; ý kiến phản ánh, kiến nghị; kết quả khảo sát hài lòng; hành
động khắc phục; thay đổi văn bản pháp luật.{extra}

Đầu ra: quyết định cải tiến, thay đổi hệ thống, nhu cầu nguồn lực; lập biên
bản họp và lưu 05 năm.
"""


@dataclass
class Rev:
    """One revision of the demo: body, change log, dates."""

    body: str
    approved: str | None
    effective: str | None
    what: str = "Ban hành lần đầu theo TCVN ISO 9001:2015"
    where: str = "Toàn bộ tài liệu"
    why: str = (
        "Chuyển đổi hệ thống sang TCVN ISO 9001:2015 theo mô hình khung "
        "Quyết định 101/QĐ-BKHCN"
    )
    issue: int = 1
    revision: int = 0
    reject: str = ""
    first_body: str = ""
    stop_at: str = ""


def _process_revs(builder, n_versions: int) -> list[Rev]:
    revs = [Rev(process_body(builder(1)), "2019-03-04", "2019-03-15")]
    if n_versions >= 2:
        revs.append(
            Rev(
                process_body(builder(2)),
                "2020-08-10",
                "2020-08-17",
                what="Bổ sung tiếp nhận trực tuyến, cập nhật tài liệu viện dẫn",
                where="Mục 3; mục 5.2; bước B1",
                why="Thông tư 04/2020/TT-BTP và Nghị định 45/2020/NĐ-CP có hiệu lực",
                revision=1,
            )
        )
    if n_versions >= 3:
        revs.append(
            Rev(
                process_body(builder(3)),
                "2022-03-01",
                "2022-03-15",
                what="Dịch vụ công trực tuyến toàn trình; số hóa kết quả; khai "
                "thác Cơ sở dữ liệu hộ tịch điện tử",
                where="Mục 3; mục 5.2; các bước B2 và bước trả kết quả",
                why="Nghị định 107/2021/NĐ-CP sửa đổi Nghị định 61/2018/NĐ-CP (hiệu "
                "lực 20/01/2022), cập nhật trong 03 tháng theo Quyết định "
                "19/2014/QĐ-TTg",
                issue=2,
            )
        )
        if builder is birth:
            incomplete = builder(3)
            incomplete.steps[1] = builder(2).steps[1]
            revs[-1].first_body = process_body(incomplete)
            revs[-1].reject = (
                "Bước B2 chưa nêu việc khai thác Cơ sở dữ liệu hộ tịch điện tử "
                "và cấp số định danh cá nhân; đề nghị bổ sung."
            )
    return revs


def _documents() -> list[dict]:
    """Every demo document with its revisions, oldest first."""
    iso_refs = ["Quyết định 19/2014/QĐ-TTg", "Quyết định 101/QĐ-BKHCN"]
    civil = [
        "Luật Hộ tịch 60/2014/QH13",
        "Nghị định 123/2015/NĐ-CP",
        "Nghị định 61/2018/NĐ-CP",
        "Thông tư 01/2018/TT-VPCP",
    ]
    cert = [
        "Nghị định 23/2015/NĐ-CP",
        "Thông tư 226/2016/TT-BTC",
        "Nghị định 61/2018/NĐ-CP",
        "Thông tư 01/2018/TT-VPCP",
    ]
    return [
        {
            "code": "CSMT 01",
            "title": "Chính sách chất lượng và mục tiêu chất lượng",
            "type": DocumentType.POLICY,
            "unit": "364.VP",
            "legal": iso_refs,
            "revs": [
                Rev(
                    POLICY_2019.format(year=2019, ontime=95, satisfied=85, extra=""),
                    "2019-03-04",
                    "2019-03-15",
                ),
                Rev(
                    POLICY_2019.format(
                        year=2021,
                        ontime=98,
                        satisfied=90,
                        extra="| Hồ sơ tiếp nhận trực tuyến | ≥ 20% | Bộ phận một "
                        "cửa | Hằng quý |\n",
                    ),
                    "2021-01-08",
                    "2021-01-15",
                    what="Nâng chỉ tiêu đúng hạn lên 98%, hài lòng lên 90%; thêm "
                    "mục tiêu hồ sơ trực tuyến",
                    where="Bảng mục tiêu chất lượng",
                    why="Kết luận họp xem xét của lãnh đạo ngày 28/12/2020",
                    revision=1,
                ),
                Rev(
                    POLICY_2019.format(
                        year=2022,
                        ontime=98,
                        satisfied=95,
                        extra="| Hồ sơ tiếp nhận trực tuyến | ≥ 30% | Bộ phận một "
                        "cửa | Hằng quý |\n| Kết quả giải quyết TTHC được số hóa "
                        "| ≥ 50% | Bộ phận một cửa | Hằng quý |\n",
                    ),
                    "2022-01-10",
                    "2022-01-15",
                    what="Mục tiêu năm 2022: hài lòng ≥ 95%, trực tuyến ≥ 30%, số "
                    "hóa kết quả ≥ 50%",
                    where="Bảng mục tiêu chất lượng",
                    why="Quyết định 766/QĐ-TTg về bộ chỉ số phục vụ người dân, "
                    "doanh nghiệp; họp xem xét của lãnh đạo 27/12/2021",
                    issue=2,
                ),
            ],
        },
        {
            "code": "QT 01/VP",
            "title": "Quy trình kiểm soát tài liệu và hồ sơ",
            "type": DocumentType.PROCESS,
            "unit": "364.VP",
            "legal": iso_refs,
            "revs": [
                Rev(DOC_CONTROL.format(extra=""), "2019-03-04", "2019-03-15"),
                Rev(
                    DOC_CONTROL.format(extra=DOC_CONTROL_2021),
                    "2021-06-01",
                    "2021-06-07",
                    what="Bổ sung mục 4.3 quản lý tài liệu điện tử, bản kiểm soát "
                    "có mã băm",
                    where="Mục 4.3 (mới)",
                    why="Đưa phần mềm Một Cửa QMS vào sử dụng",
                    revision=1,
                ),
            ],
        },
        {
            "code": "QT 02/VP",
            "title": "Quy trình đánh giá nội bộ",
            "type": DocumentType.PROCESS,
            "unit": "364.VP",
            "legal": iso_refs,
            "revs": [
                Rev(AUDIT.format(month=10), "2019-03-04", "2019-03-15"),
                Rev(
                    AUDIT.format(month=8),
                    "2020-07-20",
                    "2020-08-01",
                    what="Lập chương trình đánh giá từ tháng 8 thay vì tháng 10",
                    where="Mục 2, bước 1",
                    why="Để kết quả đánh giá kịp làm đầu vào họp xem xét của lãnh "
                    "đạo cuối năm",
                    revision=1,
                ),
            ],
        },
        {
            "code": "QT 03/VP",
            "title": "Quy trình kiểm soát sự không phù hợp và hành động khắc phục",
            "type": DocumentType.PROCESS,
            "unit": "364.VP",
            "legal": iso_refs,
            "revs": [
                Rev(
                    CORRECTIVE.format(verify="Sau 01 tháng"), "2019-03-04", "2019-03-15"
                ),
                Rev(
                    CORRECTIVE.format(verify="Trong 02 tháng, tại lần kiểm tra sau"),
                    "2021-03-15",
                    "2021-04-01",
                    what="Thời hạn xác nhận hiệu lực hành động khắc phục",
                    where="Mục 2, bước 5",
                    why="Kết luận kiểm tra ISO năm 2020 của Sở Khoa học và Công "
                    "nghệ: báo cáo khắc phục trong 02 tháng",
                    revision=1,
                ),
            ],
        },
        {
            "code": "QT 04/VP",
            "title": "Quy trình xem xét của lãnh đạo",
            "type": DocumentType.PROCESS,
            "unit": "364.VP",
            "legal": iso_refs,
            "revs": [
                Rev(REVIEW.format(extra=""), "2019-03-04", "2019-03-15"),
                Rev(
                    REVIEW.format(
                        extra=" Từ năm 2022 bổ sung đầu vào: điểm Bộ chỉ số phục vụ "
                        "người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)."
                    ),
                    "2022-06-01",
                    "2022-06-06",
                    what="Thêm đầu vào: Bộ chỉ số phục vụ người dân, doanh nghiệp",
                    where="Mục 2, đầu vào",
                    why="Quyết định 766/QĐ-TTg ngày 23/6/2022 (dự kiến áp dụng)",
                    revision=1,
                ),
            ],
        },
        {
            "code": "QT 05/HT",
            "title": "Quy trình đăng ký khai sinh",
            "type": DocumentType.PROCESS,
            "unit": "14089",
            "procedures": "1.001193",
            "legal": civil,
            "revs": _process_revs(birth, 3),
        },
        {
            "code": "QT 06/HT",
            "title": "Quy trình đăng ký kết hôn",
            "type": DocumentType.PROCESS,
            "unit": "14089",
            "procedures": "1.000894",
            "legal": civil,
            "revs": _process_revs(marriage, 3),
        },
        {
            # Left behind on purpose: 107/2021 not yet absorbed (dashboard).
            "code": "QT 07/HT",
            "title": "Quy trình đăng ký khai tử",
            "type": DocumentType.PROCESS,
            "unit": "14089",
            "procedures": "1.000656",
            "legal": civil,
            "revs": _process_revs(death, 2),
        },
        {
            "code": "QT 08/TP",
            "title": "Quy trình chứng thực bản sao từ bản chính",
            "type": DocumentType.PROCESS,
            "unit": "364.TP",
            "procedures": "2.000815",
            "legal": cert,
            "revs": _process_revs(certified_copy, 2),
        },
        {
            "code": "QT 09/TP",
            "title": "Quy trình chứng thực chữ ký",
            "type": DocumentType.PROCESS,
            "unit": "364.TP",
            "procedures": "2.000884",
            "legal": cert,
            "revs": [
                *_process_revs(signature, 1),
                Rev(
                    process_body(signature(2)),
                    None,
                    "2022-10-03",
                    what="Trả kết quả qua bưu chính, trực tuyến; số hóa kết quả",
                    where="Bước B3",
                    why="Nghị định 107/2021/NĐ-CP",
                    revision=1,
                    stop_at="submitted",
                ),
            ],
        },
        {
            "code": "BM 01",
            "title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "type": DocumentType.FORM,
            "unit": "364.MC",
            "legal": ["Thông tư 01/2018/TT-VPCP"],
            "attachment": True,
            "revs": [
                Rev(
                    "Mẫu số 01 ban hành kèm Thông tư 01/2018/TT-VPCP. Bộ phận một "
                    "cửa in từ Hệ thống thông tin một cửa điện tử; **không tự "
                    "thay đổi nội dung mẫu**.\n\nTệp mẫu: xem tệp đính kèm.\n",
                    "2019-03-04",
                    "2019-03-15",
                    why="Áp dụng biểu mẫu thống nhất theo Thông tư 01/2018/TT-VPCP",
                ),
            ],
        },
    ]


FORM_TEMPLATE = """UBND HUYỆN XUÂN TRƯỜNG
BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ
Mã hồ sơ: ............

GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ

Bộ phận tiếp nhận và trả kết quả: ............
Tiếp nhận hồ sơ của: ............
Địa chỉ: ............  Số điện thoại: ............
Nội dung yêu cầu giải quyết: ............
1. Thành phần hồ sơ nộp gồm: ............
2. Số lượng hồ sơ: ...... (bộ)
3. Thời gian giải quyết hồ sơ theo quy định là: ...... ngày
4. Thời gian nhận hồ sơ: ... giờ ... phút, ngày ... tháng ... năm ...
5. Thời gian trả kết quả giải quyết hồ sơ: ... giờ ... phút, ngày ... tháng ... năm ...
6. Đăng ký nhận kết quả tại: ............
Vào Sổ theo dõi hồ sơ, Quyển số: ...... Số thứ tự ......

NGƯỜI NỘP HỒ SƠ                              NGƯỜI TIẾP NHẬN HỒ SƠ
"""


def _unit(code: str) -> AdministrativeUnit:
    """An agency of the district, or a unit of the 2022 (legacy) structure."""
    if "." in code:
        return AdministrativeUnit.objects.get(
            code=code, level=UnitLevel.AGENCY, valid_to__isnull=True
        )
    return AdministrativeUnit.objects.exclude(level=UnitLevel.AGENCY).get(
        code=code, valid_to=LEGACY_END
    )


def _reviewer():
    """A second leader who reviews, so that approval is by a third person."""
    user, created = get_user_model().objects.get_or_create(
        username="xemxet",
        defaults={
            "first_name": "Bình",
            "last_name": "Nguyễn Văn",
            "email": "xemxet@example.gov.vn",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=APPROVER.group_name))
    office = _unit("364.VP")
    if office:
        UnitMembership.objects.get_or_create(
            user=user,
            unit=office,
            defaults={"position": "Chánh Văn phòng HĐND và UBND"},
        )
    return user


def _legal_register(controller) -> dict[str, LegalText]:
    texts = {}
    for number, title, body, issued, effective in LEGAL_TEXTS:
        text, _created = LegalText.objects.get_or_create(
            number=number,
            defaults={
                "title": title,
                "issuing_body": body,
                "issued_on": _d(issued),
                "effective_on": _d(effective),
            },
        )
        texts[number] = text
    for old, new in AMENDMENTS:
        if texts[old].amended_by_id is None:
            texts[old].amended_by = texts[new]
            texts[old]._change_reason = f"Được sửa đổi bởi {new}"
            texts[old]._history_user = controller
            texts[old].save()
    return texts


def _replay_revision(document, rev: Rev, people, attachment: bool) -> None:
    """Run one revision through the workflow on its historical dates."""
    controller, reviewer, approver = people
    start = rev.approved or "2022-09-20"
    drafted = _at(start, 8) - datetime.timedelta(days=10)
    revision = services.revision_create_draft(
        document=document,
        user=controller,
        body=rev.first_body or rev.body,
        issue_number=rev.issue,
        revision_number=rev.revision,
        effective_date=_d(rev.effective) if rev.effective else None,
        change_what=rev.what,
        change_where=rev.where,
        change_why=rev.why,
        at=drafted,
    )
    if attachment:
        services.attachment_add(
            revision=revision,
            user=controller,
            title="BM 01 – Mẫu Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            uploaded_file=_named(FORM_TEMPLATE, "BM01-giay-tiep-nhan.txt"),
        )
    submitted = drafted + datetime.timedelta(days=3)
    services.revision_submit(revision=revision, user=controller, at=submitted)
    if rev.reject:
        services.revision_reject(
            revision=revision,
            user=reviewer,
            comment=rev.reject,
            at=submitted + datetime.timedelta(days=1),
        )
        revision.refresh_from_db()
        services.revision_save_draft(
            revision=revision,
            user=controller,
            expected_version=revision.version,
            body=rev.body,
        )
        services.revision_submit(
            revision=revision,
            user=controller,
            at=submitted + datetime.timedelta(days=3),
        )
    if rev.stop_at == "submitted":
        return
    services.revision_review(
        revision=revision,
        user=reviewer,
        at=_at(start, 8) - datetime.timedelta(days=2),
    )
    services.revision_approve(revision=revision, user=approver, at=_at(start, 10))
    services.revisions_activate_due(
        today=_d(rev.effective), user=None, at=_at(rev.effective, 7)
    )


def _named(text: str, name: str) -> ContentFile:
    file = ContentFile(text.encode("utf-8"), name=name)
    return file


@transaction.atomic
def load(*, stdout) -> None:
    """Legal register, documents and their replayed history; acknowledgements.

    Revisions of all documents are replayed in date order, with the amendment
    of Nghị định 61/2018 by 107/2021 recorded on 20/12/2021: processes reissued
    in March 2022 clear their flag on coming into force, the others keep it.
    """
    user_model = get_user_model()
    controller = user_model.objects.get(username="kiemsoat")
    people = (controller, _reviewer(), user_model.objects.get(username="pheduyet"))
    texts = _legal_register(controller)
    events = []
    for spec in _documents():
        if ControlledDocument.objects.filter(code=spec["code"]).exists():
            continue
        document = ControlledDocument(
            code=spec["code"],
            title=spec["title"],
            doc_type=spec["type"],
            owning_unit=_unit(spec["unit"]),
            owner=controller,
            procedure_codes=spec.get("procedures", ""),
        )
        document._history_user = controller
        document._change_reason = "Đăng ký tài liệu"
        document._history_date = _at("2019-02-15", 8)
        document.save()
        document.legal_bases.set([texts[n] for n in spec["legal"]])
        for rev in spec["revs"]:
            key = (rev.approved or "9999", spec["code"], rev.issue, rev.revision)
            events.append((key, document, rev, spec.get("attachment", False)))
    amendment_pending = texts["Nghị định 61/2018/NĐ-CP"].amended_by_id is None
    for key, document, rev, attachment in sorted(events, key=lambda e: e[0]):
        if amendment_pending and key[0] >= "2022-01-01":
            services.legal_text_mark_changed(
                legal_text=texts["Nghị định 61/2018/NĐ-CP"],
                amended_by=texts["Nghị định 107/2021/NĐ-CP"],
                user=controller,
                at=_at("2021-12-20", 14),
            )
            amendment_pending = False
        _replay_revision(document, rev, people, attachment)
    services.revisions_activate_due(today=timezone.localdate())
    _acknowledgements()
    stdout.write(
        f"Tài liệu ISO: {len({e[1].pk for e in events})} tài liệu mới, "
        f"{LegalText.objects.count()} văn bản pháp lý. "
        f"Người xem xét mẫu: xemxet / {DEMO_PASSWORD}"
    )


def _acknowledgements() -> None:
    """Staff of the commune and the office confirm reading what is in force."""
    readers = get_user_model().objects.filter(username__in=["canboxa", "bientap"])
    for reader in readers:
        unit_ids = set(reader.unit_memberships.values_list("unit_id", flat=True))
        for revision in DocumentRevision.objects.filter(
            status=RevisionStatus.IN_FORCE, document__owning_unit_id__in=unit_ids
        ).order_by("document__code")[:3]:
            services.acknowledge_read(revision=revision, user=reader)
