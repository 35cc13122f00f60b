"""Choices of the organisation model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    """Tier of an administrative unit, or an agency inside one."""

    PROVINCE = "province", _("Tỉnh / thành phố")
    DISTRICT = "district", _("Huyện / quận / thị xã")
    COMMUNE = "commune", _("Xã / phường / thị trấn / đặc khu")
    AGENCY = "agency", _("Cơ quan, đơn vị")


class Structure(models.TextChoices):
    """Which administrative structure a unit belongs to."""

    LEGACY = "legacy", _("Ba cấp (trước 01/07/2025)")
    CURRENT = "current", _("Hai cấp (từ 01/07/2025)")
