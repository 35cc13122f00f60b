"""Choices of document control."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentType(models.TextChoices):
    """Kinds of documented information (ISO 9001:2015 clause 7.5)."""

    QUALITY_MANUAL = "manual", _("Sổ tay chất lượng")
    POLICY = "policy", _("Chính sách và mục tiêu chất lượng")
    PROCESS = "process", _("Quy trình")
    INSTRUCTION = "instruction", _("Hướng dẫn công việc")
    FORM = "form", _("Biểu mẫu")
    # "Hồ sơ" is also a citizen's dossier: the context keeps the translations apart.
    RECORD = "record", pgettext_lazy("ISO documented information", "Hồ sơ")


class RevisionStatus(models.TextChoices):
    """Where a revision stands in draft → submitted → reviewed → approved → in force."""

    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình xem xét")
    REVIEWED = "reviewed", _("Đã xem xét")
    APPROVED = "approved", _("Đã phê duyệt, chờ hiệu lực")
    IN_FORCE = "in_force", _("Đang hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    OBSOLETE = "obsolete", _("Hết hiệu lực")
