"""Demo management review: Huyện Xuân Trường's review of 2022, with two decisions.

Runs after the demo inspections (it reviews their results) and goes through the
services, so the history reads like real use. Idempotent.
"""

import datetime

from django.contrib.auth import get_user_model

from audits.inspections.demo import DISTRICT_CODE, YEAR, legacy_unit
from audits.reviews import services
from audits.reviews.models import ManagementReview
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit


def review_load(district: AdministrativeUnit) -> bool:
    """The 2022 management review of the district, once, with two decisions."""
    if ManagementReview.objects.filter(unit=district).exists():
        return False
    chair = get_user_model().objects.get(username="pheduyet")
    agency = AdministrativeUnit.objects.filter(code="364.MC").first() or district
    review = services.management_review_record(
        unit=district,
        period_from=datetime.date(YEAR, 1, 1),
        period_to=datetime.date(YEAR, 12, 31),
        meeting_date=datetime.date(YEAR + 1, 1, 12),
        chair="Phạm Đức Minh, Phó Chủ tịch UBND huyện",
        minutes="Hệ thống được duy trì; 4 điểm không phù hợp năm 2022, 1 hành "
        "động khắc phục quá hạn tại Xã Xuân Châu. Thống nhất hai quyết định.",
        decisions=[
            (
                "Tập huấn quy trình kiểm soát hồ sơ cho công chức một cửa cấp xã.",
                agency,
                datetime.date(YEAR + 1, 3, 31),
            ),
            (
                "Xã Xuân Châu hoàn thành đánh giá nội bộ và báo cáo kết quả.",
                legacy_unit("14092", UnitLevel.COMMUNE),
                datetime.date(YEAR + 1, 2, 28),
            ),
        ],
        user=chair,
    )
    services.review_action_done(
        action=review.actions.order_by("due_date").last(),
        done_on=datetime.date(YEAR + 1, 3, 20),
        result="Đã tập huấn 28 công chức ngày 20/03/2023.",
        user=chair,
    )
    return True


def load(*, stdout) -> None:
    """The district's 2022 management review, once."""
    district = legacy_unit(DISTRICT_CODE, UnitLevel.DISTRICT)
    if review_load(district):
        stdout.write("Xem xét của lãnh đạo mẫu: năm 2022, 2 quyết định")
