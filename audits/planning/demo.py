"""Demo planning records of Huyện Xuân Trường for 2022, the demo dossiers' year.

Objectives of the district and of Thị trấn Xuân Trường measured from the demo
dossiers, surveys and procedure pages (met), and a training objective recorded
by hand that was missed and raised a nonconformity; a few risks of the
one-stop process with actions, some reviewed for effectiveness. Saved with
change reasons, so the history reads like real use. Idempotent.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from audits.inspections.demo import DISTRICT_CODE, YEAR, legacy_unit
from audits.planning.choices import ObjectiveKind, RiskKind
from audits.planning.models import QualityObjective, Risk, RiskAction
from audits.planning.services import objective_raise_nonconformity
from qms.history import save_with_history
from qms.organisation.choices import UnitLevel

REASON = "Dữ liệu mẫu: kế hoạch chất lượng năm 2022"


def _objectives(district, commune, owner, officer) -> list[QualityObjective]:
    plan = {
        "plan_who": "Bộ phận Tiếp nhận và Trả kết quả",
        "plan_when": f"Cả năm {YEAR}, đánh giá hằng quý",
        "plan_resources": "Phần mềm một cửa điện tử; 2 công chức một cửa mỗi xã",
    }
    rows = [
        QualityObjective(
            unit=district,
            year=YEAR,
            title="≥ 95% hồ sơ được giải quyết đúng hạn",
            kind=ObjectiveKind.ON_TIME_RATE,
            target=Decimal(95),
            owner=owner,
            plan_what="Theo dõi hồ sơ sắp đến hạn hằng ngày; nhắc việc trước 1 ngày.",
            **plan,
        ),
        QualityObjective(
            unit=district,
            year=YEAR,
            title="100% thủ tục hành chính được công khai trên cổng",
            kind=ObjectiveKind.PROCEDURES_POSTED,
            target=Decimal(100),
            owner=owner,
            plan_what="Rà soát danh mục TTHC mỗi khi có quyết định công bố mới.",
            **plan,
        ),
        QualityObjective(
            unit=commune,
            year=YEAR,
            title="≥ 98% hồ sơ được giải quyết đúng hạn",
            kind=ObjectiveKind.ON_TIME_RATE,
            target=Decimal(98),
            owner=officer,
            plan_what="Phân công công chức theo dõi hồ sơ hộ tịch, chứng thực.",
            **plan,
        ),
        QualityObjective(
            unit=commune,
            year=YEAR,
            title="Tỷ lệ hài lòng ≥ 90%",
            kind=ObjectiveKind.SATISFACTION,
            target=Decimal(90),
            owner=officer,
            plan_what="Phát phiếu khảo sát cho người dân sau khi trả kết quả.",
            **plan,
        ),
        QualityObjective(
            unit=commune,
            year=YEAR,
            title="100% công chức một cửa được tập huấn ISO 9001:2015",
            kind=ObjectiveKind.MANUAL,
            target=Decimal(100),
            owner=officer,
            plan_what="Cử công chức dự lớp tập huấn của huyện.",
            method="Số công chức đã có giấy chứng nhận / số công chức một cửa.",
            measured_value=Decimal(75),
            measured_on=datetime.date(YEAR, 12, 20),
            evidence_note="3/4 công chức đã dự lớp tập huấn tháng 9/2022.",
            **plan,
        ),
    ]
    for objective in rows:
        save_with_history(objective, user=owner, reason=REASON)
    return rows


def _risks(district, commune, owner, officer) -> int:
    risks = [
        (
            commune,
            "Tiếp nhận và trả kết quả hồ sơ hộ tịch",
            RiskKind.RISK,
            "Hồ sơ trễ hạn khi công chức tư pháp nghỉ phép",
            "Chỉ một công chức được phân quyền ký số trên phần mềm",
            "Hồ sơ quá hạn, người dân phải đi lại nhiều lần",
            4,
            4,
        ),
        (
            commune,
            "Chứng thực bản sao",
            RiskKind.RISK,
            "Thu sai lệ phí chứng thực từ trang thứ ba",
            "Biểu mức thu chưa niêm yết tại quầy",
            "Khiếu nại, phải hoàn trả lệ phí",
            2,
            3,
        ),
        (
            district,
            "Kiểm soát tài liệu",
            RiskKind.RISK,
            "Quy trình chưa cập nhật văn bản pháp luật mới trong 3 tháng",
            "Không có người theo dõi văn bản mới ban hành",
            "Giải quyết hồ sơ theo quy định đã hết hiệu lực",
            3,
            4,
        ),
        (
            district,
            "Tiếp nhận hồ sơ trực tuyến",
            RiskKind.OPPORTUNITY,
            "Mở rộng dịch vụ công trực tuyến toàn trình cho thủ tục hộ tịch",
            "Cổng Dịch vụ công quốc gia đã hỗ trợ liên thông khai sinh",
            "Giảm số lần người dân phải đến trụ sở",
            3,
            3,
        ),
    ]
    reviewer = owner
    for unit, process, kind, title, cause, consequence, likelihood, impact in risks:
        risk = Risk(
            unit=unit,
            process=process,
            kind=kind,
            title=title,
            cause=cause,
            consequence=consequence,
            likelihood=likelihood,
            impact=impact,
            owner=officer if unit == commune else owner,
            identified_on=datetime.date(YEAR, 1, 15),
        )
        save_with_history(risk, user=owner, reason=REASON)
    first, second, third, _fourth = Risk.objects.filter(
        unit__in=[district, commune]
    ).order_by("pk")[:4]
    actions = [
        RiskAction(
            risk=first,
            action="Phân quyền ký số cho công chức thứ hai; lập lịch trực thay.",
            owner=officer,
            due_date=datetime.date(YEAR, 3, 31),
            done_on=datetime.date(YEAR, 3, 25),
            reviewed_on=datetime.date(YEAR, 9, 30),
            reviewer=reviewer,
            effective=False,
            review_note="Quý III vẫn có 12 hồ sơ quá hạn khi nghỉ phép: chưa hiệu lực.",
        ),
        RiskAction(
            risk=second,
            action="Niêm yết biểu mức thu lệ phí chứng thực tại quầy.",
            owner=officer,
            due_date=datetime.date(YEAR, 2, 28),
            done_on=datetime.date(YEAR, 2, 20),
            reviewed_on=datetime.date(YEAR, 6, 30),
            reviewer=reviewer,
            effective=True,
            review_note="Không còn phản ánh về lệ phí trong quý II.",
        ),
        RiskAction(
            risk=third,
            action="Giao Phòng Tư pháp rà soát văn bản mới hằng tháng.",
            owner=owner,
            due_date=datetime.date(YEAR, 12, 31),
        ),
    ]
    for action in actions:
        save_with_history(action, user=owner, reason=REASON)
    return len(risks)


def load(*, stdout) -> None:
    """The district's and the commune's 2022 objectives and risks, once."""
    district = legacy_unit(DISTRICT_CODE, UnitLevel.DISTRICT)
    commune = legacy_unit("14089", UnitLevel.COMMUNE)
    if QualityObjective.objects.filter(unit__in=[district, commune]).exists():
        return
    users = get_user_model().objects
    owner = users.get(username="pheduyet")
    officer = users.filter(username="canboxa").first() or owner
    objectives = _objectives(district, commune, owner, officer)
    count = _risks(district, commune, owner, officer)
    objective_raise_nonconformity(objective=objectives[-1], user=owner)
    stdout.write(
        f"Mục tiêu chất lượng mẫu: {len(objectives)} mục tiêu năm {YEAR}; "
        f"sổ rủi ro: {count} mục"
    )
