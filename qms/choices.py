"""The one-stop desk's vocabulary, shared by the catalogue and the dossiers.

A procedure offers channels and an online service level; a dossier arrives by
one channel at one level. Both use these choices, so a value means the same in
the catalogue, the dossier import, the push API and the Form 06 report.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a dossier reaches the one-stop desk (cách thức thực hiện / nộp)."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính công ích")


class OnlineLevel(models.TextChoices):
    """Online public-service level; replaced the older "mức độ 3/4" in 2022.

    A dossier that did not come online stores no level (blank), which the
    database enforces; ``NONE`` is a procedure offered only at the desk.
    """

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")
