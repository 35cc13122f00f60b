"""Reusable checklists and their questions, each classified by ISO clause,
Circular 26 item or reform area. Editing them is ``checklist_services``' job."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.inspections.choices import C26Item, ChecklistKind, ReformArea
from qms.history import reason_field


class ChecklistTemplate(models.Model):
    """A reusable checklist (ISO 9001 audit, Circular 26, seven reform areas)."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=ChecklistKind.choices)
    active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        verbose_name = _("mẫu danh mục kiểm tra")
        verbose_name_plural = _("mẫu danh mục kiểm tra")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """A question of a template, classified by ISO clause or Circular 26 item."""

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("mẫu"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung kiểm tra"))
    iso_clause = models.CharField(
        _("điều khoản ISO 9001:2015"), max_length=16, blank=True
    )
    c26_item = models.CharField(
        _("nội dung theo Thông tư 26"),
        max_length=24,
        choices=C26Item.choices,
        blank=True,
    )
    reform_area = models.CharField(
        _("lĩnh vực cải cách hành chính"),
        max_length=24,
        choices=ReformArea.choices,
        blank=True,
    )

    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        verbose_name = _("câu hỏi kiểm tra")
        verbose_name_plural = _("câu hỏi kiểm tra")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"],
                name="checklist_item_unique_order",
                violation_error_message=_("Thứ tự câu hỏi bị trùng trong mẫu."),
            ),
            models.CheckConstraint(
                condition=~Q(iso_clause="") | ~Q(c26_item="") | ~Q(reform_area=""),
                name="checklist_item_classified",
                violation_error_message=_(
                    "Câu hỏi phải gắn với một điều khoản ISO 9001:2015, một nội "
                    "dung của Thông tư 26 hoặc một lĩnh vực cải cách hành chính."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"

    def classification(self) -> str:
        """The clause, Circular 26 item or reform area, as a short label."""
        parts = []
        if self.iso_clause:
            parts.append(f"ISO {self.iso_clause}")
        if self.c26_item:
            parts.append(str(self.get_c26_item_display()))
        if self.reform_area:
            parts.append(str(self.get_reform_area_display()))
        return " · ".join(parts)
