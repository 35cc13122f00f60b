"""Citizen feedback (phản ánh, kiến nghị) about a procedure or a unit.

Filed on the public site without an account; routed to the responsible unit;
answered within the legal time limit counted in working days
(``qms.calendar``). The submitter's name, phone and e-mail are kept for the
unit only: nothing personal is ever published. Writes go through
``audits.feedback.services`` with the change reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.feedback.choices import FeedbackKind, FeedbackStatus, Verdict
from qms.history import reason_field


class Feedback(models.Model):
    """One piece of feedback, its routing, time limit and answer."""

    code = models.CharField(_("mã theo dõi"), max_length=20, unique=True)
    kind = models.CharField(
        _("loại"), max_length=10, choices=FeedbackKind.choices, default="report"
    )
    procedure = models.ForeignKey(
        "procedures.ProcedurePage",
        verbose_name=_("thủ tục hành chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))
    # personal data: shown to the unit's staff, never on the public site
    name = models.CharField(_("họ và tên"), max_length=100)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    consent_publish = models.BooleanField(
        _("đồng ý công khai câu trả lời"), default=False
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    received_on = models.DateField(_("ngày tiếp nhận"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    verdict = models.CharField(
        _("đánh giá"), max_length=12, choices=Verdict.choices, blank=True
    )
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(
        history_change_reason_field=reason_field(),
        excluded_fields=["name", "phone", "email"],
    )

    #: Commune scope (qms.organisation.scoping).
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "received_on"], name="feedback_unit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received")
                | (~Q(answer="") & ~Q(verdict="") & Q(answered_on__isnull=False)),
                name="feedback_answered_has_answer",
                violation_error_message=_(
                    "Phản ánh đã trả lời phải có nội dung trả lời, đánh giá và ngày."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    @property
    def admin_url(self) -> str:
        """This record's page in the admin (linked from what it raised)."""
        return reverse("audits_feedback_admin:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Answered, and the submitter agreed to publication."""
        return self.status == FeedbackStatus.ANSWERED and self.consent_publish

    def is_overdue(self, today) -> bool:
        """Unanswered past its due date, or answered after it."""
        if self.status == FeedbackStatus.ANSWERED:
            return self.answered_on > self.due_on
        return today > self.due_on
