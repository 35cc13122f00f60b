"""Demo of the citizens' loop: feedback in three states and two dossiers to look up."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audits.dossiers.models import Dossier
from audits.dossiers.services import LOCAL_TZ, DossierRecord, dossiers_upsert
from audits.feedback.models import Feedback
from audits.feedback.services import feedback_answer, feedback_submit
from procedures.models import ProcedurePage
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit

#: Codes printed in the README: one resolved (may be rated), one pending.
DEMO_DOSSIER_RESOLVED = "H40.14089-250616-0001"
DEMO_DOSSIER_PENDING = "H40.14089-250625-0002"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def _dossiers(unit) -> None:
    if Dossier.objects.filter(code=DEMO_DOSSIER_RESOLVED).exists():
        return
    day = datetime.date
    dossiers_upsert(
        [
            DossierRecord(
                code=DEMO_DOSSIER_RESOLVED,
                procedure_code="1.001193",
                unit_id=unit.pk,
                channel="direct",
                online_level="",
                received_at=_at(day(2025, 6, 16), 9),
                due_at=_at(day(2025, 6, 20), 16),
                resolved_at=_at(day(2025, 6, 19), 15),
                status="",
            ),
            DossierRecord(
                code=DEMO_DOSSIER_PENDING,
                procedure_code="2.000815",
                unit_id=unit.pk,
                channel="online",
                online_level="partial",
                received_at=_at(day(2025, 6, 25), 10),
                due_at=_at(day(2025, 6, 27), 16),
                resolved_at=None,
                status="",
            ),
        ]
    )


@transaction.atomic
def load(*, stdout) -> None:
    """Three feedback items of Thị trấn Xuân Trường and two lookup dossiers."""
    unit = AdministrativeUnit.objects.filter(
        code="14089", level=UnitLevel.COMMUNE
    ).first()
    if unit is None:
        return
    _dossiers(unit)
    if Feedback.objects.filter(unit=unit).exists():
        stdout.write("Phản ánh, kiến nghị mẫu: đã có, không tạo thêm")
        return
    officer = get_user_model().objects.filter(username="canboxa").first()
    procedure = ProcedurePage.objects.live().filter(code="1.001193").first()
    now = timezone.now()
    answered = feedback_submit(
        kind="report",
        unit=unit,
        procedure=procedure,
        subject="Giấy hẹn ghi sai ngày trả kết quả khai sinh",
        content=(
            "Tôi nộp hồ sơ đăng ký khai sinh cho con sáng thứ Hai, giấy hẹn ghi "
            "trả kết quả sau 3 ngày, trong khi thủ tục niêm yết là trong ngày."
        ),
        name="Trần Văn Bình",
        phone="0912345678",
        consent_publish=True,
        now=now - datetime.timedelta(days=20),
    )
    if officer is not None:
        feedback_answer(
            feedback=answered,
            answer=(
                "UBND thị trấn cảm ơn ông đã phản ánh. Qua kiểm tra, công chức "
                "tiếp nhận đã ghi nhầm ngày hẹn; kết quả đã được trả ngay trong "
                "ngày hôm sau. Đơn vị đã nhắc nhở và rà soát lại mẫu giấy hẹn."
            ),
            verdict="justified",
            user=officer,
            today=(now - datetime.timedelta(days=14)).date(),
        )
    feedback_submit(
        kind="proposal",
        unit=unit,
        subject="Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa",
        content="Buổi sáng thứ Hai rất đông người, nhiều người già phải đứng chờ.",
        name="Nguyễn Thị Hoa",
        email="hoa.nguyen@example.com",
        consent_publish=True,
        now=now - datetime.timedelta(days=2),
    )
    feedback_submit(
        kind="report",
        unit=unit,
        subject="Chưa nhận được bản sao chứng thực đúng hẹn",
        content="Tôi nộp hồ sơ chứng thực bản sao đã lâu nhưng chưa được trả.",
        name="Phạm Văn Cường",
        phone="0987654321",
        now=now - datetime.timedelta(days=30),
    )
    stdout.write(
        "Phản ánh, kiến nghị mẫu: 3 (đã trả lời và công khai, đang xử lý, quá hạn); "
        f"hồ sơ tra cứu: {DEMO_DOSSIER_RESOLVED}, {DEMO_DOSSIER_PENDING}"
    )
