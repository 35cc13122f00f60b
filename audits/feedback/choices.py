"""Choices of citizen feedback (phản ánh, kiến nghị)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackKind(models.TextChoices):
    """What the citizen sends: a report of a problem, or a proposal."""

    REPORT = "report", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị")


class FeedbackStatus(models.TextChoices):
    """Where the feedback is; "overdue" is derived from the due date, not stored."""

    RECEIVED = "received", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")


class Verdict(models.TextChoices):
    """The unit's assessment of the feedback when it answers."""

    JUSTIFIED = "justified", _("Có cơ sở (đúng)")
    UNJUSTIFIED = "unjustified", _("Không có cơ sở")
