"""Choices of the dossier KPI records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    """How a closed dossier left the office when it was not resolved."""

    NORMAL = "", _("Bình thường")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    RETURNED = "returned", _("Trả lại hồ sơ")


class Outcome(models.TextChoices):
    """Derived at write time: how the dossier ended, for the Form 06 report.

    ``open`` while unresolved; ``early``/``on_time``/``late`` compare the
    resolution date with the due date (dates in Asia/Ho_Chi_Minh);
    ``withdrawn`` covers withdrawn and returned dossiers, never resolved.
    """

    OPEN = "open", _("Đang giải quyết")
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
    WITHDRAWN = "withdrawn", _("Rút / trả lại")


class Rating(models.TextChoices):
    """One-stop rating of Circular 01/2018/TT-VPCP Art. 15."""

    EXCELLENT = "excellent", _("Xuất sắc")
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class SatisfactionLevel(models.TextChoices):
    """The citizen's answer in the online survey after a dossier."""

    VERY_SATISFIED = "very", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


#: Levels counted as satisfied, like the "hài lòng" column of imported surveys.
SATISFIED_LEVELS = (SatisfactionLevel.VERY_SATISFIED, SatisfactionLevel.SATISFIED)
