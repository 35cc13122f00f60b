"""Choices of quality objectives and the risk register."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectiveKind(models.TextChoices):
    """How an objective is measured: from a KPI of the system, or by hand."""

    ON_TIME_RATE = "on_time", _("Tỷ lệ hồ sơ giải quyết đúng hạn (từ hồ sơ)")
    PROCEDURES_POSTED = "posted", _("Tỷ lệ thủ tục được công khai trên cổng")
    SATISFACTION = "satisfaction", _("Tỷ lệ hài lòng (từ khảo sát)")
    MANUAL = "manual", _("Đo thủ công, kèm bằng chứng")


class Comparison(models.TextChoices):
    """Which side of the target meets it."""

    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


class ObjectiveStatus(models.TextChoices):
    """Outcome of a measurement."""

    MET = "met", _("Đạt")
    MISSED = "missed", _("Không đạt")
    NOT_MEASURABLE = "pending", _("Chưa đo được")


class RiskKind(models.TextChoices):
    """A risk (a threat to the process) or an opportunity (a chance to improve)."""

    RISK = "risk", _("Rủi ro")
    OPPORTUNITY = "opportunity", _("Cơ hội")


class RiskStatus(models.TextChoices):
    """Whether the register still follows the risk."""

    OPEN = "open", _("Đang theo dõi")
    CLOSED = "closed", _("Đã đóng")


class RiskLevel(models.TextChoices):
    """Level of likelihood × impact on the 5 × 5 matrix."""

    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")
    CRITICAL = "critical", _("Rất cao")
