"""Management review (ISO 9001:2015 9.3): the meeting and the actions it decided.

Both carry ``HistoricalRecords``; ``audits.reviews.services`` writes them with
the change reason.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.history import reason_field


class ManagementReview(models.Model):
    """A management review meeting (ISO 9001:2015 9.3) over a period."""

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="management_reviews",
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    meeting_date = models.DateField(_("ngày họp"), null=True, blank=True)
    chair = models.CharField(_("chủ trì"), max_length=200, blank=True)
    minutes = models.TextField(_("nội dung, kết luận cuộc họp"), blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("xem xét của lãnh đạo")
        verbose_name_plural = _("xem xét của lãnh đạo")
        ordering = ["-period_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=F("period_to")),
                name="management_review_period_ordered",
                violation_error_message=_("Kỳ xem xét: từ ngày phải trước đến ngày."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Xem xét của lãnh đạo {self.period_from:%d/%m/%Y}–"
            f"{self.period_to:%d/%m/%Y}"
        )


class ReviewAction(models.Model):
    """A decision of a management review, tracked as an action until done."""

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("cuộc họp xem xét"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    decision = models.TextField(_("quyết định"))
    owner_unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="review_actions",
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "owner_unit"

    class Meta:
        verbose_name = _("việc sau xem xét của lãnh đạo")
        verbose_name_plural = _("việc sau xem xét của lãnh đạo")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.decision[:80]
