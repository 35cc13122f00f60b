"""The annual inspection plan and the units it schedules (Circular 26 Art. 33)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.inspections.choices import InspectionMode
from qms.history import reason_field


class InspectionPlan(models.Model):
    """Annual inspection plan of an issuing unit (Circular 26 Art. 33)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    issuing_unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    title = models.CharField(_("tên kế hoạch"), max_length=300, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "issuing_unit"

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "issuing_unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "issuing_unit"],
                name="inspection_plan_unique_year_unit",
                violation_error_message=_(
                    "Đơn vị này đã có kế hoạch kiểm tra cho năm này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="inspection_plan_year_sane",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Kế hoạch kiểm tra năm {self.year}"


class PlanItem(models.Model):
    """One unit in a plan: on site or on file, in a planned month."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("kế hoạch"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    mode = models.CharField(
        _("hình thức"),
        max_length=10,
        choices=InspectionMode.choices,
        default=InspectionMode.ON_SITE,
    )
    planned_month = models.PositiveSmallIntegerField(_("tháng dự kiến"))

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("đơn vị trong kế hoạch")
        verbose_name_plural = _("đơn vị trong kế hoạch")
        ordering = ["planned_month", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                name="plan_item_unique_unit",
                violation_error_message=_("Đơn vị này đã có trong kế hoạch."),
            ),
            models.CheckConstraint(
                condition=Q(planned_month__gte=1) & Q(planned_month__lte=12),
                name="plan_item_month_1_12",
                violation_error_message=_("Tháng dự kiến phải từ 1 đến 12."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=InspectionMode.values),
                name="plan_item_mode_valid",
                violation_error_message=_("Hình thức kiểm tra không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.get_mode_display()} – T{self.planned_month}"
