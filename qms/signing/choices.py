"""What can be signed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignedKind(models.TextChoices):
    """The printouts that can be signed (issue 13, point 8)."""

    CONTROLLED_COPY = "controlled_copy", _("Bản kiểm soát tài liệu")
    INSPECTION_RECORD = "inspection_record", _("Biên bản kiểm tra")
    FORM06 = "form06", _("Báo cáo Mẫu 06")
    REVIEW_PACK = "review_pack", _("Hồ sơ xem xét của lãnh đạo")
